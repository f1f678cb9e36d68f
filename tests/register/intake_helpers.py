"""Constants and helpers shared by the register tests (imported by name: no package here)."""

from __future__ import annotations

from pathlib import Path

from datasette.app import Datasette

from datasette_plugins.intake.accounts.config import build_config, write_config
from datasette_plugins.intake.accounts.passwords import hash_password
from datasette_plugins.intake.accounts.store import Account
from datasette_plugins.intake.domain.idcards import check_char
from datasette_plugins.intake.records import store
from datasette_plugins.intake.schema.registers import init_register
from datasette_plugins.intake.web.auth import SESSION_COOKIE
from datasette_plugins.intake.web.state import state

PASSWORD = "test-password-1"
# Clerks: two at 上城区 (330102), one at 拱墅区 (330105), one at the 高评委办公室 (330100).
# A supervisor (chief) at 上城区 too: (office, role).
CLERKS = {
    "clerk1": ("330102", "clerk"),
    "clerk2": ("330102", "clerk"),
    "chief": ("330102", "supervisor"),
    "clerkb": ("330105", "clerk"),
    "boss": ("330100", "supervisor"),
}
UNIT = "杭州测试丝绸有限公司"


def id_number(first17: str) -> str:
    """A 身份证号 with the right GB 11643 check character."""
    return first17 + check_char(first17)


def cookies(ds: Datasette, actor_id: str) -> dict[str, str]:
    """A signed-in session of ``actor_id`` (made in the served accounts file)."""
    token, _expires = state(ds).store.start_session(actor_id, "127.0.0.1", "pytest")
    return {SESSION_COOKIE: token}


def register_to_serve(folder: Path, password: str) -> tuple[Path, Path]:
    """A 上城区 register with UNIT and one clerk (clerk1 / password), and its datasette.yaml."""
    db = folder / "330102.db"
    conn = init_register(db, "330102")
    store.add_unit(conn, "setup", UNIT)
    conn.close()
    accounts = [Account("clerk1", "330102", "收件员一", hash_password(password, iterations=1000))]
    config = build_config({"330102": "330102"}, accounts, folder / "accounts.db")
    config = write_config(folder / "datasette.yaml", config)
    return db, config
