"""The change-file container: a zip with a signed envelope and encrypted parts (format 2).

Layout of ``<office>-<incarnation>-<sequence>-<export id>.hzsync`` (a plain zip, every member
stored, never compressed):

- ``envelope.json``: no personal data — format and version, notice id, the carrying office
  (``source_office``), its register ``incarnation`` and ``sequence`` (together they name the
  file stream), export id, creation time, ``key_id`` of the carrier's key, ``max_clock``, the
  destinations (office, key id, the file key sealed to that office), and for every member its
  size and sha256 (of the encrypted bytes);
- ``envelope.sig``: the carrier's Ed25519 signature of ``envelope.json`` exactly as stored;
- ``parts/NNNN.bin``: one encrypted part each (``crypto``; plain encoding in ``parts``).

Reading is bounded in memory whatever the file: the zip's directory is read first (sizes,
member names, stored-not-compressed), the envelope is at most 1 MB and must carry a valid
carrier signature before any member is read; members are hashed, decrypted and inflated in
chunks, each against sizes the signatures vouch for.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from .errors import RejectedFile

FORMAT = "hz-intake-changes"
FORMAT_VERSION = 2
SUFFIX = ".hzsync"
PART_SUFFIX = ".part"
ENVELOPE_NAME = "envelope.json"
SIGNATURE_NAME = "envelope.sig"
MAX_ENVELOPE_BYTES = 1_000_000
MAX_MEMBERS = 10_000
MAX_MEMBER_BYTES = 4 * 1024**3


def file_name(office: str, incarnation: str, sequence: int, export_id: str) -> str:
    return f"{office}-{incarnation[:6]}-{sequence:06d}-{export_id[:8]}{SUFFIX}"


def _damaged(detail: str) -> RejectedFile:
    return RejectedFile("damaged", f"文件已损坏或不完整：{detail}")


@dataclass
class OpenedFile:
    """A change file whose zip directory and envelope were read (nothing verified yet)."""

    path: Path
    envelope_bytes: bytes
    signature: bytes
    envelope: dict[str, object]
    members: dict[str, zipfile.ZipInfo]

    @property
    def source_office(self) -> str:
        return str(self.envelope["source_office"])

    @property
    def incarnation(self) -> str:
        return str(self.envelope["incarnation"])

    @property
    def sequence(self) -> int:
        return int(self.envelope["sequence"])  # type: ignore[arg-type]

    @property
    def export_id(self) -> str:
        return str(self.envelope["export_id"])

    @property
    def key_id(self) -> str:
        return str(self.envelope["key_id"])

    @property
    def max_clock(self) -> int:
        return int(self.envelope["max_clock"])  # type: ignore[arg-type]

    @property
    def envelope_sha256(self) -> str:
        return hashlib.sha256(self.envelope_bytes).hexdigest()

    @property
    def part_entries(self) -> list[dict[str, object]]:
        return list(self.envelope["parts"])  # type: ignore[arg-type]

    def destination(self, office: str) -> dict[str, object] | None:
        for entry in self.envelope["destinations"]:  # type: ignore[union-attr]
            if entry.get("office") == office:
                return entry
        return None

    def destination_offices(self) -> list[str]:
        return [str(e.get("office")) for e in self.envelope["destinations"]]  # type: ignore[union-attr]

    def verify_members(self) -> None:
        """Every member's sha256 as the (already verified) envelope lists it, in chunks."""
        for entry in self.part_entries:
            name = str(entry["member"])
            digest = hashlib.sha256()
            with self.member(name) as member:
                for block in iter(lambda: member.read(1024 * 1024), b""):  # noqa: B023
                    digest.update(block)
            if digest.hexdigest() != entry["sha256"]:
                raise RejectedFile(
                    "checksum", f"数据部分 {name} 的校验和与清单不符（文件被篡改或损坏）。"
                )

    @contextmanager
    def member(self, name: str) -> Iterator[IO[bytes]]:
        """One member, read in chunks; a damaged zip becomes a refusal, not a traceback."""
        try:
            with zipfile.ZipFile(self.path) as archive, archive.open(name) as handle:
                yield handle
        except RejectedFile:
            raise
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, KeyError) as error:
            raise _damaged(f"数据部分 {name} 无法读取（{type(error).__name__}）。") from error


