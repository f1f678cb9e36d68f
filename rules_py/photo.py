"""证件照 rules (附件2 二.1), with the limits from the notice's data (rules_py.notices: photo).

JPG or JPEG by file extension AND by content (starts with FF D8 FF); size strictly between
30720 and 1048576 bytes; width > 215 and height > 300 pixels, read from the JPEG frame header
(SOF0/SOF1/SOF2 and the other SOFn markers); 0.65 <= width/height <= 0.8 (exact fractions).

The photo is judged as it displays: a phone photo stored sideways with an EXIF orientation of
5–8 (rotated by 90°) has its width and height swapped before the checks. Each problem is said
once: a file that is not a JPEG fails on its content alone (its pixels cannot be measured, which
is the same problem), and a JPEG whose frame header cannot be read gets one "dimensions" line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import notices

if TYPE_CHECKING:
    from .parameters import Parameters

_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_STANDALONE = {0x01, *range(0xD0, 0xD9)}
_APP1 = 0xE1
_EXIF = b"Exif\x00\x00"
_ORIENTATION_TAG = 0x0112
_SIDEWAYS = {5, 6, 7, 8}  # EXIF orientations that turn the picture by 90° or 270°


def exif_orientation(segment: bytes) -> int:
    """The EXIF orientation (1–8) in an APP1 segment's payload; 1 when absent or unreadable."""
    if not segment.startswith(_EXIF):
        return 1
    tiff = segment[len(_EXIF) :]
    order = {b"II": "little", b"MM": "big"}.get(tiff[:2])
    if order is None or len(tiff) < 8:
        return 1

    def number(at: int, size: int) -> int | None:
        chunk = tiff[at : at + size]
        return int.from_bytes(chunk, order) if len(chunk) == size else None  # type: ignore[arg-type]

    ifd = number(4, 4)
    entries = number(ifd, 2) if ifd is not None else None
    if ifd is None or entries is None:
        return 1
    for i in range(entries):
        at = ifd + 2 + 12 * i
        tag, kind, value = number(at, 2), number(at + 2, 2), number(at + 8, 2)
        if tag is None or kind is None or value is None:
            return 1
        if tag == _ORIENTATION_TAG:
            return value if kind == 3 and 1 <= value <= 8 else 1  # type 3: SHORT
    return 1


def jpeg_header(data: bytes) -> tuple[int, int, int] | None:
    """(stored width, stored height, EXIF orientation) from the segments before the first scan,
    or None when it is not a readable JPEG."""
    if not data.startswith(b"\xff\xd8"):
        return None
    i, n, orientation = 2, len(data), 1
    while i < n:
        if data[i] != 0xFF:
            return None
        while i < n and data[i] == 0xFF:  # fill bytes
            i += 1
        if i >= n:
            return None
        marker = data[i]
        i += 1
        if marker in _STANDALONE:
            continue
        if marker in (0xD9, 0xDA):  # end of image, start of scan: no frame header before
            return None
        if i + 2 > n:
            return None
        length = int.from_bytes(data[i : i + 2], "big")
        if length < 2:
            return None
        if marker == _APP1 and orientation == 1:
            orientation = exif_orientation(data[i + 2 : i + length])
        if marker in _SOF:
            if i + 7 > n:
                return None
            height = int.from_bytes(data[i + 3 : i + 5], "big")
            width = int.from_bytes(data[i + 5 : i + 7], "big")
            return width, height, orientation
        i += length
    return None


