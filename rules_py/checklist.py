"""Materials to upload (附件2 二.5 (1)–(10)) for the routes that meet, from the notice's data."""

from __future__ import annotations

from .notices import Notice


def uploads(meeting_routes: list[str], n: Notice) -> list[dict[str, str]]:
    """Items needed by every route ("all") or by a route that meets; (10) only for 破格."""
    if not meeting_routes:
        return []
    return [{"item": u.id, "text": u.text} for u in n.uploads if u.needed_by(meeting_routes)]
