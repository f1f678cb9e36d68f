"""A one-line progress bar on a text stream (stderr), redrawn at most once per percent."""

from __future__ import annotations

from typing import TextIO


class Progress:
    def __init__(self, total: int, stream: TextIO, enabled: bool, label: str = "检查进度") -> None:
        self.total, self.stream, self.enabled, self.label = total, stream, enabled, label
        self._shown = -1

    def update(self, done: int) -> None:
        if not self.enabled or self.total <= 0:
            return
        percent = done * 100 // self.total
        if percent == self._shown:
            return
        self._shown = percent
        filled = percent // 5
        bar = "#" * filled + "-" * (20 - filled)
        self.stream.write(f"\r{self.label} [{bar}] {done}/{self.total} {percent}%")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self._shown >= 0:
            self.stream.write("\n")
            self.stream.flush()
