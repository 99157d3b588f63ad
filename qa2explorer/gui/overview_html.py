"""HTML for the overview pages (Qt rich-text subset). No Qt imports: the pages are plain strings.

Links use the ``select:<path>`` scheme; the window selects that node in the tree when one is clicked.
"""

from __future__ import annotations

import os
from html import escape
from urllib.parse import quote

from ..delivery import uids
from ..delivery.describe import INTENT_WORDS, display_target
from ..delivery.names import readable
from ..delivery.overview import DeliverySummary, MemberOverview

OK = "#1e8449"
BAD = "#b03a2e"
DIM = "#7b7d7d"

_STYLE = """<style>
h2 { margin-bottom: 2px; } h3 { margin-top: 14px; margin-bottom: 4px; }
td { padding: 2px 10px 2px 0; vertical-align: top; } th { text-align: left; padding-right: 10px; color: #566573; }
.dim { color: #7b7d7d; } .problem { color: #9c640c; }
a { text-decoration: none; }
</style>"""


def link(path: str | None, text: str) -> str:
    if not path:
        return escape(readable(text))
    return f"<a href='select:{quote(path, errors='surrogateescape')}'>{escape(readable(text))}</a>"


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _rows(rows: list[tuple[str, str]]) -> str:
    return "<table>" + "".join(f"<tr><th>{escape(k)}</th><td>{v}</td></tr>" for k, v in rows) + "</table>"


def member_title(ov: MemberOverview) -> str:
    bits = [ov.array or "array unknown"]
    if ov.calibration_mode:
        bits.append(f"{ov.calibration_mode} calibration")
    if ov.imaging_mode:
        bits.append(f"{ov.imaging_mode} imaging")
    return " · ".join(bits)