def jpeg_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) as the picture displays (EXIF orientation applied), or None."""
    header = jpeg_header(data)
    if header is None:
        return None
    width, height, orientation = header
    return (height, width) if orientation in _SIDEWAYS else (width, height)


def _kb(size: int) -> str:
    return f"{size / 1024:.1f}KB"


def _limit(size: int) -> str:
    """A byte limit as the notice writes it: 30720 -> 30K, 1048576 -> 1M."""
    for unit, name in ((1024 * 1024, "M"), (1024, "K")):
        if size % unit == 0:
            return f"{size // unit}{name}"
    return f"{size}字节"


def _rule(rule: str, ok: bool, message: str) -> dict[str, Any]:
    return {"rule": rule, "ok": ok, "message": message}


def _pixel_rules(
    width: int, height: int, limits: dict[str, Any], turned: str
) -> list[dict[str, Any]]:
    from fractions import Fraction  # here, not at import: off the self-check's start-up path

    min_w, min_h = limits["min_width_exclusive"], limits["min_height_exclusive"]
    lo, hi = Fraction(str(limits["min_ratio"])), Fraction(str(limits["max_ratio"]))
    w_ok, h_ok = width > min_w, height > min_h
    rules = [
        _rule(
            "width",
            w_ok,
            f"宽{width}像素{turned}，须大于{min_w}像素" + ("，符合" if w_ok else "，不足"),
        ),
        _rule(
            "height",
            h_ok,
            f"高{height}像素{turned}，须大于{min_h}像素" + ("，符合" if h_ok else "，不足"),
        ),
    ]
    ratio = Fraction(width, height) if height else None
    r_ok = ratio is not None and lo <= ratio <= hi
    shown = f"{float(ratio):.3f}" if ratio is not None else "无法计算"
    bounds = f"须大于等于{limits['min_ratio']}且小于等于{limits['max_ratio']}"
    if r_ok:
        message = f"宽高比{shown}，{bounds}，符合"
    elif ratio is not None and ratio < lo:
        message = f"宽高比{shown}，{bounds}：照片太窄（过高），请裁剪高度"
    else:
        message = f"宽高比{shown}，{bounds}：照片太宽，请裁剪宽度"
    rules.append(_rule("ratio", r_ok, message))
    return rules


def _limits(p: Parameters | None) -> dict[str, Any]:
    return p.photo if p is not None else notices.current().photo.plain()


def check_photo(
    data: bytes, filename: str, p: Parameters | None = None, size: int | None = None
) -> dict[str, Any]:
    """Each rule with ok and a Chinese message saying exactly what fails, each problem once.

    `size`: the file's size when `data` is only its beginning (a page need not read a huge file
    whole: everything but the size is read from the segments before the image data)."""
    limits = _limits(p)
    formats = [f.lower() for f in limits["formats"]]
    names = "/".join(f.upper() for f in formats)
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    rules = []
    ok = ext in formats
    shown = f".{ext}" if ext else "无扩展名"
    rules.append(
        _rule(
            "extension",
            ok,
            f"文件扩展名为{shown}，符合{names}格式" if ok else f"文件扩展名为{shown}，须为{names}",
        )
    )
    magic = data.startswith(b"\xff\xd8\xff")
    rules.append(
        _rule(
            "content",
            magic,
            "文件内容为JPEG图片"
            if magic
            else "文件内容不是JPEG图片（可能只是改了扩展名），请另存为JPG格式后再检查宽高",
        )
    )
    size = len(data) if size is None else size
    low, high = limits["min_bytes_exclusive"], limits["max_bytes_exclusive"]
    size_ok = low < size < high
    if size_ok:
        size_message = f"文件大小{_kb(size)}，符合大于{_limit(low)}且小于{_limit(high)}"
    elif size <= low:
        size_message = f"文件大小{_kb(size)}（{size}字节），须大于{_limit(low)}（{low}字节）"
    else:
        size_message = f"文件大小{_kb(size)}（{size}字节），须小于{_limit(high)}（{high}字节）"
    rules.append(_rule("size", size_ok, size_message))
    header = jpeg_header(data) if magic else None
    width = height = None
    sideways = False
    if header is not None:
        stored_w, stored_h, orientation = header
        sideways = orientation in _SIDEWAYS
        width, height = (stored_h, stored_w) if sideways else (stored_w, stored_h)
        rules += _pixel_rules(width, height, limits, "（按显示方向）" if sideways else "")
    elif magic:
        rules.append(
            _rule("dimensions", False, "无法读取图片的宽高像素（文件可能已损坏），请重新导出照片")
        )
    result: dict[str, Any] = {
        "ok": all(r["ok"] for r in rules),
        "clause": limits["clause"],
        "bytes": size,
        "width": width,
        "height": height,
        "rules": rules,
    }
    if sideways:
        result["note"] = (
            f"照片文件横向存储并带有旋转标记（手机竖拍常见），已按显示方向（宽{width}×高{height}像素）"
            "检查；上传到省平台后请确认照片方向正确"
        )
    return result


def requirements(p: Parameters | None = None) -> dict[str, Any]:
    """The rules in one sentence, for the page (every number from the data), with the clause."""
    limits = _limits(p)
    names = "或".join(f.upper() for f in limits["formats"])
    text = (
        f"照片要求（{limits['clause']}）：白底证件照，{names}格式，"
        f"文件大于{_limit(limits['min_bytes_exclusive'])}且小于{_limit(limits['max_bytes_exclusive'])}，"
        f"大于{limits['min_width_exclusive']}×{limits['min_height_exclusive']}（宽×高）像素，"
        f"宽高比大于等于{limits['min_ratio']}且小于等于{limits['max_ratio']}。"
    )
    return {
        "text": text,
        "clause": limits["clause"],
        "max_bytes_exclusive": limits["max_bytes_exclusive"],
    }
