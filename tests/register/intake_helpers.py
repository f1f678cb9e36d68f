"""Constants and helpers shared by the register tests (imported by name: no package here)."""

from __future__ import annotations

from datasette.app import Datasette

from datasette_plugins.intake.idcards import check_char

PASSWORD = "test-password-1"
# Clerks: two at 上城区 (330102), one at 拱墅区 (330105), one at the 高评委办公室 (330100).
CLERKS = {"clerk1": "330102", "clerk2": "330102", "clerkb": "330105", "boss": "330100"}
UNIT = "杭州测试丝绸有限公司"


def id_number(first17: str) -> str:
    """A 身份证号 with the right GB 11643 check character."""
    return first17 + check_char(first17)


def cookies(ds: Datasette, actor_id: str) -> dict[str, str]:
    return {"ds_actor": ds.client.actor_cookie({"id": actor_id, "office": CLERKS[actor_id]})}
