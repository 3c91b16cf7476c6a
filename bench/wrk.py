"""Run wrk against one address and read its report."""

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass
class Load:
    """How hard and how long to drive a target."""

    seconds: int = 5
    threads: int = 2
    connections: int = 16


@dataclass
class Result:
    """What one wrk run measured."""

    requests: int
    rate: float
    p50_ms: float
    p99_ms: float
    errors: int
    # Lines the Lua script printed in done() (the posting script counts its answers).
    extra: str


def _millis(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def parse(output: str) -> Result:
    """Read requests, rate, latency percentiles and errors from wrk's --latency report."""
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _millis(re.search(r"\s50%\s+(\S+)", output).group(1))
    p99 = _millis(re.search(r"\s99%\s+(\S+)", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = int(bad.group(1)) if bad else 0
    # Read errors are how a sync worker's "Connection: close" shows up; only the rest count.
    if sockets:
        errors += int(sockets.group(1)) + int(sockets.group(3)) + int(sockets.group(4))
    extra = "\n".join(line for line in output.splitlines() if line.startswith("bench:"))
    return Result(requests, rate, p50, p99, errors, extra)


def run(
    url: str, load: Load, headers: dict[str, str] | None = None, script: Path | None = None,
    script_args: list[str] | None = None,
) -> Result:  # fmt: skip
    """Drive ``url`` for the load's duration and return what wrk measured."""
    command = ["wrk", "--latency", f"-t{load.threads}", f"-c{load.connections}"]
    command += [f"-d{load.seconds}s", "--timeout", "10s"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", str(script)]
    command.append(url)
    if script_args:
        command += ["--", *script_args]
    output = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=load.seconds + 30
    ).stdout
    return parse(output)