def member_html(ov: MemberOverview) -> str:
    p = ov.path
    head = f"<h2>Member {escape(ov.mous or ov.folder)}</h2><p class='dim'>{escape(member_title(ov))}</p>"
    ident = _rows(
        [
            (
                "Project",
                escape(ov.project or "unknown") + (f" &nbsp;(Cycle {ov.cycle})" if ov.cycle is not None else ""),
            ),
            ("Science goal", escape(ov.science_goal or "unknown")),
            ("Group OUS", escape(ov.group or "unknown")),
            ("Member OUS", escape(ov.mous or "unknown")),
            (
                "Array",
                escape(ov.array or "unknown")
                + (f" <span class='dim'>({escape(ov.array_evidence)})</span>" if ov.array_evidence else ""),
            ),
            (
                "Calibration",
                escape(ov.calibration_mode or "unknown")
                + (f" <span class='dim'>({escape(ov.calibration_evidence)})</span>" if ov.calibration_evidence else ""),
            ),
            ("Imaging", escape(ov.imaging_mode or "no image products")),
            ("Pipeline recipe", escape(ov.recipe or "–")),
            ("Full polarisation", _yes(ov.full_polarisation)),
            ("Self-calibration", _yes(ov.selfcal)),
            ("Total power", _yes(ov.total_power)),
        ]
    )
    parts = [_STYLE, head, ident]

    raw_dir = os.path.join(p, "raw")
    eb_rows = []
    session_of = {eb: s for s, ebs in ov.sessions.items() for eb in ebs}
    for eb in ov.ebs:
        present = eb in ov.raw_ebs
        status = (
            f"<span style='color:{OK}'>✓ raw present</span>"
            if present
            else f"<span style='color:{BAD}'>✗ raw missing</span>"
        )
        asdm = os.path.join(raw_dir, f"{uids.to_name(eb)}.asdm.sdm")
        eb_rows.append(
            f"<tr><td>{link(asdm if present else None, eb)}</td>"
            f"<td class='dim'>{escape(session_of.get(eb, ''))}</td><td>{status}</td></tr>"
        )
    parts.append(f"<h3>Execution blocks ({len(ov.ebs)})</h3>")
    parts.append("<table>" + "".join(eb_rows) + "</table>" if eb_rows else "<p class='dim'>No EB found in names.</p>")
    if ov.ebs:
        verdict = (
            "Raw data are present for every EB."
            if ov.raw_present
            else f"Raw data missing for {len(ov.raw_missing)} of {len(ov.ebs)} EBs."
        )
        parts.append(f"<p style='color:{OK if ov.raw_present else BAD}'>{verdict}</p>")

    parts.append("<h3>Targets and spectral windows</h3>")
    if ov.targets:
        rows = "".join(
            f"<tr><td><b>{escape(display_target(t.name))}</b></td>"
            f"<td>{escape(', '.join(INTENT_WORDS.get(i, i) for i in t.intents) or '–')}</td>"
            f"<td class='dim'>spws {escape(', '.join(map(str, t.spws)))}</td></tr>"
            for t in ov.targets
        )
        parts.append(f"<table>{rows}</table>")
    else:
        parts.append("<p class='dim'>No image products.</p>")

    prod = ov.products
    if prod.get("total"):
        by_mode = ", ".join(f"{k} {v}" for k, v in prod["by_specmode"].items())
        by_layer = ", ".join(f"{k} {v}" for k, v in prod["by_layer"].items())
        parts.append(f"<h3>Image products ({prod['total']} files, {len(ov.image_sets)} image sets)</h3>")
        parts.append(_rows([("By type", escape(by_mode)), ("By layer", escape(by_layer))]))
        set_rows = []
        product_dir = os.path.join(p, "product")
        for s in ov.image_sets[:60]:
            primary = s.primary
            target = display_target(s.target) + (f" ({s.intent})" if s.intent else "")
            set_rows.append(
                f"<tr><td>{escape(target)}</td><td class='dim'>{escape(', '.join(map(str, s.spws)))}</td>"
                f"<td>{link(os.path.join(product_dir, primary) if primary else None, s.label)}</td>"
                f"<td class='dim'>{escape(' '.join(sorted(s.files)))}</td></tr>"
            )
        parts.append("<table>" + "".join(set_rows) + "</table>")
        if len(ov.image_sets) > 60:
            parts.append(f"<p class='dim'>… and {len(ov.image_sets) - 60} more image sets.</p>")

    if ov.qa:
        words = {
            "qa2_report": "QA2 report",
            "qa0_report": "QA0 reports",
            "weblog": "weblog archive",
            "weblog_dir": "unpacked weblog",
            "manual_qa_plot": "manual QA plots",
            "manual_qa_text": "manual QA texts",
        }
        parts.append("<h3>Quality assurance</h3>")
        parts.append("<p>" + ", ".join(f"{words.get(k, k)}: {v}" for k, v in ov.qa.items()) + "</p>")
    if ov.sessions:
        parts.append(
            "<h3>Sessions</h3><p>"
            + "; ".join(
                f"{escape(s)}: {escape(', '.join(uids.short(e) for e in ebs) or '?')}" for s, ebs in ov.sessions.items()
            )
            + "</p>"
        )
    if ov.problems:
        parts.append(
            "<h3>Problems</h3><ul>" + "".join(f"<li class='problem'>{escape(x)}</li>" for x in ov.problems) + "</ul>"
        )
    return readable("".join(parts))


def delivery_html(summary: DeliverySummary, title: str) -> str:
    parts = [_STYLE, f"<h2>{escape(title)}</h2>"]
    st = summary.stats
    parts.append(
        f"<p class='dim'>{len(summary.members)} member(s), {st.files:,} files in {st.dirs:,} folders"
        + (" — the listing stopped at its entry limit" if st.truncated else "")
        + "</p>"
    )
    rows = []
    for m in summary.members:
        targets = ", ".join(display_target(t.name) for t in m.targets if "sci" in t.intents) or "–"
        raw = f"<span style='color:{OK}'>raw ✓</span>" if m.raw_present else f"<span style='color:{BAD}'>raw ✗</span>"
        rows.append(
            f"<tr><td>{link(m.path, m.mous or m.folder)}</td><td>{escape(member_title(m))}</td>"
            f"<td>{escape(targets)}</td><td>{m.products.get('total', 0)} images</td><td>{raw}</td></tr>"
        )
    parts.append(
        "<table><tr><th>Member</th><th>Kind</th><th>Science targets</th><th>Products</th><th>Raw</th></tr>"
        + "".join(rows)
        + "</table>"
    )
    projects = sorted({m.project for m in summary.members if m.project})
    if projects:
        parts.append(
            "<p class='dim'>Project: " + ", ".join(f"{escape(p)} (Cycle {uids.cycle_of(p)})" for p in projects) + "</p>"
        )
    if st.errors:
        parts.append(
            "<h3>Unreadable folders</h3><ul>"
            + "".join(f"<li class='problem'>{escape(path)}: {escape(msg)}</li>" for path, msg in st.errors[:50])
            + "</ul>"
        )
    return readable("".join(parts))
