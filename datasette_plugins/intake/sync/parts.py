"""A part: versions of one table, written by one office (its *author*), signed by that author.

A part is the unit of authorship. Its author signs a small header (table, columns, counts, the
largest clock, the size and sha256 of the data) with its own key, so a part keeps proving who
wrote its versions however many offices carry it on: a relay or a parent row travels as the
original part, unchanged, and the importer checks the author's signature and that every
version in it names the author as its origin.

Plain encoding of a part (this is what gets encrypted into a change file)::

    b"HZP2" | header length (4 bytes, big-endian) | header (JSON) | signature (64) | data

``data`` is a gzip of a SQLite file with one table ``changes``: ``__row_id, __clock, __origin,
__cl, __written, __vv`` and the table's columns (NULL where a version does not write them).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import sqlite3
import struct
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .errors import RejectedFile

MAGIC = b"HZP2"
PART_FORMAT = "hz-intake-part"
PART_VERSION = 2
META_COLUMNS = ("__row_id", "__clock", "__origin", "__cl", "__written", "__vv")
MAX_HEADER_BYTES = 64 * 1024
# A part never unpacks to more than this, whatever its header says (disk, not memory: parts are
# streamed; 100,000 applicants take about 30 MB).
MAX_SQLITE_BYTES = 2 * 1024**3
SIGNATURE_BYTES = 64


@dataclass(frozen=True)
class PartHeader:
    raw: bytes
    author: str
    key_id: str
    table: str
    row_office: str
    columns: list[str]
    versions: int
    deletions: int
    max_clock: int
    data_bytes: int
    data_sha256: str
    sqlite_bytes: int
    notice: str


def create_database(path: Path, columns: list[str]) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")  # scratch files: nothing to keep after a crash
        data = "".join(f', "{name}"' for name in columns)
        conn.execute(
            "CREATE TABLE changes (__row_id TEXT NOT NULL, __clock INTEGER NOT NULL,"
            " __origin TEXT NOT NULL, __cl INTEGER NOT NULL, __written TEXT, __vv TEXT"
            f"{data}, PRIMARY KEY (__row_id, __clock, __origin))"
        )
        conn.commit()
    finally:
        conn.close()


def gzip_file(source: Path, target: Path) -> None:
    with source.open("rb") as plain, open(target, "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=1, mtime=0) as packed:
            shutil.copyfileobj(plain, packed, 1024 * 1024)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def make_header(
    *,
    notice: str,
    author: str,
    key_id: str,
    table: str,
    row_office: str,
    columns: list[str],
    versions: int,
    deletions: int,
    max_clock: int,
    data: Path,
    sqlite_bytes: int,
) -> bytes:
    return json.dumps(
        {
            "format": PART_FORMAT,
            "version": PART_VERSION,
            "notice": notice,
            "author": author,
            "key_id": key_id,
            "table": table,
            "row_office": row_office,
            "columns": columns,
            "versions": versions,
            "deletions": deletions,
            "max_clock": max_clock,
            "data_bytes": data.stat().st_size,
            "data_sha256": file_sha256(data),
            "sqlite_bytes": sqlite_bytes,
        },
        ensure_ascii=False,
        sort_keys=True,
    ).encode()


def prefix(header: bytes, signature: bytes) -> bytes:
    """What comes before a part's data in its plain encoding."""
    return MAGIC + struct.pack(">I", len(header)) + header + signature


def plain_chunks(header: bytes, signature: bytes, data: BinaryIO) -> Iterator[bytes]:
    """The plain encoding of a part, in pieces (for encryption)."""
    yield prefix(header, signature)
    yield from iter(lambda: data.read(1024 * 1024), b"")


def _damaged(name: str, detail: str) -> RejectedFile:
    return RejectedFile("damaged", f"数据部分 {name} 不合格：{detail}")


def _altered(name: str, header: PartHeader) -> RejectedFile:
    return RejectedFile(
        "forged-part",
        f"数据部分 {name} 的内容与办公室 {header.author} 的签名不符：在途中被改动过，"
        "整个文件已拒收，登记簿未作任何改动。",
    )


