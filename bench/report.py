"""Measuring each target in alternation, and the one table that reports the run."""

import html
import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench import wrk
from bench.servers import Server

ROW = "{:<34} {:>9} {:>9} {:>9} {:>10} {:>10} {:>7}"
# The targets the verdicts compare, by name.
ARTICLE = "article, 100 comments"
REMEMBERED = "article 100, saved-name cookie"
BARE = "bare WSGI, same bytes"
STATIC = "nginx static, same bytes"
PROXIED = "article 100 behind nginx"
PEER_READ = "Isso: read 100 comments"
POSTING = "posting a comment"
PEER_POST = "Isso: posting a comment"
DUPLICATE = "refused: duplicate, + its page"
INVALID = "refused: no name, + its page"


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
    """Sum the posting script's counts: answers that stored a comment, and any other answer."""
    ok = other = 0
    for run in figures.runs:
        numbers = re.search(r"bench: posted (\d+) (\d+)", run.extra)
        ok, other = ok + int(numbers.group(1)), other + int(numbers.group(2))
    return ok, other


def refused(figures: Figures) -> tuple[int, int, int]:
    """Sum bench/refused.lua's counts: posts sent back, form pages shown, other answers."""
    total = [0, 0, 0]
    for run in figures.runs:
        numbers = re.search(r"bench: refused (\d+) (\d+) (\d+)", run.extra).groups()
        total = [t + int(n) for t, n in zip(total, numbers, strict=True)]
    return total[0], total[1], total[2]


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


def verdict(label: str, value: float | None, target: float, at_least: bool = True) -> str:
    """Say how a figure compares with its target."""
    sign = "≥" if at_least else "≤"
    if value is None:
        return f"{label:<52} {'-':>8}   target {sign} {target:<6} not measured"
    met = value >= target if at_least else value <= target
    return f"{label:<52} {value:8.2f}   target {sign} {target:<6} {'met' if met else 'MISSED'}"


def ratio(label: str, value: float | None) -> str:
    """Print a ratio that has no target of its own."""
    shown = f"{value:8.2f}" if value is not None else f"{'-':>8}"
    return f"{label:<52} {shown}"


def _over(a: float | None, b: float | None) -> float | None:
    return a / b if a and b else None


def lost(name: str, ok: int, other: int, stored: int) -> str:
    """Say whether every answered post was stored."""
    whole = stored >= ok and other == 0
    return (
        f"{name}: {ok:,} answered as stored, {other:,} other answers, {stored:,} stored "
        f"({'none lost' if whole else 'LOST OR REFUSED SOME'})"
    )


def refused_cpu_ms(figures: Figures) -> float | None:
    """Return the CPU of one refused post and the page it sends the form back on."""
    sent_back = refused(figures)[0]
    return 1000 * figures.cpu_seconds / sent_back if sent_back and figures.cpu_seconds else None


def targets_met(results: dict[str, Figures], stored: tuple[int, int]) -> list[str]:
    """Compare the run's ratios with the targets: against Isso, against the ceilings."""
    rate = {name: figures.rate for name, figures in results.items()}
    cpu = {name: figures.cpu_ms() for name, figures in results.items()}
    ours, peer = posted(results[POSTING]), posted(results[PEER_POST])
    return [
        "posting (against Isso, the nearest peer):",
        verdict("  CPU per accepted post, ours / Isso", _over(cpu[POSTING], cpu[PEER_POST]),
                1.0, at_least=False),
        verdict("  posts per second at 16 concurrent, ours / Isso",
                _over(rate[POSTING], rate[PEER_POST]), 1.3),
        "  " + lost("ours", *ours, stored[0]),
        "  " + lost("Isso", *peer, stored[1]),
        "refusals (CPU of the post and of the page sending the form back, over an accepted post):",
        verdict("  duplicate / accepted", _over(refused_cpu_ms(results[DUPLICATE]), cpu[POSTING]),
                1.0, at_least=False),
        verdict("  no name (invalid form) / accepted",
                _over(refused_cpu_ms(results[INVALID]), cpu[POSTING]), 1.0, at_least=False),
        "reading (against the ceilings, and Isso):",
        verdict("  article(100) / bare WSGI, requests per second", _over(rate[ARTICLE], rate[BARE]),
                0.6),
        verdict("  saved-name reader / bare WSGI", _over(rate[REMEMBERED], rate[BARE]), 0.3),
        verdict("  behind nginx / nginx static", _over(rate[PROXIED], rate[STATIC]), 0.8),
        ratio("  article(100) / Isso's 100 comments, requests per second",
              _over(rate[ARTICLE], rate[PEER_READ])),
        ratio("  Isso's CPU per read / ours", _over(cpu[PEER_READ], cpu[ARTICLE])),
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
    """Return the whole report as text; ``stored`` counts the posts ours and Isso's kept."""
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
