"""The key directory the 高评委办公室 signs, and which keys a register trusts.

- The 高评委办公室 keeps a **central key** (a private-key file of its own, never in a register).
  Each office trusts its public part once, after reading its fingerprint to the 高评委办公室 on
  the phone (the number comes from the notice data, data/<notice>/offices.toml): ``trust_central``.
- The 高评委办公室 publishes a **directory**: every office's public keys with a status —
  ``active`` (signs new files), ``retired`` (replaced in a routine rotation; what it signed stays
  valid), ``revoked`` (lost or compromised; only versions whose clock is at most
  ``valid_until`` stay valid, so a rebuilt register can still recover what the 高评委办公室 had
  received before the loss; nothing else signed by it is accepted). Each directory has a version
  number; a register only moves forward (``import_directory``).
- A register trusts exactly the keys of the newest directory it imported, plus its own key.
  ``author_key`` answers "may this key sign versions of that office up to that clock?" with the
  key or a Chinese reason.
"""

from __future__ import annotations

import base64
import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from nacl.signing import VerifyKey

from ..domain.offices import COMMITTEE_CODE, load_offices
from .errors import KeyProblem, RejectedFile
from .keys import (
    OfficeKey,
    fingerprint,
    key_id,
    parse_public_key_document,
    signature_is_valid,
)

DIRECTORY_FORMAT = "hz-intake-key-directory"
CENTRAL_FORMAT = "hz-intake-central-key"
STATUS_LABELS = {"active": "使用中", "retired": "已更换（旧文件仍有效）", "revoked": "已吊销"}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def committee_phone() -> str:
    """The number the notice gives for the 高评委办公室 (the notice data), never typed here."""
    return load_offices()[COMMITTEE_CODE].phone


# -- the central key --------------------------------------------------------------------------


def central_document(central: OfficeKey) -> dict[str, object]:
    return {
        "format": CENTRAL_FORMAT,
        "version": 1,
        "public_key": base64.b64encode(central.public_key).decode("ascii"),
        "fingerprint": fingerprint(central.public_key),
    }


def parse_central_document(text: str) -> bytes:
    try:
        document = json.loads(text)
        if not isinstance(document, dict) or document.get("format") != CENTRAL_FORMAT:
            raise ValueError("format")
        public_key = base64.b64decode(document["public_key"], validate=True)
        VerifyKey(public_key)
    except (ValueError, KeyError, TypeError) as error:
        raise KeyProblem(
            "中心公钥文件格式不对（应为高评委办公室 `directory init` 生成的 central.pub.json）。"
        ) from error
    if document.get("fingerprint") not in (None, fingerprint(public_key)):
        raise KeyProblem("中心公钥文件中的指纹与公钥不符，文件可能被改动过。")
    return public_key


def central_key(conn: sqlite3.Connection) -> bytes | None:
    row = conn.execute("SELECT public_key FROM _sync_central WHERE id = 1").fetchone()
    return None if row is None else base64.b64decode(row[0])


def trust_central(conn: sqlite3.Connection, public_key: bytes, *, replace: bool) -> str:
    """Record the central key (after the phone call); returns its fingerprint."""
    current = central_key(conn)
    if current is not None and current != public_key and not replace:
        raise KeyProblem(
            f"本登记簿已信任另一把中心公钥（指纹 {fingerprint(current)}）。"
            f"确需更换时，请先致电高评委办公室（{committee_phone()}）核对新指纹，再加 --replace。"
        )
    conn.execute(
        "INSERT INTO _sync_central (id, public_key, fingerprint, trusted_at, note)"
        " VALUES (1, ?, ?, ?, '已电话核对') ON CONFLICT (id) DO UPDATE SET"
        " public_key = excluded.public_key, fingerprint = excluded.fingerprint,"
        " trusted_at = excluded.trusted_at",
        (base64.b64encode(public_key).decode("ascii"), fingerprint(public_key), _now()),
    )
    return fingerprint(public_key)


# -- the directory document -------------------------------------------------------------------


@dataclass
class KeyEntry:
    office: str
    public_key: bytes
    status: str = "active"
    valid_until: int | None = None
    since: str = ""

    def as_json(self) -> dict[str, object]:
        return {
            "office": self.office,
            "public_key": base64.b64encode(self.public_key).decode("ascii"),
            "fingerprint": fingerprint(self.public_key),
            "status": self.status,
            "valid_until": self.valid_until,
            "since": self.since,
        }


