"""Serve registers with one Datasette process per CPU core (`datasette intake serve`).

`datasette serve` runs one process, and one Python process answers one request at a time: with
8 clerks at their counters, table pages queued behind each other (p95 280 ms on 2 cores). Here
uvicorn's supervisor binds the port once and starts N worker processes that share it; each worker
is an ordinary Datasette with the same files, configuration (`--default-deny` always) and signing
secret, so a login cookie or API token made by one worker is valid in all of them.

The secret is DATASETTE_SECRET when set, otherwise a new random one per start (as with
`datasette serve`: restarting logs clerks out). Migrations run once, in the supervisor, before the
workers start; of the workers, only one watches a configured sync inbox (watcher.py's lock).
"""

from __future__ import annotations

import json
import os
import secrets
import socket
from pathlib import Path
from typing import Any

import uvicorn
from uvicorn.supervisors import Multiprocess

SPEC_ENV = "INTAKE_SERVE_SPEC"
SECRET_ENV = "DATASETTE_SECRET"
HEALTHCHECK_SECONDS = 120


def default_workers() -> int:
    """One worker per core; measured best on 2 cores (3 or 4 workers were slower at p95)."""
    return max(1, os.cpu_count() or 1)


def app() -> Any:
    """uvicorn's app factory, called in every worker process: the configured Datasette app."""
    import yaml
    from datasette.app import Datasette

    spec = json.loads(os.environ[SPEC_ENV])
    config = yaml.safe_load(Path(spec["config"]).read_text(encoding="utf-8")) or {}
    datasette = Datasette(
        spec["files"], config=config, default_deny=True, secret=os.environ[SECRET_ENV]
    )
    return datasette.app()


class _Config(uvicorn.Config):
    def bind_socket(self) -> socket.socket:
        """The shared listening socket, marked as TCP so that connections get TCP_NODELAY.

        uvicorn binds it with proto 0; accepted sockets inherit that and asyncio then leaves
        Nagle's algorithm on, so every keep-alive response waited ~40 ms for a delayed ACK
        (uvicorn issue #3149; measured here as /-/versions.json p50 10 → 44 ms with 2 workers).
        """
        sock = super().bind_socket()
        if sock.family not in (socket.AF_INET, socket.AF_INET6) or sock.proto:
            return sock
        tcp = socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())
        tcp.set_inheritable(True)
        return tcp


def serve(files: list[Path], config: Path, host: str, port: int, workers: int) -> None:
    """Run until interrupted. `files` must already be registers (cli.register_file)."""
    os.environ[SPEC_ENV] = json.dumps(
        {"files": [str(Path(f).resolve()) for f in files], "config": str(Path(config).resolve())}
    )
    os.environ.setdefault(SECRET_ENV, secrets.token_hex(32))
    server_config = _Config(
        f"{__name__}:app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        lifespan="on",
        log_level="info",
        # uvicorn kills a worker that does not answer its health check within this time; on a
        # loaded 2-core machine starting Datasette took longer than uvicorn's 5 s, so workers
        # were killed and restarted in a loop ("Child process died").
        timeout_worker_healthcheck=HEALTHCHECK_SECONDS,
    )
    if workers > 1:
        Multiprocess(server_config, sockets=[server_config.bind_socket()]).run()
    else:
        uvicorn.Server(server_config).run()


def serve_command(databases: list[Path], config: Path, port: int) -> list[str]:
    """The command line that serves registers with this configuration (workers.py)."""
    return [
        "datasette",
        "intake",
        "serve",
        *[str(d) for d in databases],
        "-c",
        str(config),
        "-h",
        "127.0.0.1",
        "-p",
        str(port),
    ]
