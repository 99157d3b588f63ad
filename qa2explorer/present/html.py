"""Pages as HTML for the window (Qt's rich-text subset). Links use the ``select:<path>`` scheme (the window
selects that item in the tree when one is clicked) or ``restore:<member path>`` (it opens the Restore panel)."""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from ..words import readable
from .colours import LIGHT, Colours
from .facts import DIM, Cell, Page


def style(colours: Colours) -> str:
    return f"""<style>
h2 {{ margin-bottom: 2px; }} h3 {{ margin-top: 14px; margin-bottom: 4px; }}
td {{ padding: 2px 10px 2px 0; vertical-align: top; }}
th {{ text-align: left; padding-right: 10px; color: {colours.header}; }}
a {{ text-decoration: none; color: {colours.link}; }}
</style>"""


def link(path: str | None, text: str, action: str = "select") -> str:
    if not path:
        return escape(readable(text))
    return f"<a href='{action}:{quote(path, errors='surrogateescape')}'>{escape(readable(text))}</a>"


def cell_html(cell: Cell, colours: Colours = LIGHT) -> str:
    html = link(cell.link, cell.text, cell.action)
    if cell.bold:
        html = f"<b>{html}</b>"
    if cell.tone in colours.tones:
        html = f"<span style='color:{colours.tones[cell.tone]}'>{html}</span>"
    return html


def page_html(page: Page, colours: Colours = LIGHT) -> str:
    """``page`` in ``colours`` (the light or dark set, as the window is)."""
    dim = colours.tones[DIM]
    parts = [style(colours), f"<h2>{escape(readable(page.title))}</h2>"]
    if page.subtitle:
        parts.append(f"<p style='color:{dim}'>{escape(readable(page.subtitle))}</p>")
    for section in page.sections:
        if section.title:
            parts.append(f"<h3>{escape(section.title)}</h3>")
        if section.facts:
            rows = []
            for f in section.facts:
                value = " ".join(cell_html(c, colours) for c in f.value)
                if f.evidence:
                    value += f" <span style='color:{dim}'>({escape(readable(f.evidence))})</span>"
                rows.append(f"<tr><th>{escape(f.label)}</th><td>{value}</td></tr>")
            parts.append("<table>" + "".join(rows) + "</table>")
        if section.rows:
            head = "".join(f"<th>{escape(h)}</th>" for h in section.headers)
            body = "".join(
                "<tr>" + "".join(f"<td>{cell_html(c, colours)}</td>" for c in row) + "</tr>" for row in section.rows
            )
            parts.append(f"<table>{'<tr>' + head + '</tr>' if head else ''}{body}</table>")
        parts.extend(f"<p>{cell_html(c, colours)}</p>" for c in section.notes)
        if section.pictures:
            parts.append(_pictures_html(section.pictures, dim))
        if section.bullets:
            parts.append("<ul>" + "".join(f"<li>{cell_html(c, colours)}</li>" for c in section.bullets) + "</ul>")
    return "".join(parts)


PICTURES_PER_ROW = 4


def _pictures_html(pictures, dim: str) -> str:
    """Thumbnails in rows, each linked to its file; one still being made shows an ellipsis."""
    cells = []
    for p in pictures:
        if p.path:
            image = f"<img src='file://{quote(p.path, errors='surrogateescape')}' width='128' height='128'>"
        else:
            image = f"<span style='color:{dim}'>…</span>"
        cells.append(f"<td align='center'>{image}<br>{link(p.source, p.caption)}</td>")
    rows = ["<tr>" + "".join(cells[i : i + PICTURES_PER_ROW]) + "</tr>" for i in range(0, len(cells), PICTURES_PER_ROW)]
    return "<table>" + "".join(rows) + "</table>"
