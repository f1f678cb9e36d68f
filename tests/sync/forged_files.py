"""Making damaged and forged change files out of a good one, for the refusal tests."""

from __future__ import annotations

import gzip
import io
import json
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from nacl.signing import SigningKey

from datasette_plugins.intake.sync import changefile, parts
from datasette_plugins.intake.sync.keys import key_id

Members = dict[str, bytes]
ENVELOPE = changefile.ENVELOPE_NAME
SIGNATURE = changefile.SIGNATURE_NAME


def members(path: Path) -> Members:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_members(path: Path, content: Members, compressed: set[str] = frozenset()) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in content.items():
            kind = zipfile.ZIP_DEFLATED if name in compressed else zipfile.ZIP_STORED
            archive.writestr(name, data, compress_type=kind)
    path.write_bytes(buffer.getvalue())
    return path


def resigned(content: Members, change: Callable[[dict], None], key: SigningKey) -> Members:
    """Edit the envelope with ``change`` and sign it again with ``key``."""
    envelope = json.loads(content[ENVELOPE])
    change(envelope)
    envelope["key_id"] = key_id(bytes(key.verify_key))
    data = json.dumps(envelope, ensure_ascii=False, sort_keys=True).encode()
    return {**content, ENVELOPE: data, SIGNATURE: key.sign(data).signature}


def flip_byte(data: bytes, position: int) -> bytes:
    return data[:position] + bytes([data[position] ^ 0x5A]) + data[position + 1 :]


def rewrite_stored_part(conn: sqlite3.Connection, table: str, author: str, sql: str) -> None:
    """An attacker edits a part another office signed, kept in its own register (the header and
    signature stay as they were: only the rows change)."""
    part_id, data = conn.execute(
        "SELECT id, data FROM _sync_parts WHERE tbl = ? AND author = ?", (table, author)
    ).fetchone()
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "p.sqlite"
        path.write_bytes(gzip.decompress(bytes(data)))
        part = sqlite3.connect(path)
        part.execute(sql)
        part.commit()
        part.close()
        packed = Path(scratch) / "p.gz"
        parts.gzip_file(path, packed)
        conn.execute("UPDATE _sync_parts SET data = ? WHERE id = ?", (packed.read_bytes(), part_id))
