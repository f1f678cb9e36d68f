"""The self-check's Python runtime as the site ships it: which files, their content hashes and
what a visitor downloads for them.

The runtime is built (scripts/build_runtime.py) into a staging folder before the pages are
rendered, so that the pages can state its real size and the service worker can name each file by
its content. Both hooks that need it (pyodide_runtime.py, service_worker.py) and the page blocks
(data_pages.py) read the one `staged` value of this module.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FOLDER = "pyodide"  # where the runtime sits in the built site
SIZE_CACHE = ROOT / "build" / "cache" / "gzip-sizes.json"
SNAPSHOT_MANIFEST = "snapshot.json"
GZIP_LEVEL = 6  # what scripts/serve_site.py sends; a typical web server's gzip setting


@dataclass(frozen=True)
class RuntimeFile:
    name: str
    path: Path
    size: int
    sha256: str
    transfer_size: int  # gzip-compressed, as served

    @property
    def url(self) -> str:
        """The file's path from the site root: pyodide/pyodide.asm.wasm."""
        return f"{FOLDER}/{self.name}"


@dataclass(frozen=True)
class Runtime:
    folder: Path
    files: tuple[RuntimeFile, ...]
    # Files compressed at build time that the server sends in place of a runtime file
    # (the memory snapshot's FILE.br): in the site, but not runtime files of their own.
    sidecars: tuple[str, ...] = ()

    @property
    def urls(self) -> list[str]:
        """Every path of the built site that belongs to the runtime."""
        return [f.url for f in self.files] + [f"{FOLDER}/{name}" for name in self.sidecars]

    @property
    def transfer_size(self) -> int:
        return sum(f.transfer_size for f in self.files)

    @property
    def snapshot_files(self) -> tuple[str, ...]:
        """The memory snapshot and the small standard-library archive its manifest names: what
        only a snapshot boot downloads (scripts/build_snapshot.mjs)."""
        manifest = self.folder / SNAPSHOT_MANIFEST
        if not manifest.is_file():
            return ()
        named = json.loads(manifest.read_text(encoding="utf-8"))
        return (named["file"], named["stdlib"]["file"])

    @property
    def full_boot_transfer_size(self) -> int:
        """What a boot without the snapshot downloads: the boot of a visitor saving data
        (site/assets/selfcheck/worker.js), and what is kept offline for them."""
        skipped = set(self.snapshot_files)
        return sum(f.transfer_size for f in self.files if f.name not in skipped)


def megabytes(size: int) -> str:
    """6400207 -> '6.4 MB' (decimal megabytes, as browsers and download tools count)."""
    return f"{size / 1_000_000:.1f} MB"


def _gzip_sizes(files: list[tuple[Path, str]]) -> dict[str, int]:
    """Compressed size by sha256, remembered across builds (compressing 13 MB costs 0.7 s)."""
    try:
        known: dict[str, int] = json.loads(SIZE_CACHE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    sizes = {}
    for path, digest in files:
        if digest not in known:
            known[digest] = len(gzip.compress(path.read_bytes(), GZIP_LEVEL, mtime=0))
        sizes[digest] = known[digest]
    try:
        SIZE_CACHE.parent.mkdir(parents=True, exist_ok=True)
        SIZE_CACHE.write_text(json.dumps(known, sort_keys=True), encoding="utf-8")
    except OSError:
        pass  # a read-only checkout: compute again next time
    return sizes


SIDECARS = (".br", ".gz")  # FILE.br / FILE.gz beside FILE: sent instead (scripts/serve_site.py)


def describe(folder: Path) -> Runtime:
    """The runtime files in `folder`, with their hashes and transfer sizes (a file compressed at
    build time is transferred as its sidecar)."""
    every = sorted(p for p in folder.iterdir() if p.is_file())
    names = {p.name for p in every}
    sidecars = {p.name for p in every if p.suffix in SIDECARS and p.stem in names}
    paths = [p for p in every if p.name not in sidecars]
    digests = [(p, hashlib.sha256(p.read_bytes()).hexdigest()) for p in paths]
    sizes = _gzip_sizes([(p, d) for p, d in digests if not _sidecar(p, sidecars)])
    files = tuple(
        RuntimeFile(
            p.name,
            p,
            p.stat().st_size,
            digest,
            sidecar.stat().st_size if (sidecar := _sidecar(p, sidecars)) else sizes[digest],
        )
        for p, digest in digests
    )
    return Runtime(folder, files, tuple(sorted(sidecars)))


def _sidecar(path: Path, sidecars: set[str]) -> Path | None:
    for suffix in SIDECARS:
        if path.name + suffix in sidecars:
            return path.with_name(path.name + suffix)
    return None


def build_into(folder: Path) -> Runtime:
    """Build the runtime (Pyodide core, rules wheel, lock file) into `folder` and describe it."""
    script = ROOT / "scripts" / "build_runtime.py"
    spec = importlib.util.spec_from_file_location("build_runtime", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build(folder)
    return describe(folder)


staged: Runtime | None = None  # set by the pyodide_runtime hook for the build under way


def current() -> Runtime:
    if staged is None:
        raise RuntimeError("the pyodide_runtime hook must be listed first in mkdocs.yml hooks")
    return staged
