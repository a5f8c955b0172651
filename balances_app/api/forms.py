"""Stripe's form encoding: `a[b][c]=1` nests, `a[]=1&a[]=2` lists, `a[0]=1` indexes.

Hostile input is refused here with a 400 before anything else sees it: bodies that are not
UTF-8, NUL characters (PostgreSQL's text cannot hold them), too many parameters, names nested
too deep or too long, values too long, `[]` anywhere but at the end of a name. The limits are in `api.limits`.
"""

from __future__ import annotations

import itertools
import re
from typing import Any
from urllib.parse import parse_qsl

from balances_app.api import limits
from balances_app.domain.errors import StripeError, invalid

_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")
_PART = re.compile(r"\[([^\[\]]*)\]")
_INDEX = re.compile(r"^[0-9]{1,9}$")


def _shown(key: str) -> str:
    return key if len(key) <= 60 else key[:60] + "…"


def parse_form(body: bytes | str) -> dict[str, Any]:
    """Parse a form-encoded body (or query string) into nested dicts and lists, as Stripe's API reads it."""
    if isinstance(body, bytes):
        try:
            body = body.decode("utf-8")
        except UnicodeDecodeError:
            raise StripeError("The request body is not valid UTF-8.", code="parameter_invalid") from None
    try:
        pairs = parse_qsl(body, keep_blank_values=True, errors="strict", max_num_fields=limits.MAX_PARAMS)
    except UnicodeDecodeError:
        raise StripeError("A percent-encoded parameter is not valid UTF-8.", code="parameter_invalid") from None
    except ValueError:
        raise StripeError(f"Too many parameters: the limit is {limits.MAX_PARAMS}.", code="parameter_invalid") from None
    result: dict[str, Any] = {}
    for key, value in pairs:
        _assign(result, _path_of(key), value, key)
    return {name: _lists_from_indexes(value) for name, value in result.items()}


def _path_of(key: str) -> list[str]:
    if len(key) > limits.MAX_KEY_LENGTH:
        raise invalid(_shown(key), f"Parameter names may be up to {limits.MAX_KEY_LENGTH} characters.")
    match = _KEY.match(key)
    if not match:
        raise invalid(_shown(key), f"Invalid parameter name: {_shown(key)}", code="parameter_unknown")
    path = [match.group(1), *_PART.findall(match.group(2))]
    if len(path) > limits.MAX_DEPTH:
        raise invalid(_shown(key), f"Parameters may nest at most {limits.MAX_DEPTH} levels deep.")
    if "" in path[:-1]:
        raise invalid(_shown(key), f"Invalid array: [] may only end a parameter name ({_shown(key)}).")
    return path


def _assign(target: dict[str, Any], path: list[str], value: str, key: str) -> None:
    if len(value) > limits.MAX_VALUE_LENGTH:
        raise invalid(_shown(key), f"Values may be up to {limits.MAX_VALUE_LENGTH} characters.")
    if "\x00" in key or "\x00" in value:
        raise invalid(_shown(key), f"Parameters may not contain NUL characters (%00): {_shown(key)}.")
    node: Any = target
    for part, next_part in itertools.pairwise(path):
        child = node.get(part)
        if child is None:
            child = [] if next_part == "" else {}
            node[part] = child
        if not isinstance(child, (dict, list)) or (next_part == "") != isinstance(child, list):
            raise invalid(_shown(key), f"Conflicting values for parameter: {_shown(key)}")
        node = child
    last = path[-1]
    if last == "":
        node.append(value)
    elif isinstance(node.get(last), (dict, list)):
        raise invalid(_shown(key), f"Conflicting values for parameter: {_shown(key)}")
    else:
        node[last] = value


def _lists_from_indexes(value: Any) -> Any:
    """`a[1]=b&a[0]=a` is the list ['a', 'b'] (indexes are ASCII digits, in order)."""
    if isinstance(value, dict):
        converted = {k: _lists_from_indexes(v) for k, v in value.items()}
        if converted and all(_INDEX.match(k) for k in converted):
            if max(int(k) for k in converted) >= limits.MAX_LIST_INDEX:
                raise StripeError(f"List indexes go up to {limits.MAX_LIST_INDEX - 1}.", code="parameter_invalid")
            return [converted[k] for k in sorted(converted, key=int)]
        return converted
    if isinstance(value, list):
        return [_lists_from_indexes(v) for v in value]
    return value
