"""Making damaged and forged change files out of a good one, for the refusal tests."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

from nacl.signing import SigningKey

from datasette_plugins.intake.sync import changefile
from datasette_plugins.intake.sync.keys import key_id

Members = dict[str, bytes]


def members(path: Path) -> Members:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_members(path: Path, content: Members) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in content.items():
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    return path


def resigned(content: Members, change: Callable[[dict], None], key: SigningKey) -> Members:
    """Edit the manifest with ``change`` and sign it again with ``key``."""
    manifest = json.loads(content[changefile.MANIFEST_NAME])
    change(manifest)
    manifest["key_id"] = manifest.get("key_id") if key is None else key_id(bytes(key.verify_key))
    data = json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode()
    return {
        **content,
        changefile.MANIFEST_NAME: data,
        changefile.SIGNATURE_NAME: key.sign(data).signature,
    }


def flip_byte(data: bytes, position: int) -> bytes:
    return data[:position] + bytes([data[position] ^ 0x5A]) + data[position + 1 :]
