"""Login throttling: per account and per address, with growing delays.

A few failures are free (typing mistakes); after that each failure locks the key, for 30 seconds
and then twice as long as the time before, up to 15 minutes. While a key is locked every attempt
is refused at once, without checking the password (so guessing is no faster with the right
password in the list) and without counting. Account keys are per username as typed, known or
not, so a locked answer says nothing about whether an account exists. A success clears the
account's key; an address's key is forgotten an hour after its last failure (signing in to
one's own account does not clear it).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Policy:
    free: int
    base_seconds: float = 30.0
    max_lock_seconds: float = 15 * 60
    forget_seconds: float = 60 * 60

    def lock_seconds(self, failures: int) -> float:
        """How long a key is locked after its ``failures``-th failure (0 while still free)."""
        if failures < self.free:
            return 0.0
        return min(self.max_lock_seconds, self.base_seconds * 2 ** (failures - self.free))


ACCOUNT = Policy(free=5)
ADDRESS = Policy(free=20)


def account_key(username: str) -> str:
    return "user:" + username.strip().lower()


def address_key(address: str) -> str:
    return "addr:" + address


def wait_text(seconds: float) -> str:
    seconds = max(1, int(seconds + 0.999))
    if seconds < 60:
        return f"{seconds} 秒"
    return f"{(seconds + 59) // 60} 分钟"
