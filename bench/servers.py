"""The processes a benchmark run starts: gunicorn (the site or the bare app) and nginx.

Each runs in its own session so it and every child can be stopped together, and the
gunicorn workers' CPU time and memory are read from /proc.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).with_name("gunicorn")
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
NGINX_SITE = ROOT / "deploy" / "nginx.conf"
NGINX = "/usr/sbin/nginx"
TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    """Return a loopback port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_listening(port: int, process: subprocess.Popen, log: Path) -> None:
    """Wait until the port accepts connections, or stop with the server's log."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"server exited:\n{log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"server did not listen:\n{log.read_text()}")


@dataclass
class Server:
    """A running server: its port and process (the leader of its own session)."""

    name: str
    port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def workers(self) -> list[int]:
        """Return the ids of the master's children (gunicorn's workers)."""
        pid = self.process.pid
        found = []
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(c) for c in (task / "children").read_text().split()]
        return found

    def cpu_seconds(self) -> float:
        """Return the CPU time (user + system) the workers have used so far, living or not.

        gunicorn replaces a worker after max_requests; the time of one that has exited is
        added to the master's "children" counters when it is reaped, so it is counted there.
        """
        return sum(cpu_seconds(pid) for pid in self.workers()) + reaped_cpu_seconds(
            self.process.pid
        )

    def queued_seconds(self) -> float:
        """Return how long the workers have waited, runnable, for a CPU (others' load)."""
        return sum(queued_seconds(pid) for pid in self.workers())

    def rss_mb(self) -> list[float]:
        """Return each worker's resident memory in MB."""
        return [rss_kb(pid) / 1024 for pid in self.workers()]

    def stop(self) -> None:
        """Stop the server and all its children."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)


def _stat(pid: int) -> list[str]:
    """Return /proc/<pid>/stat's fields from the 3rd on (after the command's name)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return ["0"] * 20


def cpu_seconds(pid: int) -> float:
    """Return a process's user + system CPU time in seconds, 0 if it has gone."""
    fields = _stat(pid)
    # utime and stime are the 14th and 15th fields; the list starts at the 3rd.
    return (int(fields[11]) + int(fields[12])) / TICKS


def reaped_cpu_seconds(pid: int) -> float:
    """Return the CPU time of a process's children that have exited and been waited for."""
    fields = _stat(pid)
    # cutime and cstime, the 16th and 17th fields.
    return (int(fields[13]) + int(fields[14])) / TICKS


def queued_seconds(pid: int) -> float:
    """Return the time a process has spent runnable but waiting for a CPU, in seconds."""
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[1]) / 1e9
    except FileNotFoundError:
        return 0.0


def rss_kb(pid: int) -> int:
    """Return a process's resident set size in kB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


@contextmanager
def gunicorn(
    name: str, app: str, log: Path, env: Mapping[str, str], options: list[str]
) -> Iterator[Server]:
    """Serve ``app`` under gunicorn with the production config and these extra options."""
    port = free_port()
    command = [str(GUNICORN), "-c", str(GUNICORN_CONF), "--bind", f"127.0.0.1:{port}"]
    command += [*options, app]
    with log.open("a") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, **env}, stdout=output,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    server = Server(name, port, process)
    try:
        wait_listening(port, process, log)
        yield server
    finally:
        server.stop()


def nginx_config(workdir: Path, static_port: int, proxy_port: int, app_port: int) -> str:
    """Return a whole nginx.conf: a static server of the saved page, and the README's site."""
    site = NGINX_SITE.read_text()
    site = site.replace("/var/cache/nginx/cms", str(workdir / "nginx-cache"))
    site = site.replace("127.0.0.1:8000", f"127.0.0.1:{app_port}")
    site = site.replace("listen 80;", f"listen 127.0.0.1:{proxy_port};")
    site = site.replace("/srv/cms/static/", str(ROOT / "static") + "/")
    return f"""
worker_processes 2;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    default_type text/html;
    client_body_temp_path {workdir}/nginx-body;
    proxy_temp_path {workdir}/nginx-proxy;
    server {{
        listen 127.0.0.1:{static_port};
        root {workdir}/static-root;
        location / {{ try_files /page.html =404; }}
    }}
{site}
}}
"""


@contextmanager
def nginx(workdir: Path, page: bytes, app_port: int) -> Iterator[tuple[Server, Server]]:
    """Run nginx: one port serves ``page`` from a file, the other proxies to the app."""
    (workdir / "static-root").mkdir(exist_ok=True)
    (workdir / "static-root" / "page.html").write_bytes(page)
    static_port, proxy_port = free_port(), free_port()
    conf = workdir / "nginx.conf"
    conf.write_text(nginx_config(workdir, static_port, proxy_port, app_port))
    log = workdir / "nginx-error.log"
    # Started by root, nginx's workers would drop to "nobody", who cannot read the temp folder.
    run_as = " user root;" if os.geteuid() == 0 else ""
    # -g "daemon off;" keeps nginx in the foreground, in our session, so we can stop it.
    process = subprocess.Popen(
        [NGINX, "-c", str(conf), "-p", str(workdir), "-g", "daemon off;" + run_as],
        start_new_session=True, stderr=log.open("a"),
    )  # fmt: skip
    static, proxy = Server("nginx", static_port, process), Server("nginx", proxy_port, process)
    try:
        wait_listening(static_port, process, log)
        wait_listening(proxy_port, process, log)
        yield static, proxy
    finally:
        static.stop()
