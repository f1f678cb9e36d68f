"""Ed25519 keys of the offices (PyNaCl).

Trust model (see TRUST.md): every office has one key pair. Its private part lives in a file
outside the register (created 0600, refused when readable by others) and never enters the
register database or a change file; it signs what the office writes and (converted to X25519)
opens the files sent to it. Its public part goes to the 高评委办公室, which publishes every
office's keys in a signed key directory (``directory.py``).
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
from nacl.public import PrivateKey
from nacl.signing import SigningKey, VerifyKey

from .errors import KeyProblem

PRIVATE_FORMAT = "hz-intake-signing-key"
PUBLIC_FORMAT = "hz-intake-public-key"
KEY_FORMAT_VERSION = 1
# The owner written in the private-key file of the key that signs the key directory.
CENTRAL = "central"


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

    def sign(self, message: bytes) -> bytes:
        return self.signing_key.sign(message).signature

    def box_key(self) -> PrivateKey:
        """The X25519 key (derived from the signing key) that opens files sent to this office."""
        return PrivateKey(bytes(self.signing_key.to_curve25519_private_key()))


def key_id(public_key: bytes) -> str:
    """The full identifier of a public key (sha256, hex), written into each manifest."""
    return hashlib.sha256(public_key).hexdigest()


def fingerprint(public_key: bytes) -> str:
    """A short form clerks read to each other over the phone: 5 groups of 4 hex digits."""
    digest = key_id(public_key)[:20].upper()
    return "-".join(digest[i : i + 4] for i in range(0, 20, 4))


def default_key_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".signing-key")


def create_key_file(key_path: Path, owner: str) -> OfficeKey:
    """A new key pair whose private part is written to ``key_path`` (0600, never overwritten).

    ``owner`` is an office code, or ``CENTRAL`` for the key that signs the key directory.
    """
    signing_key = SigningKey.generate()
    document = {
        "format": PRIVATE_FORMAT,
        "version": KEY_FORMAT_VERSION,
        "office": owner,
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
    return OfficeKey(owner, signing_key)


def generate(conn: sqlite3.Connection, office: str, key_path: Path) -> OfficeKey:
    """Create the office's key in ``key_path`` (0600) and record its public part here."""
    key = create_key_file(key_path, office)
    from .directory import store_own_key

    store_own_key(conn, key)
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
        if office == CENTRAL or document.get("office") == CENTRAL:
            raise KeyProblem(
                f"私钥文件 {key_path} 不是{'密钥目录签名' if office == CENTRAL else '办公室'}私钥。"
            )
        raise KeyProblem(f"私钥文件属于办公室 {document.get('office')}，而本登记册属于 {office}。")
    return OfficeKey(office, signing_key)


def public_key_document(key: OfficeKey) -> dict[str, object]:
    """The JSON document an office gives the 高评委办公室 for the key directory."""
    return {
        "format": PUBLIC_FORMAT,
        "version": KEY_FORMAT_VERSION,
        "office": key.office,
        "public_key": base64.b64encode(key.public_key).decode("ascii"),
        "fingerprint": fingerprint(key.public_key),
    }


def public_key_text(key: OfficeKey) -> str:
    return json.dumps(public_key_document(key), ensure_ascii=False, indent=1) + "\n"


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


def signature_is_valid(key: VerifyKey, message: bytes, signature: bytes) -> bool:
    try:
        key.verify(message, signature)
    except (BadSignatureError, ValueError, TypeError):
        return False
    return True


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
