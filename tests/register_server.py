"""A register served by `datasette intake serve` (the command offices run), for tests.

Importable by name from any test (tests/ is on sys.path, like scripts/ for serve_site).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest


class RegisterServer:
    """`datasette intake serve` (the command offices run) as a real process on 127.0.0.1."""

    def __init__(self, files: list[Path], config: Path, workers: int = 1) -> None:
        from datasette_plugins.intake.serving.workers import serve_command

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        command = serve_command(files, config, port) + ["--workers", str(workers)]
        command[0] = str(Path(sys.executable).parent / command[0])
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(self.url + "/-/versions.json", timeout=1).close()
                return
            except urllib.error.HTTPError:
                return  # answering (403: anonymous users see nothing)
            except (urllib.error.URLError, ConnectionError):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    pytest.fail(self.process.stderr.read().decode() if self.process.stderr else "")
                time.sleep(0.1)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
