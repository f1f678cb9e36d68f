"""MkDocs hook: the same-origin Pyodide runtime and the rules wheel, as files of the built site.

Before the pages are rendered the runtime is built (scripts/build_runtime.py) into a staging
folder and described (runtime_files.staged: names, sha256, transfer sizes), so that the pages
state its real size; its files join the site's files under pyodide/ and MkDocs copies them.
Keep this hook first in mkdocs.yml.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import runtime_files
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

_staging: Path | None = None


def _clean() -> None:
    global _staging
    if _staging is not None:
        shutil.rmtree(_staging, ignore_errors=True)
        _staging = None


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _staging
    _clean()
    _staging = Path(tempfile.mkdtemp(prefix="site-runtime-"))
    runtime = runtime_files.build_into(_staging / runtime_files.FOLDER)
    runtime_files.staged = runtime
    for url in runtime.urls:
        files.append(File(url, str(_staging), config.site_dir, use_directory_urls=False))
    return files


def on_post_build(config: MkDocsConfig) -> None:
    _clean()


def on_build_error(error: Exception) -> None:
    _clean()
