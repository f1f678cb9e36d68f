"""证件照 rules on real JPEG files made with Pillow (baseline and progressive)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from rules_py.photo import check_photo, jpeg_size


def jpeg(width: int, height: int, size: int | None = None, progressive: bool = False) -> bytes:
    """A white JPEG of width x height, padded with a COM segment to exactly `size` bytes."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(
        buffer, "JPEG", quality=90, progressive=progressive
    )
    data = buffer.getvalue()
    if size is None:
        return data
    pad = size - len(data)
    assert pad == 0 or pad >= 4, "image larger than the wanted size"
    chunks = []
    while pad:
        part = min(pad - 4, 65533)
        if 0 < pad - (part + 4) < 4:  # leave room for one more segment header
            part -= 4
        chunks.append(b"\xff\xfe" + (part + 2).to_bytes(2, "big") + b"x" * part)
        pad -= part + 4
    return data[:2] + b"".join(chunks) + data[2:]


def failing(result: dict) -> list[str]:
    return [r["rule"] for r in result["rules"] if not r["ok"]]


GOOD = (300, 400)  # ratio 0.75
CASES = [
    ("good photo", "photo.jpg", GOOD, 50_000, False, []),
    ("good progressive photo, .JPEG", "photo.JPEG", GOOD, 50_000, True, []),
    ("exactly 30K is too small", "a.jpg", GOOD, 30720, False, ["size"]),
    ("30K + 1 byte is fine", "a.jpg", GOOD, 30721, False, []),
    ("exactly 1M is too big", "a.jpg", GOOD, 1048576, False, ["size"]),
    ("1M - 1 byte is fine", "a.jpg", GOOD, 1048575, False, []),
    ("width 215 is too narrow", "a.jpg", (215, 310), 40_000, False, ["width"]),
    ("height 300 is too low", "a.jpg", (216, 300), 40_000, False, ["height"]),
    ("ratio exactly 0.65", "a.jpg", (260, 400), 40_000, False, []),
    ("ratio exactly 0.8", "a.jpg", (320, 400), 40_000, False, []),
    ("ratio 0.649 too narrow", "a.jpg", (649, 1000), 40_000, False, ["ratio"]),
    ("ratio 0.801 too wide", "a.jpg", (801, 1000), 40_000, False, ["ratio"]),
    ("landscape", "a.jpg", (420, 310), 40_000, False, ["ratio"]),
    ("png extension", "photo.png", GOOD, 40_000, False, ["extension"]),
    ("no extension", "photo", GOOD, 40_000, False, ["extension"]),
]


@pytest.mark.parametrize(
    ("name", "filename", "dims", "size", "progressive", "fails"),
    CASES,
    ids=[c[0] for c in CASES],
)
def test_photo_rules(name, filename, dims, size, progressive, fails) -> None:
    data = jpeg(*dims, size=size, progressive=progressive)
    assert len(data) == size
    result = check_photo(data, filename)
    assert failing(result) == fails
    assert result["ok"] is (not fails)
    assert (result["width"], result["height"]) == dims
    for rule in result["rules"]:
        assert rule["message"] and list(rule) == ["rule", "ok", "message"]


def test_png_renamed_to_jpg_fails_on_content() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", GOOD, "white").save(buffer, "PNG")
    data = buffer.getvalue() + b"\0" * 40_000
    result = check_photo(data, "photo.jpg")
    assert failing(result) == ["content"], "one problem, said once"
    assert "不是JPEG" in result["rules"][1]["message"]
    assert result["width"] is None


def test_unreadable_jpeg_says_so_once() -> None:
    data = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40_000
    result = check_photo(data, "photo.jpg")
    assert failing(result) == ["dimensions"]


def sideways(width: int, height: int, orientation: int) -> bytes:
    """A JPEG stored width x height whose EXIF orientation turns it on display, padded after
    its end to pass the size rule."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, "JPEG", exif=exif.tobytes())
    data = buffer.getvalue()
    return data + b"\0" * max(0, 40_000 - len(data))


def _little_endian_orientation(orientation: int) -> bytes:
    """An APP1 payload as most phones write it (Intel byte order), one IFD entry."""
    ifd = (1).to_bytes(2, "little") + (0x0112).to_bytes(2, "little") + (3).to_bytes(2, "little")
    ifd += (1).to_bytes(4, "little") + orientation.to_bytes(2, "little") + b"\0\0"
    ifd += (0).to_bytes(4, "little")
    return b"Exif\x00\x00II*\x00" + (8).to_bytes(4, "little") + ifd


@pytest.mark.parametrize(
    ("stored", "orientation", "shown", "fails"),
    [
        ((400, 300), 6, (300, 400), []),  # portrait phone photo stored sideways: fine as shown
        ((400, 300), 8, (300, 400), []),
        ((420, 310), 1, (420, 310), ["ratio"]),  # really landscape
        ((300, 400), 3, (300, 400), []),  # upside down keeps its width and height
        ((310, 420), 6, (420, 310), ["ratio"]),  # a portrait file turned to landscape on display
    ],
)
def test_exif_orientation_judges_the_photo_as_it_displays(stored, orientation, shown, fails):
    result = check_photo(sideways(*stored, orientation), "phone.jpg")
    assert (result["width"], result["height"]) == shown
    assert failing(result) == fails
    assert ("note" in result) is (orientation in (5, 6, 7, 8))


def test_little_endian_exif_is_read_too() -> None:
    from rules_py.photo import exif_orientation

    assert exif_orientation(_little_endian_orientation(6)) == 6
    assert exif_orientation(b"Exif\x00\x00II*\x00" + b"\xff" * 4) == 1, "bad offset: ignored"
    assert exif_orientation(b"Exif\x00\x00") == 1


@pytest.mark.parametrize("data", [b"", b"\xff\xd8", b"\xff\xd8\xff\xe0\x00", b"\xff\xd8\xff\xda"])
def test_truncated_jpeg_has_no_size(data: bytes) -> None:
    assert jpeg_size(data) is None


def test_messages_say_which_limit_fails() -> None:
    result = check_photo(jpeg(200, 260, size=31_000), "x.jpg")
    messages = {r["rule"]: r["message"] for r in result["rules"]}
    assert "宽200像素，须大于215像素" in messages["width"]
    assert "高260像素，须大于300像素" in messages["height"]
