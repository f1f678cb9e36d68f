"""证件照 rules (附件2 二.1), with the limits from the notice's data (rules_py.notices: photo).

JPG or JPEG by file extension AND by content (starts with FF D8 FF); size strictly between
30720 and 1048576 bytes; width > 215 and height > 300 pixels, read from the JPEG frame header
(SOF0/SOF1/SOF2 and the other SOFn markers); 0.65 <= width/height <= 0.8 (exact fractions).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import notices

if TYPE_CHECKING:
    from .parameters import Parameters

_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_STANDALONE = {0x01, *range(0xD0, 0xD9)}


def jpeg_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from the first SOFn segment, or None when it is not a readable JPEG."""
    if not data.startswith(b"\xff\xd8"):
        return None
    i, n = 2, len(data)
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
        if marker in _SOF:
            if i + 7 > n:
                return None
            height = int.from_bytes(data[i + 3 : i + 5], "big")
            width = int.from_bytes(data[i + 5 : i + 7], "big")
            return width, height
        i += length
    return None


def _kb(size: int) -> str:
    return f"{size / 1024:.1f}KB"


def _rule(rule: str, ok: bool, message: str) -> dict[str, Any]:
    return {"rule": rule, "ok": ok, "message": message}


def check_photo(data: bytes, filename: str, p: Parameters | None = None) -> dict[str, Any]:
    """Each rule with ok and a Chinese message saying exactly what fails."""
    from fractions import Fraction  # here, not at import: off the self-check's start-up path

    limits = p.photo if p is not None else notices.current().photo.plain()
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
            else "文件内容不是JPEG图片（可能只是改了扩展名），请另存为JPG格式",
        )
    )
    size, low, high = len(data), limits["min_bytes_exclusive"], limits["max_bytes_exclusive"]
    size_ok = low < size < high
    if size_ok:
        size_message = f"文件大小{_kb(size)}，符合大于30K且小于1M"
    elif size <= low:
        size_message = f"文件大小{_kb(size)}（{size}字节），须大于30K（{low}字节）"
    else:
        size_message = f"文件大小{_kb(size)}（{size}字节），须小于1M（{high}字节）"
    rules.append(_rule("size", size_ok, size_message))
    dims = jpeg_size(data) if magic else None
    min_w, min_h = limits["min_width_exclusive"], limits["min_height_exclusive"]
    lo, hi = Fraction(str(limits["min_ratio"])), Fraction(str(limits["max_ratio"]))
    if dims is None:
        unreadable = "无法读取图片的宽高像素（不是有效的JPEG图片）"
        rules += [
            _rule("width", False, unreadable),
            _rule("height", False, unreadable),
            _rule("ratio", False, unreadable),
        ]
        width = height = None
    else:
        width, height = dims
        w_ok, h_ok = width > min_w, height > min_h
        rules.append(
            _rule(
                "width",
                w_ok,
                f"宽{width}像素，须大于{min_w}像素" + ("，符合" if w_ok else "，不足"),
            )
        )
        rules.append(
            _rule(
                "height",
                h_ok,
                f"高{height}像素，须大于{min_h}像素" + ("，符合" if h_ok else "，不足"),
            )
        )
        ratio = Fraction(width, height) if height else None
        r_ok = ratio is not None and lo <= ratio <= hi
        shown_ratio = f"{float(ratio):.3f}" if ratio is not None else "无法计算"
        bounds = f"须大于等于{limits['min_ratio']}且小于等于{limits['max_ratio']}"
        if r_ok:
            ratio_message = f"宽高比{shown_ratio}，{bounds}，符合"
        elif ratio is not None and ratio < lo:
            ratio_message = f"宽高比{shown_ratio}，{bounds}：照片太窄（过高），请裁剪高度"
        else:
            ratio_message = f"宽高比{shown_ratio}，{bounds}：照片太宽，请裁剪宽度"
        rules.append(_rule("ratio", r_ok, ratio_message))
    return {
        "ok": all(r["ok"] for r in rules),
        "clause": limits["clause"],
        "bytes": size,
        "width": width,
        "height": height,
        "rules": rules,
    }
