"""Password hashes: PBKDF2-SHA256 (the same format as datasette-auth-passwords), and a check
that takes the same time whether or not the account exists."""

from __future__ import annotations

import base64
import hashlib
import secrets

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 480_000
MIN_LENGTH = 10


def hash_password(password: str, iterations: int = ITERATIONS, salt: str | None = None) -> str:
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode(), iterations)
    return f"{ALGORITHM}${iterations}${salt}${base64.b64encode(digest).decode('ascii')}"


def iterations_of(password_hash: str) -> int:
    try:
        return int(password_hash.split("$")[1])
    except (IndexError, ValueError):
        return ITERATIONS


def verify_password(password: str, password_hash: str) -> bool:
    parts = (password_hash or "").split("$")
    if len(parts) != 4 or parts[0] != ALGORITHM:
        return False
    expected = hash_password(password, int(parts[1]), parts[2])
    return secrets.compare_digest(expected, password_hash)


def dummy_hash(iterations: int) -> str:
    """A hash to check unknown usernames against, so that they take as long as known ones."""
    return hash_password(secrets.token_urlsafe(16), iterations)


def password_problem(password: str, username: str, current: str | None = None) -> str | None:
    """Why a new password is not acceptable (Chinese), or None."""
    if len(password) < MIN_LENGTH:
        return f"新密码至少{MIN_LENGTH}个字符"
    if password.strip() != password:
        return "新密码首尾不能有空格"
    if username and username.lower() in password.lower():
        return "新密码不能包含用户名"
    if current is not None and password == current:
        return "新密码不能与当前密码相同"
    return None
