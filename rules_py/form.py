"""What the self-check page needs to draw its form: fields, enums with Chinese labels, checklists.

describe() is plain data (JSON-serialisable); describe_json() is the same as text for Pyodide.
"""

from __future__ import annotations

import json
from typing import Any

from .clauses import anchor
from .fields import EDUCATION_KEYS, FIELDS, HOURS_KEYS
from .parameters import PARAMETERS, Parameters


def _options(labels: dict[str, str], order: tuple[str, ...] | None = None) -> list[dict[str, str]]:
    keys = order if order is not None else tuple(labels)
    return [{"value": k, "label": labels.get(k, k)} for k in keys]


def checklists(p: Parameters = PARAMETERS) -> dict[str, Any]:
    """附件2 二.5 uploads, 附件4 二 paper copies, 证件照 rules and the 述职 limit."""
    return {
        "uploads": [
            {"item": u["item"], "text": u["text"], "routes": list(u["routes"])} for u in p.uploads
        ],
        "uploads_clause": "附件2 二.5",
        "paper": p.paper,
        "photo": p.photo,
        "self_report": p.self_report,
    }


def describe(p: Parameters = PARAMETERS) -> dict[str, Any]:
    fields = []
    for f in FIELDS:
        entry: dict[str, Any] = {
            "name": f.name,
            "kind": f.kind,
            "label": f.label,
            "help": f.help,
            "clause": f.clause,
            "anchor": anchor(f.clause),
        }
        if f.kind == "education":
            entry["keys"] = EDUCATION_KEYS
            entry["options"] = _options(p.level_labels, p.levels)
        elif f.kind == "honours":
            entry["options"] = _options(p.honour_labels, p.honours)
        elif f.kind == "conditions":
            entry["options"] = [
                {"value": n, "label": p.exceptional_titles[n]} for n in sorted(p.exceptional_titles)
            ]
        elif f.kind == "assessments":
            entry["years"] = list(p.assessment_years)
            entry["options"] = _options(p.assessment_labels)
        elif f.kind == "hours":
            entry["years"] = list(p.ce_years)
            entry["keys"] = HOURS_KEYS
            entry["minimum"] = {
                "total": p.ce_total,
                "professional": p.ce_professional,
                "public": p.ce_public,
            }
        elif f.kind == "notice":
            entry["options"] = [{"value": p.notice_id, "label": p.notice_number}]
        fields.append(entry)
    return {
        "notice": p.notice_id,
        "notice_number": p.notice_number,
        "years_counted_to": p.cutoff.isoformat(),
        "fields": fields,
        "routes": _options(p.route_labels),
        "paths": _options(p.path_labels),
        "checklists": checklists(p),
    }


def describe_json(p: Parameters = PARAMETERS) -> str:
    return json.dumps(describe(p), ensure_ascii=False)
