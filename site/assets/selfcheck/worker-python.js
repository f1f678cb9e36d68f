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
