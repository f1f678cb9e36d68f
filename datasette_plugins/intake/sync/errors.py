"""The errors of the sync layer. Messages are Chinese: clerks read them in logs and reason files."""

from __future__ import annotations


class SyncError(Exception):
    """A sync operation could not be done; ``message`` says why, in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RejectedFile(SyncError):
    """A change file is refused (damaged, forged, unknown, replayed); the register is untouched.

    ``code`` is a stable English keyword for programs and tests, ``message`` the reason for people.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class KeyProblem(SyncError):
    """A signing or public key is missing, malformed or unsafe."""