def parse_header(raw: bytes, name: str) -> PartHeader:
    try:
        document = json.loads(raw.decode("utf-8"))
        if document.get("format") != PART_FORMAT or document.get("version") != PART_VERSION:
            raise ValueError("format")
        header = PartHeader(
            raw=raw,
            author=str(document["author"]),
            key_id=str(document["key_id"]),
            table=str(document["table"]),
            row_office=str(document["row_office"]),
            columns=[str(c) for c in document["columns"]],
            versions=int(document["versions"]),
            deletions=int(document["deletions"]),
            max_clock=int(document["max_clock"]),
            data_bytes=int(document["data_bytes"]),
            data_sha256=str(document["data_sha256"]),
            sqlite_bytes=int(document["sqlite_bytes"]),
            notice=str(document["notice"]),
        )
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise _damaged(name, "说明部分无法解析。") from error
    if min(header.versions, header.deletions, header.data_bytes, header.sqlite_bytes) < 0:
        raise _damaged(name, "说明部分的数字无效。")
    if header.sqlite_bytes > MAX_SQLITE_BYTES:
        raise _damaged(name, "声明的数据量超过上限。")
    if any('"' in c or c.startswith("__") for c in header.columns) or "id" not in header.columns:
        raise _damaged(name, "列名无效。")
    return header


class _Reader:
    """Reads exact byte counts from an iterator of chunks (the decrypted stream)."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self.chunks = iter(chunks)
        self.buffer = b""

    def read(self, count: int) -> bytes:
        while len(self.buffer) < count:
            chunk = next(self.chunks, None)
            if chunk is None:
                break
            self.buffer += chunk
        taken, self.buffer = self.buffer[:count], self.buffer[count:]
        return taken

    def rest(self) -> Iterator[bytes]:
        if self.buffer:
            yield self.buffer
            self.buffer = b""
        yield from self.chunks


def unpack(
    chunks: Iterable[bytes],
    name: str,
    check_signature: Callable[[PartHeader, bytes], None],
    data_path: Path,
    sqlite_path: Path,
) -> tuple[PartHeader, bytes]:
    """Read a plain part: verify its author's signature (``check_signature`` raises) before
    anything else, keep the data (gzip) in ``data_path`` checking size and sha256 as it streams,
    then inflate it into ``sqlite_path`` never beyond the size the signed header declares.
    Memory: one chunk at a time. Returns (header, signature)."""
    reader = _Reader(chunks)
    start = reader.read(8)
    if len(start) != 8 or start[:4] != MAGIC:
        raise _damaged(name, "不是数据部分。")
    (length,) = struct.unpack(">I", start[4:])
    if length > MAX_HEADER_BYTES:
        raise _damaged(name, "说明部分过大。")
    raw = reader.read(length)
    signature = reader.read(SIGNATURE_BYTES)
    if len(raw) != length or len(signature) != SIGNATURE_BYTES:
        raise _damaged(name, "不完整。")
    header = parse_header(raw, name)
    check_signature(header, signature)
    digest = hashlib.sha256()
    size = 0
    with data_path.open("wb") as out:
        for chunk in reader.rest():
            size += len(chunk)
            if size > header.data_bytes:
                raise _altered(name, header)
            digest.update(chunk)
            out.write(chunk)
    if size != header.data_bytes or digest.hexdigest() != header.data_sha256:
        raise _altered(name, header)
    inflate(data_path, sqlite_path, header.sqlite_bytes, name)
    return header, signature


def inflate(data_path: Path, sqlite_path: Path, limit: int, name: str) -> None:
    """gunzip with a hard limit on the output size (a zip bomb stops at ``limit``)."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    written = 0
    try:
        with data_path.open("rb") as source, sqlite_path.open("wb") as out:
            for block in iter(lambda: source.read(256 * 1024), b""):
                data = inflater.decompress(block, 1024 * 1024)
                while True:
                    written += len(data)
                    if written > limit:
                        raise _damaged(name, "解压后超过声明的大小。")
                    out.write(data)
                    if not inflater.unconsumed_tail:
                        break
                    data = inflater.decompress(inflater.unconsumed_tail, 1024 * 1024)
            tail = inflater.flush()
            written += len(tail)
            if written > limit:
                raise _damaged(name, "解压后超过声明的大小。")
            out.write(tail)
    except zlib.error as error:
        raise _damaged(name, "无法解压。") from error
    if not inflater.eof or written != limit:
        raise _damaged(name, "解压后的大小与声明不符。")
