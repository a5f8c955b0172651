"""Drive `wrk` (a C load generator, so the client is not the ceiling) and read its figures back.

Python clients top out near 250 requests a second on this machine, which hid our own numbers;
wrk does not. Each run counts the answers that were not 2xx, so a row that would compare our
successes with another server's errors says so instead of hiding it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

# A unique Idempotency-Key per request: each wrk thread numbers its own requests.
LUA = """
local thread_counter = 0
function setup(thread)
  thread_counter = thread_counter + 1
  thread:set("tid", thread_counter)
end
wrk.method = "{method}"
wrk.body = {body}
{headers}
local n = 0
function request()
  n = n + 1
  {key_line}
  return wrk.format()
end
"""


@dataclass(frozen=True)
class Load:
    """One request shape: what wrk sends again and again."""

    method: str = "GET"
    path: str = "/"
    body: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    unique_key: bool = False  # a fresh Idempotency-Key on every request


@dataclass(frozen=True)
class Result:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    failed: int  # non-2xx/3xx answers plus socket errors

    @property
    def ok_per_second(self) -> float:
        """Only successful answers count when rows are compared."""
        if not self.requests:
            return 0.0
        return self.requests_per_second * (self.requests - self.failed) / self.requests


def _lua(load: Load, run_id: str) -> str:
    headers = "\n".join(f'wrk.headers["{name}"] = "{value}"' for name, value in load.headers)
    if load.method == "POST":
        headers += '\nwrk.headers["Content-Type"] = "application/x-www-form-urlencoded"'
    key_line = f'wrk.headers["Idempotency-Key"] = "{run_id}-" .. tid .. "-" .. n' if load.unique_key else ""
    body = f'"{load.body}"' if load.body else "nil"
    return LUA.format(method=load.method, body=body, headers=headers, key_line=key_line)


def _milliseconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def parse(output: str) -> Result:
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    p50 = _milliseconds(re.search(r"\s50%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    p99 = _milliseconds(re.search(r"\s99%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    failed = int(non_2xx.group(1)) if non_2xx else 0
    failed += sum(int(n) for n in errors.groups()) if errors else 0
    return Result(rate, p50, p99, total, min(failed, total))


def run(base: str, load: Load, connections: int, seconds: int, run_id: str) -> Result:
    """One wrk run; wrk's own threads never exceed its connections."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk (make bench does it)")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_lua(load, run_id))
    try:
        command = [
            wrk,
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            script.name,
            base + load.path,
        ]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    finally:
        Path(script.name).unlink()
    return parse(output)
