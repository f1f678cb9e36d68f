"""Encryption of change files to their destinations (PyNaCl / libsodium).

- Each file gets a random 32-byte **file key**. For every destination office it is wrapped in a
  sealed box (X25519, the office's key from the directory, converted from its Ed25519 key), so
  any of the destinations — and only they — can unwrap it.
- Each part is encrypted with that key as a libsodium *secretstream* (XChaCha20-Poly1305) in
  64 KiB chunks: reading and writing never hold more than one chunk, and a stream cut short or
  altered anywhere fails authentication (the last chunk carries the FINAL tag).
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterable, Iterator
from typing import BinaryIO

import nacl.bindings as sodium
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox

CHUNK = 64 * 1024
HEADER_BYTES = sodium.crypto_secretstream_xchacha20poly1305_HEADERBYTES
A_BYTES = sodium.crypto_secretstream_xchacha20poly1305_ABYTES
TAG_FINAL = sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL
TAG_MESSAGE = sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE


class DecryptionFailed(Exception):
    """The ciphertext was altered, cut short, or the key is not the right one."""


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def new_file_key() -> bytes:
    return os.urandom(32)


def wrap_key(file_key: bytes, box_public: bytes) -> bytes:
    return SealedBox(PublicKey(box_public)).encrypt(file_key)


def unwrap_key(wrapped: bytes, box_private: PrivateKey) -> bytes:
    try:
        key = SealedBox(box_private).decrypt(wrapped)
    except CryptoError as error:
        raise DecryptionFailed("wrapped key") from error
    if len(key) != 32:
        raise DecryptionFailed("key size")
    return key


def _pieces(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Re-cut a stream of byte strings into CHUNK-sized pieces (the last one may be shorter)."""
    pending = b""
    for chunk in chunks:
        pending += chunk
        while len(pending) >= CHUNK:
            yield pending[:CHUNK]
            pending = pending[CHUNK:]
    yield pending


def encrypt_stream(key: bytes, chunks: Iterable[bytes], target: BinaryIO) -> int:
    """Encrypt the bytes of ``chunks`` into ``target``; returns the number of bytes written."""
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    header = sodium.crypto_secretstream_xchacha20poly1305_init_push(state, key)
    target.write(header)
    written = len(header)
    pieces = _pieces(chunks)
    piece = next(pieces)
    while True:
        following = next(pieces, None)
        tag = TAG_MESSAGE if following is not None else TAG_FINAL
        sealed = sodium.crypto_secretstream_xchacha20poly1305_push(state, piece, None, tag)
        target.write(sealed)
        written += len(sealed)
        if following is None:
            return written
        piece = following


def decrypt_stream(key: bytes, source: BinaryIO) -> Iterator[bytes]:
    """The plaintext chunks of an encrypted stream; DecryptionFailed on any damage."""
    header = source.read(HEADER_BYTES)
    if len(header) != HEADER_BYTES:
        raise DecryptionFailed("header")
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    try:
        sodium.crypto_secretstream_xchacha20poly1305_init_pull(state, header, key)
    except (CryptoError, ValueError) as error:
        raise DecryptionFailed("header") from error
    while True:
        sealed = source.read(CHUNK + A_BYTES)
        if not sealed:
            raise DecryptionFailed("truncated")
        try:
            plain, tag = sodium.crypto_secretstream_xchacha20poly1305_pull(state, sealed, None)
        except (CryptoError, ValueError) as error:
            raise DecryptionFailed("chunk") from error
        yield plain
        if tag == TAG_FINAL:
            if source.read(1):
                raise DecryptionFailed("trailing data")
            return
