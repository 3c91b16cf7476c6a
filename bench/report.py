"""Measuring each target in alternation, and the one table that reports the run."""

import html
import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench import wrk
from bench.servers import Server

ROW = "{:<28} {:>9} {:>9} {:>9} {:>10} {:>10} {:>7}"


@dataclass
class Target:
    """One thing wrk drives; ``server`` is the gunicorn whose workers' CPU time counts."""

    name: str
    server: Server | None
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    script: Path | None = None
    script_args: list[str] = field(default_factory=list)


@dataclass
class Figures:
    """A target's runs, one per round."""

    runs: list[wrk.Result] = field(default_factory=list)
    cpu_seconds: float = 0.0
    queued_seconds: float = 0.0

    @property
    def rate(self) -> float:
        return statistics.mean(r.rate for r in self.runs)

    @property
    def requests(self) -> int:
        return sum(r.requests for r in self.runs)

    def cpu_ms(self) -> float | None:
        return 1000 * self.cpu_seconds / self.requests if self.cpu_seconds else None

    def queued_ms(self) -> float | None:
        return 1000 * self.queued_seconds / self.requests if self.queued_seconds else None


def form_value(page: str, name: str) -> str:
    """Return the value of the named input in a page."""
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
    return html.unescape(re.search(r'value="([^"]*)"', tag).group(1))


def cache_status(proxy: Server, fetch: Callable) -> str:
    """Ask for the article twice through nginx; return both X-Cache-Status answers."""
    answers = [fetch(f"{proxy.url}/bench-100/")[1].get("X-Cache-Status") for _ in range(2)]
    return " then ".join(str(a) for a in answers)


def _usage(server: Server | None) -> tuple[float, float]:
    """Return a server's workers' CPU time and time spent waiting for a CPU, in seconds."""
    return (server.cpu_seconds(), server.queued_seconds()) if server else (0.0, 0.0)


def measure(plan: list[Target], load: wrk.Load, rounds: int) -> dict[str, Figures]:
    """Drive every target once per round, in the same order each round (A B A B)."""
    results = {target.name: Figures() for target in plan}
    for number in range(1, rounds + 1):
        for position, target in enumerate(plan):
            before = _usage(target.server)
            # Round and target number keep every run's comments new (a repeat is a duplicate).
            extra = [*target.script_args, f"{number}.{position}"] if target.script else []
            result = wrk.run(target.url, load, target.headers, target.script, extra)
            after = _usage(target.server)
            figures = results[target.name]
            figures.runs.append(result)
            figures.cpu_seconds += after[0] - before[0]
            figures.queued_seconds += after[1] - before[1]
            print(f"round {number}: {target.name}: {result.rate:,.0f}/s {result.extra}")
    return results


def posted(figures: Figures) -> tuple[int, int]:
    """Sum the posting script's counts: answers 303 (stored) and any other answer."""
    ok = other = 0
    for run in figures.runs:
        numbers = re.search(r"bench: posted (\d+) (\d+)", run.extra)
        ok, other = ok + int(numbers.group(1)), other + int(numbers.group(2))
    return ok, other


def rows(results: dict[str, Figures]) -> list[str]:
    """Format one line per target."""
    lines = [ROW.format("target", "req/s", "p50 ms", "p99 ms", "CPU ms/req", "CPU wait", "errors")]
    for name, figures in results.items():
        cpu, queued = figures.cpu_ms(), figures.queued_ms()
        lines.append(
            ROW.format(
                name, f"{figures.rate:,.0f}",
                f"{statistics.mean(r.p50_ms for r in figures.runs):.2f}",
                f"{statistics.mean(r.p99_ms for r in figures.runs):.2f}",
                f"{cpu:.2f}" if cpu is not None else "-",
                f"{queued:.2f}" if queued is not None else "-",
                sum(r.errors for r in figures.runs),
            )
        )  # fmt: skip
    return lines


def verdict(label: str, value: float, target: float, at_least: bool = True) -> str:
    """Say how a figure compares with its target."""
    met = value >= target if at_least else value <= target
    sign = "≥" if at_least else "≤"
    return f"{label:<44} {value:8.2f}   target {sign} {target:<6} {'met' if met else 'MISSED'}"


def targets_met(results: dict[str, Figures], stored: int) -> list[str]:
    """Compare the run's ratios and posting figures with the issue's targets."""
    rate = {name: figures.rate for name, figures in results.items()}
    ok, other = posted(results["posting a comment"])
    cpu = {name: figures.cpu_ms() for name, figures in results.items()}
    return [
        verdict("article(100) / bare WSGI", rate["article, 100 comments"]
                / rate["bare WSGI, same bytes"], 0.5),
        verdict("  the same by CPU per request (bare / article)", cpu["bare WSGI, same bytes"]
                / cpu["article, 100 comments"], 0.5),
        verdict("behind nginx / nginx static", rate["article 100 behind nginx"]
                / rate["nginx static, same bytes"], 0.8),
        verdict("comments posted per second (16 concurrent)", rate["posting a comment"], 500),
        f"posting: {ok:,} answered 303, {other:,} other answers, {stored:,} stored "
        f"({'none lost' if stored >= ok and other == 0 else 'LOST OR REFUSED SOME'}; stored may "
        "exceed 303s by the posts in flight when wrk stopped)",
    ]  # fmt: skip


def queue_verdict(queue: str) -> list[str]:
    """Compare the worst queue ratio (100k / 1k) printed by queue_scale.py with its target."""
    ratios = [float(r) for r in re.findall(r"ratio ([\d.]+)", queue)]
    return (
        [verdict("queue first page, 100k / 1k (worst tab)", max(ratios), 1.5, False)]
        if ratios
        else []
    )


def table(results, stored, memory, queue, options, page_bytes) -> str:  # noqa: ANN001
    """Return the whole report as text."""
    lines = [
        "",
        f"gunicorn: {options.workers} sync workers, {options.threads} thread(s) each; "
        f"wrk: 2 threads, {options.connections} connections, {options.seconds} s per run, "
        f"{options.rounds} rounds; article(100) page {page_bytes:,} bytes",
        "CPU ms/req: the gunicorn workers' user + system time per answer; CPU wait: the time "
        "per answer they were ready to run but waited for a core (the machine's other load)",
        "",
        *rows(results),
        "",
        *targets_met(results, stored),
        "",
        "memory per site worker after the load (RSS): "
        + ", ".join(f"{mb:.0f} MB" for mb in memory),
        "",
        "queue's first page (bench/queue_scale.py):",
        queue,
        *queue_verdict(queue),
    ]
    return "\n".join(lines)
