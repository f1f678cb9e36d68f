"""The accounts file: clerks and supervisors, their sessions, API tokens, login failures, events.

One small SQLite file (``accounts.db`` beside ``datasette.yaml``) shared by every worker process
of ``datasette intake serve``: a session ended by one worker (logout, password change) is ended
for all of them at their next request, because every request looks its session up here. Session
cookies and API tokens are random 256-bit values; only their SHA-256 is stored.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from . import throttle

ROLES = {"clerk": "受理人员", "supervisor": "主管"}
# A working day: a session lasts this long after logging in; a token by default too.
WORKING_DAY = timedelta(hours=10)
TOKEN_LIFETIMES = {  # the choices offered on the tokens page
    "day": ("一个工作日", WORKING_DAY),
    "week": ("7 天", timedelta(days=7)),
    "month": ("30 天（最长）", timedelta(days=30)),
}
MAX_TOKEN_LIFETIME = timedelta(days=30)
TOKEN_PREFIX = "intake_"
TOKEN_SCOPES = {
    "read": "只读：查询本登记簿的数据（JSON）",
    "write": "读写：新增、修改、删除本登记簿的单位、批次、申报人（JSON 写入接口）",
}

SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    username TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
    office TEXT NOT NULL,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor')),
    password_hash TEXT NOT NULL,
    password_changed_at REAL NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT NOT NULL PRIMARY KEY,
    username TEXT NOT NULL COLLATE NOCASE,
    created_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    ended_at REAL,
    ended_why TEXT,
    address TEXT,
    user_agent TEXT
);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions (username);
CREATE TABLE IF NOT EXISTS tokens (
    id TEXT NOT NULL PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    username TEXT NOT NULL COLLATE NOCASE,
    label TEXT NOT NULL,
    database TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('read', 'write')),
    created_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    revoked_at REAL,
    last_used_at REAL
);
CREATE INDEX IF NOT EXISTS tokens_user ON tokens (username);
CREATE TABLE IF NOT EXISTS login_failures (
    key TEXT NOT NULL PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_failure_at REAL NOT NULL,
    locked_until REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS account_events (
    id INTEGER PRIMARY KEY,
    at REAL NOT NULL,
    username TEXT,
    event TEXT NOT NULL,
    address TEXT,
    detail TEXT
);
"""


@dataclass(frozen=True)
class Account:
    username: str
    office: str
    display_name: str
    password_hash: str
    role: str = "clerk"
    disabled: bool = False

    def actor(self) -> dict[str, object]:
        return {
            "id": self.username,
            "name": self.display_name,
            "office": self.office,
            "role": self.role,
        }


@dataclass(frozen=True)
class Session:
    token_hash: str
    created_at: float
    expires_at: float
    ended_at: float | None
    address: str | None
    user_agent: str | None


