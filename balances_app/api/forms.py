"""Stripe's form encoding: `a[b][c]=1` nests, `a[]=1&a[]=2` lists, `a[0]=1` indexes."""

from __future__ import annotations

import itertools
import re
from typing import Any
from urllib.parse import parse_qsl

from balances_app.domain.errors import invalid

_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")


def parse_form(body: str) -> dict[str, Any]:
    """Parse a form-encoded body into nested dicts and lists, as Stripe's API reads it."""
    result: dict[str, Any] = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        match = _KEY.match(key)
        if not match:
            raise invalid(key, f"Invalid parameter name: {key}", code="parameter_unknown")
        path = [match.group(1), *re.findall(r"\[([^\[\]]*)\]", match.group(2))]
        _assign(result, path, value, key)
    return _lists_from_indexes(result)


def _assign(target: dict[str, Any], path: list[str], value: str, key: str) -> None:
    node: Any = target
    for part, next_part in itertools.pairwise(path):
        child = node.get(part)
        if child is None:
            child = [] if next_part == "" else {}
            node[part] = child
        if not isinstance(child, (dict, list)) or (next_part == "") != isinstance(child, list):
            raise invalid(key, f"Conflicting values for parameter: {key}")
        node = child
    last = path[-1]
    if last == "":
        if not isinstance(node, list):
            raise invalid(key, f"Conflicting values for parameter: {key}")
        node.append(value)
    elif isinstance(node.get(last), (dict, list)):
        raise invalid(key, f"Conflicting values for parameter: {key}")
    else:
        node[last] = value


def _lists_from_indexes(value: Any) -> Any:
    if isinstance(value, dict):
        converted = {k: _lists_from_indexes(v) for k, v in value.items()}
        if converted and all(k.isdigit() for k in converted):
            return [converted[k] for k in sorted(converted, key=int)]
        return converted
    if isinstance(value, list):
        return [_lists_from_indexes(v) for v in value]
    return value
