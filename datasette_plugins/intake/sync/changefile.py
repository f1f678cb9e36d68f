"""The change-file format: a zip with a signed manifest and one SQLite part per table.

Layout of ``<office>-<sequence>-<export id>.hzsync`` (a plain zip, members stored uncompressed):

- ``manifest.json``: format name and version, notice id, source office, destination, export id,
  sequence, key id, counts, and for every part its table, columns, row and deletion counts, size
  and sha256;
- ``manifest.sig``: the Ed25519 signature (64 bytes) of ``manifest.json`` exactly as stored;
- ``parts/<table>.sqlite.gz``: a gzip-compressed SQLite database with one table ``changes``:
  ``__row_id, __clock, __origin, __vv, __deleted`` followed by the table's own columns (NULL for
  a deletion). SQLite keeps the types of values and is read back with one ``INSERT ... SELECT``.

The sha256 of a part is taken over the member's bytes as stored (the gzip data), so a file is
checked completely without decompressing anything. Nothing is read from a part before the
signature and every checksum are verified.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import sqlite3
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import RejectedFile

FORMAT = "hz-intake-changes"
FORMAT_VERSION = 1
SUFFIX = ".hzsync"
PART_SUFFIX = ".part"
MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.sig"
META_COLUMNS = ("__row_id", "__clock", "__origin", "__vv", "__deleted")
MAX_MANIFEST_BYTES = 1_000_000
MAX_PART_BYTES = 2_000_000_000


@dataclass(frozen=True)
class PartInfo:
    name: str
    table: str
    columns: list[str]
    rows: int
    deletions: int
    size: int
    sha256: str


@dataclass
class ChangeFile:
    """A change file whose structure and checksums were verified (signature: see ``verify``)."""

    path: Path
    manifest_bytes: bytes
    signature: bytes
    manifest: dict[str, object]
    parts: list[PartInfo]
    part_bytes: dict[str, bytes] = field(repr=False)

    @property
    def source_office(self) -> str:
        return str(self.manifest["source_office"])

    @property
    def sequence(self) -> int:
        return int(self.manifest["sequence"])  # type: ignore[arg-type]

    @property
    def export_id(self) -> str:
        return str(self.manifest["export_id"])

    @property
    def key_id(self) -> str:
        return str(self.manifest["key_id"])

    @property
    def manifest_sha256(self) -> str:
        return hashlib.sha256(self.manifest_bytes).hexdigest()

    def write_part(self, part: PartInfo, directory: Path) -> Path:
        """Decompress one part into ``directory`` and return the SQLite file's path."""
        target = directory / f"{part.table}.sqlite"
        try:
            target.write_bytes(gzip.decompress(self.part_bytes[part.name]))
        except (OSError, EOFError, gzip.BadGzipFile) as error:
            raise RejectedFile("damaged", f"数据部分 {part.name} 无法解压，文件已损坏。") from error
        return target


def file_name(office: str, sequence: int, export_id: str) -> str:
    return f"{office}-{sequence:06d}-{export_id[:8]}{SUFFIX}"


