/* The Python side of the self-check's worker: the functions the worker's messages call, defined
 * in __main__ once rules_py is installed. Shared by the worker (worker.js) and the build step that
 * makes the runtime's memory snapshot (scripts/build_snapshot.mjs), so that a restored runtime has
 * exactly the functions a freshly booted one defines. */

export const HELPERS = `
import json

import rules_py
from rules_py.clauses import anchor


def _anchors(result):
    found = {}
    groups = list(result.get("routes", {}).values()) + list(result.get("common", {}).values())
    clauses = [r["clause"] for g in groups for r in g.get("reasons", [])]
    for clause in clauses:
        if clause and clause not in found:
            try:
                found[clause] = anchor(clause)
            except ValueError:
                pass
    return found


def selfcheck_check(text):
    output, code = rules_py.check_json(text)
    anchors = _anchors(json.loads(output)) if code == 0 else {}
    return json.dumps({"output": output, "exit": code, "anchors": anchors}, ensure_ascii=False)


def selfcheck_photo(buffer, filename, size):
    result = rules_py.photo.check_photo(buffer.to_bytes(), filename, size=size)
    return json.dumps(result, ensure_ascii=False)
`;

/* Defined before the memory snapshot is made (scripts/build_snapshot.mjs), and run once on a
 * runtime restored from it, before anything else is imported.
 * A restored runtime is given a small standard-library archive (the build step's stdlib-<hash>.zip:
 * only the modules the rules may still import, the rest being in the snapshot already) in place
 * of Pyodide's python_stdlib.zip, at the same path. The snapshot remembers the listing of the
 * archive it was made with, so that listing is dropped first; and should any other standard
 * module be imported (none is on the rules' paths), the full archive is loaded then, synchronously,
 * by load_full() (the worker: a synchronous request for python_stdlib.zip), and the import goes on
 * from it. */
export const AFTER_RESTORE_FUNCTION = "_selfcheck_after_restore";

export const AFTER_RESTORE = `
def _selfcheck_after_restore(load_full):
    import sys
    import zipimport
    from importlib.machinery import PathFinder

    archive = next(p for p in sys.path if p.endswith(".zip"))
    full = archive.removesuffix(".zip") + "-full.zip"
    zipimport._zip_directory_cache.clear()
    names = sys.stdlib_module_names | {"pyodide", "_pyodide"}  # Pyodide's own, in its archive

    class FullStdlib:
        """The full standard library, for a module the small archive lacks."""

        loaded = False

        @classmethod
        def find_spec(cls, name, path=None, target=None):
            if name.partition(".")[0] not in names:
                return None
            if not cls.loaded:
                with open(full, "wb") as file:
                    file.write(load_full().to_bytes())
                cls.loaded = True
            entries = sys.path if path is None else path
            search = [p.replace(archive, full, 1) for p in entries if p.startswith(archive)]
            return PathFinder.find_spec(name, search) if search else None

    sys.meta_path.append(FullStdlib)
`;
