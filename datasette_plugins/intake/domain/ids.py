"""Globally unique row ids: "<office>-<kind>-<ULID>", e.g. 330102-A-01HF…"""

from __future__ import annotations

import os
import time

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

# One letter per kind of row.
KIND_UNIT = "U"
KIND_BATCH = "B"
KIND_APPLICANT = "A"
KIND_AUDIT = "E"


def ulid(now_ms: int | None = None) -> str:
    """A 26-character ULID: 48-bit millisecond time + 80 random bits, Crockford base32."""
    millis = int(time.time() * 1000) if now_ms is None else now_ms
    value = (millis << 80) | int.from_bytes(os.urandom(10), "big")
    chars = []
    for _ in range(26):
        chars.append(_CROCKFORD[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def new_id(office: str, kind: str) -> str:
    return f"{office}-{kind}-{ulid()}"


def office_of(row_id: str) -> str:
    """The office code an id was created by (its first six characters)."""
    return row_id.split("-", 1)[0]
