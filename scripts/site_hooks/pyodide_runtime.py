"""MkDocs hook: put the same-origin Pyodide runtime and the rules wheel into the built site.

After every build, `<site_dir>/pyodide/` holds the Pyodide core files, the rules_py wheel (with
its copy of data/) and the pyodide-lock.json that lists it, built by scripts/build_runtime.py.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

_SCRIPT = Path(__file__).resolve().parent.parent / "build_runtime.py"


def _build_runtime():
    spec = importlib.util.spec_from_file_location("build_runtime", _SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build


def on_post_build(config: MkDocsConfig) -> None:
    _build_runtime()(Path(config.site_dir) / "pyodide")
