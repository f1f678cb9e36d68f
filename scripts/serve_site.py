"""Serve the built site on 127.0.0.1 with the MIME types Pyodide and the service worker need.

Usage: python scripts/serve_site.py [DIR] [--port 8000]
"""

from __future__ import annotations

import argparse
import gzip
import os
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# Files compressed at build time, preferred in this order when the client accepts the encoding
# (the runtime's memory snapshot: scripts/build_snapshot.mjs writes whichever is smaller).
PRECOMPRESSED = (("br", ".br"), ("gzip", ".gz"))


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

    gzip = True  # compress text bodies for clients that accept it (StaticServer(gzip=False): never)
    compressible = (
        ".html",
        ".css",
        ".js",
        ".mjs",
        ".json",
        ".svg",
        ".xml",
        ".txt",
        ".ics",
        ".csv",
        ".wasm",
        ".webmanifest",
        ".zip",  # python_stdlib.zip and the rules wheel still shrink by gzip (the pages state the
        ".whl",  # runtime's size as gzip sizes: runtime_files.py)
    )
    _gzipped: dict[tuple[str, float], bytes] = {}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def parse_request(self) -> bool:
        ok = super().parse_request()
        log = getattr(self.server, "requested", None)
        if ok and log is not None:
            log.append(self.path)
        return ok

    def send_head(self):  # type: ignore[no-untyped-def]
        """Serve a gzip-compressed body when the client accepts it (as any real web server does)."""
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the trailing slash
            path = os.path.join(path, "index.html")
        accepted = self.headers.get("Accept-Encoding", "") if self.gzip else ""
        for encoding, suffix in PRECOMPRESSED:
            if encoding in accepted and os.path.isfile(path + suffix) and os.path.isfile(path):
                return self._precompressed(path, path + suffix, encoding)
        accepts = "gzip" in accepted
        if not (accepts and path.endswith(self.compressible) and os.path.isfile(path)):
            return super().send_head()
        key = (path, os.path.getmtime(path))
        body = self._gzipped.get(key)
        if body is None:
            with open(path, "rb") as fh:
                body = gzip.compress(fh.read(), compresslevel=6, mtime=0)
            self._gzipped[key] = body
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return _Body(body)

    def _precompressed(self, path: str, encoded: str, encoding: str) -> _Body:
        """A file compressed at build time (FILE.br / FILE.gz beside FILE), sent as it is, as web
        servers do with static compression (nginx `brotli_static` / `gzip_static`)."""
        with open(encoded, "rb") as fh:
            body = fh.read()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return _Body(body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A missing page gets the site's own 404 page, as static hosts serve it."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file() or self.command != "GET":
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class PlainHandler(SiteHandler):
    """The same, never compressed (to measure what compression is worth)."""

    gzip = False


class _Body:
    """The file-like object send_head returns: SimpleHTTPRequestHandler copies it to the socket."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def read(self, size: int = -1) -> bytes:
        data, self._data = self._data, b""
        return data

    def close(self) -> None:
        pass


class QuietServer(ThreadingHTTPServer):
    """A browser that closes a connection mid-download is normal, not an error to print."""

    daemon_threads = True
    allow_reuse_address = True
    requested: list[str]  # every request path, in order (tests read it)

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class StaticServer:
    """Serves a folder on 127.0.0.1; port 0 picks a free one, kept across stop() and start()."""

    def __init__(self, root: Path, port: int = 0, gzip: bool = True) -> None:
        self.root = root
        self.port = port
        self.gzip = gzip
        self.requested: list[str] = []  # request paths, across stop() and start()
        self._httpd: QuietServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> StaticServer:
        handler = partial(SiteHandler if self.gzip else PlainHandler, directory=str(self.root))
        self._httpd = QuietServer(("127.0.0.1", self.port), handler)
        self._httpd.requested = self.requested
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