@dataclass
class Directory:
    version: int
    issued_at: str
    entries: list[KeyEntry]

    def document(self, notice: str) -> dict[str, object]:
        return {
            "format": DIRECTORY_FORMAT,
            "version": self.version,
            "notice": notice,
            "issued_at": self.issued_at,
            "keys": [entry.as_json() for entry in self.entries],
        }

    def sign(self, central: OfficeKey, notice: str) -> str:
        """The signed directory file's text."""
        body = json.dumps(self.document(notice), ensure_ascii=False, sort_keys=True, indent=1)
        return json.dumps(
            {
                "directory": body,
                "signature": base64.b64encode(central.sign(body.encode())).decode("ascii"),
                "central_fingerprint": fingerprint(central.public_key),
            },
            ensure_ascii=False,
            indent=1,
        )

    def add_key(self, office: str, public_key: bytes) -> None:
        """Make ``public_key`` the office's active key; its previous active key is retired."""
        for entry in self.entries:
            if entry.office == office and entry.public_key == public_key:
                raise KeyProblem(f"这把公钥已在目录中（办公室 {office}）。")
        for entry in self.entries:
            if entry.office == office and entry.status == "active":
                entry.status, entry.since = "retired", _now()
        self.entries.append(KeyEntry(office, public_key, "active", None, _now()))

    def revoke(self, office: str, key_fingerprint: str | None, valid_until: int | None) -> KeyEntry:
        candidates = [
            e
            for e in self.entries
            if e.office == office
            and e.status != "revoked"
            and (key_fingerprint is None or fingerprint(e.public_key) == key_fingerprint)
        ]
        if not candidates:
            raise KeyProblem(f"目录中没有办公室 {office} 可吊销的密钥。")
        entry = candidates[-1]
        entry.status, entry.valid_until, entry.since = "revoked", valid_until, _now()
        return entry


def parse_public_documents(texts: list[str]) -> list[tuple[str, bytes]]:
    offices = load_offices()
    found = []
    for text in texts:
        office, public_key = parse_public_key_document(text)
        if office not in offices:
            raise KeyProblem(f"公钥文件中的办公室“{office}”不在受理部门名录中。")
        found.append((office, public_key))
    return found


def read_directory(
    text: str, central_public: bytes | None, notice: str
) -> tuple[Directory, bytes, bytes]:
    """Parse and verify a signed directory file: (directory, document bytes, signature)."""
    try:
        outer = json.loads(text)
        body = outer["directory"].encode()
        signature = base64.b64decode(outer["signature"], validate=True)
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise KeyProblem(
            "密钥目录文件格式不对（应为高评委办公室发布的 directory.json）。"
        ) from error
    if central_public is None:
        raise KeyProblem(
            "本登记簿尚未信任高评委办公室的中心公钥：请先用 `keys --trust-central central.pub.json`"
            f" 导入，并致电高评委办公室（{committee_phone()}）核对指纹。"
        )
    if not signature_is_valid(VerifyKey(central_public), body, signature):
        raise KeyProblem(
            "密钥目录的签名核验失败：它不是由本登记簿信任的高评委办公室中心密钥签发的，"
            "或文件被改动过，已拒绝导入。"
        )
    try:
        document = json.loads(body)
        if document.get("format") != DIRECTORY_FORMAT or not isinstance(document["keys"], list):
            raise ValueError("format")
        entries = [
            KeyEntry(
                str(k["office"]),
                base64.b64decode(k["public_key"], validate=True),
                str(k["status"]),
                None if k.get("valid_until") is None else int(k["valid_until"]),
                str(k.get("since") or ""),
            )
            for k in document["keys"]
        ]
        directory = Directory(int(document["version"]), str(document["issued_at"]), entries)
    except (ValueError, KeyError, TypeError) as error:
        raise KeyProblem("密钥目录内容不完整，已拒绝导入。") from error
    if document.get("notice") != notice:
        raise KeyProblem(f"该密钥目录属于另一次评审（{document.get('notice')}），已拒绝导入。")
    for entry in entries:
        if entry.status not in STATUS_LABELS or len(entry.public_key) != 32:
            raise KeyProblem("密钥目录中有无效的条目，已拒绝导入。")
    return directory, body, signature


def new_directory() -> Directory:
    return Directory(0, _now(), [])


# -- what a register trusts -------------------------------------------------------------------


def store_own_key(conn: sqlite3.Connection, key: OfficeKey) -> None:
    """This register's own key is trusted here before any directory lists it."""
    conn.execute(
        "INSERT OR IGNORE INTO _sync_keys (office, key_id, public_key, fingerprint, status,"
        " directory_version, added_at, note) VALUES (?, ?, ?, ?, 'active', 0, ?, '本办公室')",
        (
            key.office,
            key.key_id,
            base64.b64encode(key.public_key).decode("ascii"),
            fingerprint(key.public_key),
            _now(),
        ),
    )


