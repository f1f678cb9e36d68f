"""JSON text in, JSON text out: the one serialisation shared by the CLI and the Pyodide page.

Output format: `json.dumps(result, ensure_ascii=False, indent=2)` followed by one "\n", keys in
the contract's order. Exit code 0 for valid input (eligible or not), 2 for invalid input, whose
output is {"error": {"field": "<json path>", "message": "<中文说明>"}}.
"""

from __future__ import annotations

import json
from typing import Any

from .applicant import InputError
from .verdict import check

EXIT_VALID = 0
EXIT_INVALID = 2


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


def _reject_constant(name: str) -> Any:
    raise InputError("$", f"JSON 中不允许 {name}，学时等数字须为有限数值")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise InputError(key, f"JSON 中字段 {key} 重复出现")
        result[key] = value
    return result


def parse_json(text: str) -> Any:
    try:
        return json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        message = f"输入不是有效的 JSON（第{exc.lineno}行第{exc.colno}列附近）"
        raise InputError("$", message) from None
    except RecursionError:
        raise InputError("$", "输入的 JSON 嵌套层数过多") from None


def check_json(text: str) -> tuple[str, int]:
    """(output text, exit code) for one JSON input text; never raises on bad input."""
    try:
        return dumps(check(parse_json(text))), EXIT_VALID
    except InputError as exc:
        return dumps(exc.to_dict()), EXIT_INVALID


def check_bytes(data: bytes) -> tuple[str, int]:
    """Like check_json, for raw bytes (UTF-8, with or without BOM)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return dumps(InputError("$", "输入不是 UTF-8 编码的文本").to_dict()), EXIT_INVALID
    return check_json(text)


def check_jsonl(data: bytes) -> str:
    """One input JSON per line → one line {"exit": code, "output": text} each (for tests)."""
    lines = []
    for raw in data.splitlines():
        if not raw.strip():
            continue
        output, code = check_bytes(raw)
        lines.append(json.dumps({"exit": code, "output": output}, ensure_ascii=False) + "\n")
    return "".join(lines)
