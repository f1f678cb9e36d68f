"""Serve the built site on 127.0.0.1 with the MIME types Pyodide and the service worker need.

Usage: python scripts/serve_site.py [DIR] [--port 8000]
"""

from __future__ import annotations

import argparse
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class SiteHandler(SimpleHTTPRequestHandler):
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".webmanifest": "application/manifest+json",
        ".ics": "text/calendar; charset=utf-8",
        ".csv": "text/csv; charset=utf-8",
        ".whl": "application/zip",
    }

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class StaticServer:
    """Serves a folder on 127.0.0.1; port 0 picks a free one, kept across stop() and start()."""

    def __init__(self, root: Path, port: int = 0) -> None:
        self.root = root
        self.port = port
        self._httpd: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> StaticServer:
        handler = partial(SiteHandler, directory=str(self.root))
        ThreadingHTTPServer.allow_reuse_address = True
        self._httpd = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the built site on 127.0.0.1")
    parser.add_argument("dir", nargs="?", type=Path, default=ROOT / "build" / "site")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    server = StaticServer(args.dir, args.port).start()
    print(f"site: {server.url}/")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