def create_part_database(path: Path, columns: list[str]) -> None:
    """An empty part database with the ``changes`` table for the given data columns."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        data = "".join(f', "{name}"' for name in columns)
        conn.execute(
            "CREATE TABLE changes (__row_id TEXT NOT NULL PRIMARY KEY, __clock INTEGER NOT NULL,"
            f" __origin TEXT NOT NULL, __vv TEXT, __deleted INTEGER NOT NULL{data})"
        )
        conn.commit()
    finally:
        conn.close()


def pack_part(path: Path) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=1, mtime=0)


def write(
    directory: Path,
    name: str,
    manifest: dict[str, object],
    parts: dict[str, bytes],
    sign: object,
) -> Path:
    """Write the change file atomically: ``name.part`` first, fsync, then rename to ``name``.

    ``sign`` is a callable taking the manifest bytes and returning the 64-byte signature.
    """
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
    signature = sign(manifest_bytes)  # type: ignore[operator]
    final = directory / name
    temporary = directory / (name + PART_SUFFIX)
    with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr(MANIFEST_NAME, manifest_bytes)
        archive.writestr(SIGNATURE_NAME, signature)
        for part_name, data in parts.items():
            archive.writestr(part_name, data)
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


def part_entry(name: str, table: str, columns: list[str], rows: int, deletions: int, data: bytes):
    return {
        "name": name,
        "table": table,
        "columns": columns,
        "rows": rows,
        "deletions": deletions,
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def _damaged(detail: str) -> RejectedFile:
    return RejectedFile("damaged", f"文件已损坏或不完整：{detail}")


def read(path: Path) -> ChangeFile:
    """Open a change file and verify its structure and every part's sha256.

    Raises RejectedFile with a Chinese reason for anything truncated, damaged, of another format
    or of an unknown format version. The signature is checked by ``apply`` against the
    register's keys (this function knows no register).
    """
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = [info.filename for info in infos]
            if len(names) != len(set(names)):
                raise _damaged("压缩包中有重名的内容。")
            if MANIFEST_NAME not in names or SIGNATURE_NAME not in names:
                raise RejectedFile("not-a-change-file", "这不是变更文件：缺少清单或签名。")
            by_name = {info.filename: info for info in infos}
            if by_name[MANIFEST_NAME].file_size > MAX_MANIFEST_BYTES:
                raise _damaged("清单过大。")
            manifest_bytes = archive.read(MANIFEST_NAME)
            signature = archive.read(SIGNATURE_NAME)
            manifest = _parse_manifest(manifest_bytes)
            parts = _parse_parts(manifest)
            expected = {MANIFEST_NAME, SIGNATURE_NAME, *(part.name for part in parts)}
            extra = set(names) - expected
            if extra:
                raise RejectedFile(
                    "tampered", f"文件含有清单未列出的内容（{', '.join(sorted(extra))}），已拒收。"
                )
            part_bytes: dict[str, bytes] = {}
            for part in parts:
                info = by_name.get(part.name)
                if info is None:
                    raise _damaged(f"缺少数据部分 {part.name}。")
                if info.file_size != part.size or part.size > MAX_PART_BYTES:
                    raise RejectedFile(
                        "checksum", f"数据部分 {part.name} 的大小与清单不符（文件被改动或不完整）。"
                    )
                data = archive.read(part.name)
                if hashlib.sha256(data).hexdigest() != part.sha256:
                    raise RejectedFile(
                        "checksum", f"数据部分 {part.name} 的校验和与清单不符（文件被篡改或损坏）。"
                    )
                part_bytes[part.name] = data
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
    return ChangeFile(path, manifest_bytes, signature, manifest, parts, part_bytes)


def _parse_manifest(manifest_bytes: bytes) -> dict[str, object]:
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise _damaged("清单无法解析。") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise RejectedFile("not-a-change-file", "这不是本系统的变更文件（清单格式名不符）。")
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise RejectedFile(
            "format-version",
            f"变更文件格式版本 {version} 不受支持（本程序只认版本 {FORMAT_VERSION}），"
            "请将两边程序升级到同一版本后重新导出。",
        )
    required = {
        "source_office": str,
        "export_id": str,
        "sequence": int,
        "key_id": str,
        "notice": str,
        "max_clock": int,
        "parts": list,
    }
    for key, kind in required.items():
        value = manifest.get(key)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise _damaged(f"清单缺少或写错了字段 {key}。")
    if manifest["sequence"] < 1:  # type: ignore[operator]
        raise _damaged("清单中的序号无效。")
    return manifest


def _parse_parts(manifest: dict[str, object]) -> list[PartInfo]:
    parts: list[PartInfo] = []
    tables: set[str] = set()
    for entry in manifest["parts"]:  # type: ignore[union-attr]
        try:
            part = PartInfo(
                name=str(entry["name"]),
                table=str(entry["table"]),
                columns=[str(column) for column in entry["columns"]],
                rows=int(entry["rows"]),
                deletions=int(entry["deletions"]),
                size=int(entry["bytes"]),
                sha256=str(entry["sha256"]),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise _damaged("清单中的数据部分描述不完整。") from error
        if part.table in tables or not part.name.startswith("parts/"):
            raise _damaged("清单中的数据部分重复或命名不对。")
        if min(part.rows, part.deletions, part.size) < 0:
            raise _damaged("清单中的条数无效。")
        if any('"' in column or column.startswith("__") for column in part.columns):
            raise _damaged("清单中的列名无效。")
        tables.add(part.table)
        parts.append(part)
    return parts
