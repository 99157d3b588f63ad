"""Pages as plain text for the terminal."""

from __future__ import annotations

from .facts import Cell, Page

LABEL_WIDTH = 20


def _cells(cells: list[Cell]) -> str:
    return "  ".join(c.text for c in cells if c.text)


def page_lines(page: Page, indent: str = "  ") -> list[str]:
    lines = [page.title]
    if page.subtitle:
        lines.append(indent + page.subtitle)
    for section in page.sections:
        inner = indent
        if section.title:
            lines.append(indent + section.title)
            inner = indent * 2
        for f in section.facts:
            value = _cells(f.value) + (f"  ({f.evidence})" if f.evidence else "")
            lines.append(f"{inner}{f.label:<{LABEL_WIDTH - 2}}  {value}")
        if section.rows:
            if section.headers:
                lines.append(inner + _table_line(section.headers, _widths(section)))
            widths = _widths(section)
            lines.extend(inner + _table_line([c.text for c in row], widths) for row in section.rows)
        lines.extend(inner + c.text for c in section.notes)
        lines.extend(f"{inner}- {c.text}" for c in section.bullets)
    return lines


def _widths(section) -> list[int]:
    columns = max(len(r) for r in section.rows)
    widths = [0] * columns
    for row in [section.headers, *([c.text for c in r] for r in section.rows)]:
        for i, text in enumerate(row):
            widths[i] = min(60, max(widths[i], len(text)))
    return widths


def _table_line(texts: list[str], widths: list[int]) -> str:
    cells = [t.ljust(widths[i]) if i < len(texts) - 1 else t for i, t in enumerate(texts)]
    return "  ".join(cells).rstrip()