@dataclass(frozen=True)
class Token:
    id: str
    label: str
    database: str
    scope: str
    created_at: float
    expires_at: float
    revoked_at: float | None
    last_used_at: float | None

    def active(self, now: float) -> bool:
        return self.revoked_at is None and self.expires_at > now


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class AccountStore:
    """The accounts file. Safe to share between threads (one connection, one lock)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(
            str(self.path), isolation_level=None, check_same_thread=False, timeout=30
        )
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA busy_timeout = 30000")
        if self._conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            self._conn.execute("PRAGMA journal_mode = WAL")
        with self._write() as conn:
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _read(self, sql: str, params: tuple[object, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    # --- accounts ------------------------------------------------------------------------

    def put_account(self, account: Account) -> None:
        """Create the account, or replace its office, name, role and password."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO accounts (username, office, display_name, role, password_hash,"
                " password_changed_at, disabled) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (username) DO UPDATE SET office = excluded.office,"
                " display_name = excluded.display_name, role = excluded.role,"
                " password_hash = excluded.password_hash,"
                " password_changed_at = excluded.password_changed_at,"
                " disabled = excluded.disabled",
                (account.username, account.office, account.display_name, account.role,
                 account.password_hash, time.time(), int(account.disabled)),
            )  # fmt: skip

    def account(self, username: str) -> Account | None:
        rows = self._read(
            "SELECT username, office, display_name, role, password_hash, disabled"
            " FROM accounts WHERE username = ?",
            (username,),
        )
        return _account(rows[0]) if rows else None

    def accounts(self) -> list[Account]:
        return [
            _account(row)
            for row in self._read(
                "SELECT username, office, display_name, role, password_hash, disabled"
                " FROM accounts ORDER BY username"
            )
        ]

    def display_names(self) -> dict[str, str]:
        return {a.username: a.display_name for a in self.accounts()}

    def set_password(self, username: str, password_hash: str, address: str | None) -> None:
        """A new password; every session of the account ends (in every worker process)."""
        now = time.time()
        with self._write() as conn:
            conn.execute(
                "UPDATE accounts SET password_hash = ?, password_changed_at = ? WHERE username = ?",
                (password_hash, now, username),
            )
            conn.execute(
                "UPDATE sessions SET ended_at = ?, ended_why = 'password'"
                " WHERE username = ? AND ended_at IS NULL",
                (now, username),
            )
            _event(conn, username, "password", address)

    # --- sessions ------------------------------------------------------------------------

    def start_session(
        self, username: str, address: str | None, user_agent: str | None
    ) -> tuple[str, float]:
        """A new session: (cookie value, expiry as a Unix time)."""
        token = secrets.token_urlsafe(32)
        now = time.time()
        expires = now + WORKING_DAY.total_seconds()
        with self._write() as conn:
            conn.execute(
                "INSERT INTO sessions (token_hash, username, created_at, expires_at, address,"
                " user_agent) VALUES (?, ?, ?, ?, ?, ?)",
                (digest(token), username, now, expires, address, (user_agent or "")[:200]),
            )
            _event(conn, username, "login", address)
        return token, expires

    def session_account(self, token: str) -> tuple[Account, str] | None:
        """The account of a live session and the session's id (its hash), or None."""
        rows = self._read(
            "SELECT a.username, a.office, a.display_name, a.role, a.password_hash, a.disabled,"
            " s.token_hash FROM sessions s JOIN accounts a ON a.username = s.username"
            " WHERE s.token_hash = ? AND s.ended_at IS NULL AND s.expires_at > ?"
            " AND a.disabled = 0",
            (digest(token), time.time()),
        )
        return (_account(rows[0]), rows[0]["token_hash"]) if rows else None

    def end_session(self, token: str, why: str, address: str | None) -> None:
        with self._write() as conn:
            row = conn.execute(
                "SELECT username FROM sessions WHERE token_hash = ?", (digest(token),)
            ).fetchone()
            conn.execute(
                "UPDATE sessions SET ended_at = ?, ended_why = ?"
                " WHERE token_hash = ? AND ended_at IS NULL",
                (time.time(), why, digest(token)),
            )
            if row is not None:
                _event(conn, row[0], why, address)

    def end_other_sessions(self, username: str, keep: str, address: str | None) -> int:
        with self._write() as conn:
            ended = conn.execute(
                "UPDATE sessions SET ended_at = ?, ended_why = 'ended-by-user'"
                " WHERE username = ? AND ended_at IS NULL AND token_hash != ?",
                (time.time(), username, keep),
            ).rowcount
            _event(conn, username, "end-other-sessions", address, str(ended))
        return ended

    def sessions(self, username: str) -> list[Session]:
        return [
            Session(r[0], r[1], r[2], r[3], r[4], r[5])
            for r in self._read(
                "SELECT token_hash, created_at, expires_at, ended_at, address, user_agent"
                " FROM sessions WHERE username = ? AND ended_at IS NULL AND expires_at > ?"
                " ORDER BY created_at DESC",
                (username, time.time()),
            )
        ]

    # --- API tokens ----------------------------------------------------------------------

    def create_token(
        self, username: str, label: str, database: str, scope: str, lifetime: timedelta,
        address: str | None,
    ) -> tuple[str, str]:  # fmt: skip
        """A new token (id, secret); the secret is shown once and never stored."""
        if scope not in TOKEN_SCOPES:
            raise ValueError(scope)
        lifetime = min(lifetime, MAX_TOKEN_LIFETIME)
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token_id = secrets.token_hex(4)
        now = time.time()
        with self._write() as conn:
            conn.execute(
                "INSERT INTO tokens (id, token_hash, username, label, database, scope,"
                " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (token_id, digest(secret), username, label, database, scope, now,
                 now + lifetime.total_seconds()),
            )  # fmt: skip
            _event(conn, username, "token-created", address, token_id)
        return token_id, secret

    def token_account(self, secret: str) -> tuple[Account, Token] | None:
        rows = self._read(
            "SELECT a.username, a.office, a.display_name, a.role, a.password_hash, a.disabled,"
            " t.id, t.label, t.database, t.scope, t.created_at, t.expires_at, t.revoked_at,"
            " t.last_used_at FROM tokens t JOIN accounts a ON a.username = t.username"
            " WHERE t.token_hash = ? AND t.revoked_at IS NULL AND t.expires_at > ?"
            " AND a.disabled = 0",
            (digest(secret), time.time()),
        )
        if not rows:
            return None
        row = rows[0]
        return _account(row), Token(*[row[i] for i in range(6, 14)])

    def tokens(self, username: str) -> list[Token]:
        return [
            Token(*row)
            for row in self._read(
                "SELECT id, label, database, scope, created_at, expires_at, revoked_at,"
                " last_used_at FROM tokens WHERE username = ? ORDER BY created_at DESC",
                (username,),
            )
        ]

    def revoke_token(self, username: str, token_id: str, address: str | None) -> bool:
        with self._write() as conn:
            done = conn.execute(
                "UPDATE tokens SET revoked_at = ? WHERE id = ? AND username = ?"
                " AND revoked_at IS NULL",
                (time.time(), token_id, username),
            ).rowcount
            if done:
                _event(conn, username, "token-revoked", address, token_id)
        return bool(done)

    # --- login failures ------------------------------------------------------------------

    def locked_for(self, keys: dict[str, throttle.Policy]) -> float:
        """Seconds until all of ``keys`` may try again (0 when none is locked)."""
        now = time.time()
        marks = ", ".join("?" for _ in keys)
        rows = self._read(
            f"SELECT max(locked_until) FROM login_failures WHERE key IN ({marks})", tuple(keys)
        )
        until = rows[0][0] or 0
        return max(0.0, until - now)

    def record_failure(
        self, keys: dict[str, throttle.Policy], username: str, address: str | None
    ) -> None:
        now = time.time()
        with self._write() as conn:
            for key, policy in keys.items():
                row = conn.execute(
                    "SELECT failures, last_failure_at FROM login_failures WHERE key = ?", (key,)
                ).fetchone()
                failures = 1
                if row is not None and now - row[1] < policy.forget_seconds:
                    failures = row[0] + 1
                conn.execute(
                    "INSERT INTO login_failures (key, failures, last_failure_at, locked_until)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET"
                    " failures = excluded.failures, last_failure_at = excluded.last_failure_at,"
                    " locked_until = excluded.locked_until",
                    (key, failures, now, now + policy.lock_seconds(failures)),
                )
            _event(conn, username[:60], "login-failed", address)

    def clear_failures(self, key: str) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM login_failures WHERE key = ?", (key,))

    def events(self, username: str, limit: int = 20) -> list[sqlite3.Row]:
        return self._read(
            "SELECT at, event, address, detail FROM account_events WHERE username = ?"
            " ORDER BY id DESC LIMIT ?",
            (username, limit),
        )


def _account(row: sqlite3.Row) -> Account:
    """From a row of (username, office, display_name, role, password_hash, disabled, …)."""
    return Account(row[0], row[1], row[2], row[4], row[3], bool(row[5]))


def _event(
    conn: sqlite3.Connection, username: str, event: str, address: str | None, detail: str = ""
) -> None:
    conn.execute(
        "INSERT INTO account_events (at, username, event, address, detail) VALUES (?,?,?,?,?)",
        (time.time(), username, event, address, json.dumps(detail, ensure_ascii=False)),
    )