def import_directory(conn: sqlite3.Connection, text: str, notice: str) -> Directory:
    """Verify a directory with the trusted central key and make its keys this register's
    (inside the caller's transaction). An older or equal version is refused."""
    directory, body, signature = read_directory(text, central_key(conn), notice)
    (current,) = conn.execute("SELECT COALESCE(MAX(version), 0) FROM _sync_directory").fetchone()
    if directory.version <= current:
        raise KeyProblem(
            f"这份密钥目录是第 {directory.version} 版，本登记簿已有第 {current} 版，无需导入"
            "（旧版目录不能覆盖新版）。"
        )
    offices = load_offices()
    for entry in directory.entries:
        if entry.office not in offices:
            raise KeyProblem(f"密钥目录中的办公室“{entry.office}”不在受理部门名录中。")
    own = conn.execute("SELECT office FROM register WHERE singleton = 1").fetchone()
    own_keys = conn.execute(
        "SELECT key_id, public_key, fingerprint, added_at FROM _sync_keys"
        " WHERE office = ? AND directory_version = 0",
        (own[0] if own else "",),
    ).fetchall()
    conn.execute("DELETE FROM _sync_keys")
    for entry in directory.entries:
        conn.execute(
            "INSERT OR REPLACE INTO _sync_keys (office, key_id, public_key, fingerprint, status,"
            " valid_until, directory_version, added_at, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                entry.office,
                key_id(entry.public_key),
                base64.b64encode(entry.public_key).decode("ascii"),
                fingerprint(entry.public_key),
                entry.status,
                entry.valid_until,
                directory.version,
                _now(),
                f"密钥目录第 {directory.version} 版",
            ),
        )
    for key_id_, public_key, key_fingerprint, added_at in own_keys:
        conn.execute(
            "INSERT OR IGNORE INTO _sync_keys (office, key_id, public_key, fingerprint, status,"
            " directory_version, added_at, note) VALUES (?, ?, ?, ?, 'active', 0, ?, '本办公室')",
            (own[0], key_id_, public_key, key_fingerprint, added_at),
        )
    conn.execute(
        "INSERT INTO _sync_directory (version, issued_at, document, signature, imported_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (directory.version, directory.issued_at, body, signature, _now()),
    )
    return directory


@dataclass(frozen=True)
class TrustedKey:
    office: str
    key_id: str
    verify_key: VerifyKey
    status: str
    valid_until: int | None

    @property
    def box_public(self) -> bytes:
        return bytes(self.verify_key.to_curve25519_public_key())


def _row_key(row: tuple) -> TrustedKey:
    office, key_id_, public_key, status, valid_until = row
    return TrustedKey(office, key_id_, VerifyKey(base64.b64decode(public_key)), status, valid_until)


def author_key(
    conn: sqlite3.Connection, office: str, key_id_: str, max_clock: int, what: str
) -> TrustedKey:
    """The key that may have signed ``what`` (Chinese: 文件, 数据部分 …) for ``office`` with
    versions up to ``max_clock``; RejectedFile with the reason otherwise."""
    row = conn.execute(
        "SELECT office, key_id, public_key, status, valid_until FROM _sync_keys"
        " WHERE office = ? AND key_id = ?",
        (office, key_id_),
    ).fetchone()
    if row is None:
        known = conn.execute("SELECT 1 FROM _sync_keys WHERE office = ?", (office,)).fetchone()
        if known is None:
            raise RejectedFile(
                "unknown-key",
                f"本登记簿的密钥目录中没有办公室 {office} 的公钥，无法核验{what}的签名，未导入。"
                "请导入高评委办公室发布的最新密钥目录（"
                "`keys --import-directory`），之后文件会被重新处理。",
            )
        raise RejectedFile(
            "unknown-key",
            f"{what}由一把不在本登记簿密钥目录中的密钥签名（"
            f"不是办公室 {office} 登记的公钥），未导入。"
            "如果该办公室刚换了密钥，请导入高评委办公室发布的最新密钥目录。",
        )
    key = _row_key(tuple(row))
    if key.status == "revoked" and (key.valid_until is None or max_clock > key.valid_until):
        raise RejectedFile(
            "revoked-key",
            f"{what}由办公室 {office} 已吊销的密钥签名（高评委办公室已宣布该密钥作废，"
            "例如电脑遗失），已拒收，登记簿未作任何改动。请该办公室用新密钥重新导出。",
        )
    return key


def destination_key(conn: sqlite3.Connection, office: str) -> TrustedKey:
    """The active key of ``office``, to encrypt a file for it."""
    row = conn.execute(
        "SELECT office, key_id, public_key, status, valid_until FROM _sync_keys"
        " WHERE office = ? AND status = 'active' ORDER BY directory_version DESC, added_at DESC",
        (office,),
    ).fetchone()
    if row is None:
        raise KeyProblem(
            f"本登记簿的密钥目录中没有办公室 {office} 使用中的公钥，无法为它加密。"
            "请先导入高评委办公室发布的最新密钥目录。"
        )
    return _row_key(tuple(row))


def listing(conn: sqlite3.Connection) -> list[dict[str, object]]:
    names = {code: office.name for code, office in load_offices().items()}
    rows = conn.execute(
        "SELECT office, fingerprint, status, valid_until, directory_version, added_at, note"
        " FROM _sync_keys ORDER BY office, status != 'active', added_at"
    ).fetchall()
    return [
        {
            "office": r[0],
            "name": names.get(r[0], r[0]),
            "fingerprint": r[1],
            "status": r[2],
            "status_label": STATUS_LABELS.get(r[2], r[2]),
            "valid_until": r[3],
            "directory_version": r[4],
            "added_at": r[5],
            "note": r[6],
        }
        for r in rows
    ]
