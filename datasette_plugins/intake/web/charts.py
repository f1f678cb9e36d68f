"""An inline SVG bar chart (no JavaScript): applicants per office, stacked by status."""

from __future__ import annotations

from html import escape

from ..records.dashboard import OfficeFigures

SERIES = (
    ("forwarded", "已转报", "#2e7d32"),
    ("complete", "齐全", "#66bb6a"),
    ("incomplete", "不齐", "#ef6c00"),
    ("expected", "待收件", "#90a4ae"),
    ("returned", "已退回", "#c62828"),
)


def stacked_bars(items: list[OfficeFigures], width: int = 640) -> str:
    label_width, bar_height, gap, top = 90, 18, 8, 28
    scale_max = max((item.applicants for item in items), default=0) or 1
    bar_space = width - label_width - 60
    height = top + len(items) * (bar_height + gap) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}" aria-labelledby="chart-title">',
        '<title id="chart-title">各受理点申报人员收件情况</title>',
    ]
    x = label_width
    for _key, label, colour in SERIES:
        parts.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 16}" y="14" font-size="12">{label}</text>')
        x += 80
    for row, item in enumerate(items):
        y = top + row * (bar_height + gap)
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 13}" font-size="12" text-anchor="end">'
            f"{escape(item.name)}</text>"
        )
        x = float(label_width)
        for key, label, colour in SERIES:
            count = item.count(key)
            if not count:
                continue
            w = bar_space * count / scale_max
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_height}" fill="{colour}">'
                f"<title>{escape(item.name)} {label} {count} 人</title></rect>"
            )
            x += w
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 13}" font-size="12">{item.applicants}</text>')
    parts.append("</svg>")
    return "".join(parts)
