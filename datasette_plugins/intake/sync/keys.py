"""Ed25519 keys of the offices (PyNaCl).

Trust model (see TRUST.md): every office has one signing key. Its private part lives in a file
outside the register (created 0600, refused when readable by others) and never enters the
register database or a change file. Its public part is stored in the register's ``_sync_keys``
table, exported as a small JSON document and imported by every other office, after the clerks
compare the fingerprint over the phone. A change file is accepted only when it is signed by the
key registered for the office it claims to come from.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import sqlite3
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from .errors import KeyProblem

PRIVATE_FORMAT = "hz-intake-signing-key"
PUBLIC_FORMAT = "hz-intake-public-key"
KEY_FORMAT_VERSION = 1


@dataclass(frozen=True)
class OfficeKey:
    office: str
    signing_key: SigningKey

    @property
    def public_key(self) -> bytes:
        return bytes(self.signing_key.verify_key)

    @property
    def key_id(self) -> str:
        return key_id(self.public_key)


def key_id(public_key: bytes) -> str:
    """The full identifier of a public key (sha256, hex), written into each manifest."""
    return hashlib.sha256(public_key).hexdigest()


def fingerprint(public_key: bytes) -> str:
    """A short form clerks read to each other over the phone: 5 groups of 4 hex digits."""
    digest = key_id(public_key)[:20].upper()
    return "-".join(digest[i : i + 4] for i in range(0, 20, 4))


def default_key_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".signing-key")


def generate(conn: sqlite3.Connection, office: str, key_path: Path) -> OfficeKey:
    """Create the office's signing key in ``key_path`` (0600) and register its public key."""
    signing_key = SigningKey.generate()
    document = {
        "format": PRIVATE_FORMAT,
        "version": KEY_FORMAT_VERSION,
        "office": office,
        "seed": base64.b64encode(bytes(signing_key)).decode("ascii"),
        "created_at": _now(),
    }
    key_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise KeyProblem(f"私钥文件已存在：{key_path}。为防止误覆盖，请先移走旧文件。") from None
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(document, handle, ensure_ascii=False, indent=1)
        handle.write("\n")
    os.chmod(key_path, 0o600)
    key = OfficeKey(office, signing_key)
    store_public_key(conn, office, key.public_key, note="本办公室", replace=True)
    conn.execute("UPDATE _sync_state SET key_file = ? WHERE id = 1", (str(key_path),))
    return key


def load_signing_key(key_path: Path, office: str) -> OfficeKey:
    """Read the office's private key, refusing a file that others could read."""
    try:
        mode = key_path.stat().st_mode
    except FileNotFoundError:
        raise KeyProblem(
            f"找不到私钥文件：{key_path}。请先运行 `datasette intake keys DB --generate`。"
        ) from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyProblem(f"私钥文件 {key_path} 的权限过宽（应为 0600，请执行 chmod 600）。")
    try:
        document = json.loads(key_path.read_text(encoding="utf-8"))
        if document.get("format") != PRIVATE_FORMAT:
            raise ValueError("format")
        seed = base64.b64decode(document["seed"], validate=True)
        signing_key = SigningKey(seed)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as error:
        raise KeyProblem(f"私钥文件 {key_path} 无法读取或格式不对。") from error
    if document.get("office") != office:
        raise KeyProblem(f"私钥文件属于办公室 {document.get('office')}，而本登记册属于 {office}。")
    return OfficeKey(office, signing_key)


def store_public_key(
    conn: sqlite3.Connection, office: str, public_key: bytes, *, note: str, replace: bool
) -> None:
    current = conn.execute(
        "SELECT public_key FROM _sync_keys WHERE office = ?", (office,)
    ).fetchone()
    encoded = base64.b64encode(public_key).decode("ascii")
    if current and current[0] != encoded and not replace:
        raise KeyProblem(
            f"办公室 {office} 已登记了另一把公钥（指纹 "
            f"{fingerprint(base64.b64decode(current[0]))}）。确需更换时请加 --replace。"
        )
    conn.execute(
        """
        INSERT INTO _sync_keys (office, public_key, fingerprint, added_at, note)
        VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (office) DO UPDATE SET public_key = excluded.public_key,
            fingerprint = excluded.fingerprint, added_at = excluded.added_at, note = excluded.note
        """,
        (office, encoded, fingerprint(public_key), _now(), note),
    )


def public_key_document(conn: sqlite3.Connection, office: str) -> dict[str, object]:
    """The JSON document another office imports to trust this office's files."""
    row = conn.execute("SELECT public_key FROM _sync_keys WHERE office = ?", (office,)).fetchone()
    if row is None:
        raise KeyProblem(f"本登记册还没有办公室 {office} 的公钥，请先生成密钥。")
    public_key = base64.b64decode(row[0])
    return {
        "format": PUBLIC_FORMAT,
        "version": KEY_FORMAT_VERSION,
        "office": office,
        "public_key": row[0],
        "fingerprint": fingerprint(public_key),
    }


def parse_public_key_document(text: str) -> tuple[str, bytes]:
    """(office, public key) from a public-key document, or KeyProblem."""
    try:
        document = json.loads(text)
        if not isinstance(document, dict) or document.get("format") != PUBLIC_FORMAT:
            raise ValueError("format")
        if document.get("version") != KEY_FORMAT_VERSION:
            raise ValueError("version")
        office = document["office"]
        public_key = base64.b64decode(document["public_key"], validate=True)
        VerifyKey(public_key)
        if not isinstance(office, str) or len(public_key) != 32:
            raise ValueError("shape")
    except (ValueError, KeyError, TypeError) as error:
        raise KeyProblem(
            "公钥文件格式不对（应为 `keys --export-public` 导出的 JSON 文件）。"
        ) from error
    if document.get("fingerprint") not in (None, fingerprint(public_key)):
        raise KeyProblem("公钥文件中的指纹与公钥不符，文件可能被改动过。")
    return office, public_key


def verify_key(conn: sqlite3.Connection, office: str) -> tuple[VerifyKey, str] | None:
    """The registered public key of ``office`` and its key id, or None when unknown."""
    row = conn.execute("SELECT public_key FROM _sync_keys WHERE office = ?", (office,)).fetchone()
    if row is None:
        return None
    public_key = base64.b64decode(row[0])
    return VerifyKey(public_key), key_id(public_key)


def signature_is_valid(key: VerifyKey, message: bytes, signature: bytes) -> bool:
    try:
        key.verify(message, signature)
    except (BadSignatureError, ValueError, TypeError):
        return False
    return True


def list_keys(conn: sqlite3.Connection) -> list[tuple[str, str, str, str | None]]:
    return conn.execute(
        "SELECT office, fingerprint, added_at, note FROM _sync_keys ORDER BY office"
    ).fetchall()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
