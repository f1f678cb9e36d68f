"""Materials to upload (附件2 二.5 (1)–(10)) for the routes that meet, from the notice's data."""

from __future__ import annotations

from typing import Any

from .parameters import Parameters


def uploads(meeting_routes: list[str], p: Parameters) -> list[dict[str, str]]:
    """Items needed by every route ("all") or by a route that meets; (10) only for 破格."""
    if not meeting_routes:
        return []
    wanted = {"all", *meeting_routes}
    return [
        {"item": u["item"], "text": u["text"]}
        for u in p.uploads
        if wanted.intersection(u["routes"])
    ]


def paper_for_exceptional(p: Parameters) -> list[dict[str, Any]]:
    """Paper forms only a 破格 applicant brings (附件4 二)."""
    return [i for i in p.paper["items"] if i["per"] == "exceptional_applicant"]
