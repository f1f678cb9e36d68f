"""MkDocs hook: write <site_dir>/sw.js, the offline service worker, after every build.

The precache list is every file of the built site except the self-check's runtime, the service
worker itself and the gzipped sitemap; pages are listed by their directory URL ("notice/"). The
cache name carries a hash of every precached file, so a build that changes anything gets a new
cache and the old one is deleted when the new worker activates. The runtime files are listed
with their sha256 (runtime_files.staged): the worker keeps each once per content, fetched in the
background when a page asks (register-sw.js). Keep this hook after every hook that writes into
site_dir.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import runtime_files
from mkdocs.config.defaults import MkDocsConfig

TEMPLATE = Path(__file__).with_name("service_worker.js")
SKIP_DIRS = {runtime_files.FOLDER}
SKIP_FILES = {"sw.js", "sitemap.xml.gz"}


LUNR_DIR = "assets/javascripts/lunr/"


def lunr_needed(search_langs: list[str]) -> set[str]:
    """The lunr files Material's search worker imports for these languages (others are skipped)."""
    needed = {"min/lunr.stemmer.support.min.js"}
    needed |= {f"min/lunr.{lang}.min.js" for lang in search_langs if lang != "en"}
    if len(search_langs) > 1:
        needed.add("min/lunr.multi.min.js")
    if "ja" in search_langs:
        needed.add("tinyseg.js")
    if {"hi", "th"} & set(search_langs):
        needed.add("wordcut.js")
    return needed


def precache_files(site_dir: Path, search_langs: list[str]) -> list[Path]:
    """Every file a visitor may need offline: pages, assets, search index, downloads."""
    lunr = lunr_needed(search_langs)
    files = []
    for path in sorted(site_dir.rglob("*")):
        rel = path.relative_to(site_dir).as_posix()
        if path.is_dir() or rel.split("/")[0] in SKIP_DIRS or rel in SKIP_FILES:
            continue
        if rel.endswith(".map"):
            continue
        if rel.startswith(LUNR_DIR) and rel[len(LUNR_DIR) :] not in lunr:
            continue
        files.append(path)
    return files


def precache_url(rel: str) -> str:
    """notice/index.html -> notice/ ; index.html -> ./ ; others unchanged."""
    if rel == "index.html":
        return "./"
    if rel.endswith("/index.html"):
        return rel[: -len("index.html")]
    return rel


def content_hash(site_dir: Path, files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(site_dir).as_posix().encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def runtime_table(runtime: runtime_files.Runtime) -> dict[str, dict[str, object]]:
    """Runtime file path -> its sha256 and size, for the worker's cache keys and checks."""
    return {f.url: {"sha256": f.sha256, "size": f.size} for f in runtime.files}


def render(site_dir: Path, search_langs: list[str], runtime: runtime_files.Runtime) -> str:
    files = precache_files(site_dir, search_langs)
    urls = [precache_url(p.relative_to(site_dir).as_posix()) for p in files]
    return (
        TEMPLATE.read_text(encoding="utf-8")
        .replace("__VERSION__", content_hash(site_dir, files))
        .replace("__RUNTIME_FOLDER__", runtime_files.FOLDER)
        .replace("__RUNTIME_FILES__", json.dumps(runtime_table(runtime), indent=2))
        .replace("__PRECACHE_URLS__", json.dumps(urls, indent=2))
    )


def on_post_build(config: MkDocsConfig) -> None:
    site_dir = Path(config.site_dir)
    search = config.plugins.get("material/search") or config.plugins.get("search")
    langs = list(search.config.lang or ["en"]) if search is not None else ["en"]
    script = render(site_dir, langs, runtime_files.current())
    (site_dir / "sw.js").write_text(script, encoding="utf-8")