def open_file(path: Path) -> OpenedFile:
    """Read the zip directory and the envelope; RejectedFile (Chinese) for anything else."""
    try:
        with open(path, "rb") as handle:
            if handle.read(2) != b"PK":
                raise RejectedFile(
                    "not-a-change-file", "这不是变更文件（不是本系统导出的 .hzsync 文件）。"
                )
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_MEMBERS:
                raise _damaged("压缩包中的内容过多。")
            names = [info.filename for info in infos]
            if len(names) != len(set(names)):
                raise _damaged("压缩包中有重名的内容。")
            by_name = {info.filename: info for info in infos}
            if ENVELOPE_NAME not in by_name or SIGNATURE_NAME not in by_name:
                raise RejectedFile("not-a-change-file", "这不是变更文件：缺少清单或签名。")
            for info in infos:
                if info.compress_type != zipfile.ZIP_STORED or info.compress_size != info.file_size:
                    raise RejectedFile(
                        "tampered",
                        f"文件中的 {info.filename} 经过压缩，不是本系统写出的变更文件，已拒收。",
                    )
                if info.file_size > MAX_MEMBER_BYTES:
                    raise _damaged("内容过大。")
            if by_name[ENVELOPE_NAME].file_size > MAX_ENVELOPE_BYTES:
                raise _damaged("清单过大。")
            if by_name[SIGNATURE_NAME].file_size != 64:
                raise _damaged("签名长度不对。")
            envelope_bytes = archive.read(ENVELOPE_NAME)
            signature = archive.read(SIGNATURE_NAME)
    except RejectedFile:
        raise
    except FileNotFoundError:
        raise RejectedFile("missing", f"找不到文件 {path}。") from None
    except PermissionError:
        raise RejectedFile("unreadable", f"没有权限读取文件 {path}。") from None
    except IsADirectoryError:
        raise RejectedFile("not-a-change-file", f"{path} 是文件夹，不是变更文件。") from None
    except Exception as error:  # zipfile raises many kinds on truncated or garbled input
        raise _damaged(f"无法作为变更文件读取（{type(error).__name__}）。") from error
    envelope = _parse_envelope(envelope_bytes)
    listed = {str(entry["member"]) for entry in envelope["parts"]}  # type: ignore[union-attr]
    extra = set(by_name) - listed - {ENVELOPE_NAME, SIGNATURE_NAME}
    if extra:
        raise RejectedFile(
            "tampered", f"文件含有清单未列出的内容（{', '.join(sorted(extra))}），已拒收。"
        )
    for entry in envelope["parts"]:  # type: ignore[union-attr]
        info = by_name.get(str(entry["member"]))
        if info is None:
            raise _damaged(f"缺少数据部分 {entry['member']}。")
        if info.file_size != entry["bytes"]:
            raise RejectedFile(
                "checksum", f"数据部分 {entry['member']} 的大小与清单不符（文件被改动或不完整）。"
            )
    return OpenedFile(path, envelope_bytes, signature, envelope, by_name)


def _parse_envelope(envelope_bytes: bytes) -> dict[str, object]:
    try:
        envelope = json.loads(envelope_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise _damaged("清单无法解析。") from error
    if not isinstance(envelope, dict) or envelope.get("format") != FORMAT:
        raise RejectedFile("not-a-change-file", "这不是本系统的变更文件（清单格式名不符）。")
    version = envelope.get("format_version")
    if version != FORMAT_VERSION:
        raise RejectedFile(
            "format-version",
            f"变更文件格式版本 {version} 不受支持（本程序只认版本 {FORMAT_VERSION}），"
            "请将两边程序升级到同一版本后重新导出。",
        )
    required = {
        "source_office": str,
        "incarnation": str,
        "export_id": str,
        "sequence": int,
        "key_id": str,
        "notice": str,
        "max_clock": int,
        "parts": list,
        "destinations": list,
    }
    for key, kind in required.items():
        value = envelope.get(key)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise _damaged(f"清单缺少或写错了字段 {key}。")
    if envelope["sequence"] < 1:  # type: ignore[operator]
        raise _damaged("清单中的序号无效。")
    for entry in [*envelope["parts"], *envelope["destinations"]]:  # type: ignore[misc]
        if not isinstance(entry, dict):
            raise _damaged("清单中的条目无效。")
    for entry in envelope["parts"]:  # type: ignore[union-attr]
        member, size, digest = entry.get("member"), entry.get("bytes"), entry.get("sha256")
        if not (isinstance(member, str) and member.startswith("parts/")):
            raise _damaged("清单中的数据部分命名不对。")
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise _damaged("清单中的大小无效。")
        if not isinstance(digest, str):
            raise _damaged("清单中的校验和无效。")
    return envelope


def write(directory: Path, name: str, envelope: dict[str, object], members: dict[str, Path],
          sign: object) -> Path:  # fmt: skip
    """Write the change file atomically: ``name.part`` first, fsync, then rename to ``name``.

    ``members`` maps member names to files already encrypted; ``sign`` takes the envelope bytes
    and returns the 64-byte signature.
    """
    envelope_bytes = json.dumps(envelope, ensure_ascii=False, indent=1, sort_keys=True).encode()
    signature = sign(envelope_bytes)  # type: ignore[operator]
    final = directory / name
    temporary = directory / (name + PART_SUFFIX)
    with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr(ENVELOPE_NAME, envelope_bytes)
        archive.writestr(SIGNATURE_NAME, signature)
        for member, path in members.items():
            archive.write(path, member)
    with open(temporary, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(temporary, final)
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return final
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
    return final


def member_entry(member: str, path: Path) -> dict[str, object]:
    from .parts import file_sha256

    return {"member": member, "bytes": path.stat().st_size, "sha256": file_sha256(path)}
