"""The helper-file views in the window: the demo member's cont.dat as a table and a plot, flux.csv as a sortable
table, casa_commands.log's task list and filter, an archive's listing, and a malformed file shown as text with a
note."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt

from qa2explorer.demo import layout
from qa2explorer.gui.previews.helper import TEXT_TAB
from tests.gui.conftest import open_and_wait
from tests.helper_member import AUX, PREFIX, helper_member


def shown(qtbot, window, path: str):
    """Select ``path`` and wait for its helper view to have read it."""
    window.select_path(path)
    qtbot.waitUntil(lambda: getattr(window.preview.file_page.preview, "viewer", None) is not None, timeout=10_000)
    preview = window.preview.file_page.preview
    qtbot.waitUntil(lambda: preview.viewer.edit.toPlainText() != "", timeout=20_000)
    return preview


def tab_titles(preview) -> list[str]:
    return [preview.tabs.tabText(i) for i in range(preview.tabs.count())]


def test_the_demo_cont_dat_shows_its_table_and_its_ranges_plotted(qtbot, window, demo_project, tmp_path):
    member = helper_member(demo_project, str(tmp_path))
    open_and_wait(qtbot, window, member)
    preview = shown(qtbot, window, os.path.join(member, "calibration", f"{PREFIX}.cont.dat"))
    assert type(preview).__name__ == "ContDatPreview" and preview.recognised
    assert tab_titles(preview) == ["Continuum ranges", TEXT_TAB] and preview.tabs.currentIndex() == 0
    table = preview.table
    assert table.rowCount() == 4 and table.column_values("Spw") == ["17", "19", "21", "23"]
    assert table.column_values("Ranges")[0] == "229.5120 – 229.8010\n230.1600 – 230.4360"
    assert table.column_values("Total width") == ["565", "1825", "1824", "1824"]
    assert preview.plot.range_count == 5  # 2 + 1 + 1 + 1 bars
    assert preview.plot.getAxis("bottom").labelText == "Frequency (GHz, LSRK)"
    assert preview.note.text().startswith("1 field, 4 spws, 5 continuum ranges.")
    assert "Field: NGC_3627" in preview.viewer.edit.toPlainText()  # the full text, in its tab
    table.selectRow(3)  # spw 23: the plot zooms on its range
    (x0, x1), _ = preview.plot.getViewBox().viewRange()
    assert 244.9 < x0 < 245.088 and 246.912 < x1 < 247.1


def test_flux_csv_is_a_sortable_table_with_units(qtbot, window, demo_project, tmp_path):
    member = helper_member(demo_project, str(tmp_path))
    open_and_wait(qtbot, window, member)
    preview = shown(qtbot, window, os.path.join(member, "calibration", "flux.csv"))
    table = preview.table
    assert table.rowCount() == 8 and preview.tabs.tabText(0) == "Flux densities"
    headings = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headings[3:7] == ["I (Jy)", "Q (Jy)", "U (Jy)", "V (Jy)"]
    assert set(table.column_values("comment")) == {f"# field={layout.BANDPASS.target} intent=BANDPASS"}
    table.sortItems(2, Qt.SortOrder.DescendingOrder)  # spw, as numbers
    assert table.column_values("spw")[:2] == ["23", "23"] and table.column_values("spw")[-1] == "17"
    preview = shown(qtbot, window, os.path.join(member, "calibration", "antennapos.csv"))
    assert preview.table.rowCount() == 3 and "length (mm)" in [
        preview.table.horizontalHeaderItem(c).text() for c in range(preview.table.columnCount())
    ]


def test_a_malformed_flux_csv_shows_a_note_and_its_text(qtbot, window, tmp_path):
    member = tmp_path / "member.uid___A001_X1_X2"
    (member / "calibration").mkdir(parents=True)
    (member / "calibration" / "flux.csv").write_text("this is not,a flux table\n1,2\n")
    (member / "calibration" / "binary.cont.dat").write_bytes(bytes(range(256)) * 8)
    open_and_wait(qtbot, window, member)
    preview = shown(qtbot, window, str(member / "calibration" / "flux.csv"))
    assert preview.note.text().startswith("Not recognised as a flux.csv table (its header")
    assert preview.note.text().endswith("; showing the text.")
    assert tab_titles(preview) == [TEXT_TAB] and "this is not,a flux table" in preview.viewer.edit.toPlainText()
    preview = shown(qtbot, window, str(member / "calibration" / "binary.cont.dat"))
    assert preview.note.text() == "Not recognised as a cont.dat (continuum ranges) (the file is binary, not text); " \
                                  "showing the text."  # fmt: skip
    assert tab_titles(preview) == [TEXT_TAB]


def test_casa_commands_log_lists_tasks_in_order_with_a_filter(qtbot, window, demo_project, tmp_path):
    member = helper_member(demo_project, str(tmp_path))
    open_and_wait(qtbot, window, member)
    log = os.path.join(member, "script", f"{PREFIX}.hifa_calimage.casa_commands.log")
    preview = shown(qtbot, window, log)
    assert tab_titles(preview) == ["Tasks"] and preview.task_names() == ["importasdm", "flagdata"]
    assert preview.beside is preview.viewer and "raise Error(" in preview.viewer.edit.toPlainText()  # the text
    assert preview.beside.isVisible() and preview.beside.width() > 100  # and it is shown
    assert preview.note.text() == "2 pipeline stages, 2 CASA task calls."
    preview.filter.setCurrentIndex(preview.filter.findData("flagdata"))
    assert preview.task_names() == ["flagdata"] and preview.list.topLevelItem(0).text(0) == "2. hifa_flagdata"
    preview.list.setCurrentItem(preview.list.topLevelItem(0).child(0))
    assert preview.beside.edit.textCursor().block().text().startswith("flagdata(")  # the call, in the text beside
    shown(qtbot, window, os.path.join(member, "calibration", "flux.csv"))  # another view, then back
    window.select_path(log)  # the text viewer was in the list's tab, deleted on clear: it must survive
    qtbot.waitUntil(lambda: preview.note.text().startswith("2 pipeline stages"), timeout=10_000)
    assert tab_titles(preview) == ["Tasks"] and preview.viewer.edit.toPlainText().startswith("raise Error(")


def test_calapply_flag_template_and_archive_views(qtbot, window, demo_project, tmp_path):
    member = helper_member(demo_project, str(tmp_path))
    cal = os.path.join(member, "calibration")
    eb = layout.SESSIONS_12M["session_1"][0]
    data = Path(os.path.join(cal, AUX)).read_bytes()
    with open(os.path.join(cal, "member.uid___A001_X1_X2.cut.auxproducts.tgz"), "wb") as f:
        f.write(data[: len(data) // 2])
    open_and_wait(qtbot, window, member)
    preview = shown(qtbot, window, os.path.join(cal, f"{eb}.ms.calapply.txt"))
    assert preview.table.rowCount() == 1 and len(preview.table.column_values("gaintable")[0].split("\n")) == 6
    preview = shown(qtbot, window, os.path.join(cal, f"{eb}.flagtemplate.txt"))
    assert preview.table.column_values("reason") == ["QA2:high_Tsys"] and preview.note.text().startswith("1 active")
    preview = shown(qtbot, window, os.path.join(cal, AUX))
    assert preview.table.rowCount() == 4 and preview.note.text().startswith("4 entries (4 files), ")
    assert "nothing is extracted" in preview.note.text()
    preview = shown(qtbot, window, os.path.join(cal, "member.uid___A001_X1_X2.cut.auxproducts.tgz"))
    assert "The archive is damaged or truncated" in preview.note.text() and preview.table.rowCount() < 4


def test_the_readme_shows_its_headings_bold(qtbot, window, demo_project, tmp_path):
    from PySide6.QtGui import QFont

    from qa2explorer.gui.highlighters import ReadmeHighlighter

    member = helper_member(demo_project, str(tmp_path))
    open_and_wait(qtbot, window, member)
    window.select_path(os.path.join(member, f"{PREFIX}.README.txt"))
    viewer = window.preview.file_page.preview.viewer
    qtbot.waitUntil(lambda: "HOW TO" in viewer.edit.toPlainText(), timeout=10_000)
    assert isinstance(viewer._highlighter, ReadmeHighlighter)
    document = viewer.edit.document()

    def bold(line: str) -> bool:
        block = document.findBlockByNumber(viewer.edit.toPlainText().split("\n").index(line))
        return any(f.format.fontWeight() == QFont.Weight.Bold for f in block.layout().formats())

    assert bold("HOW TO") and bold("ALMA Member ObsUnitSet README") and bold("FILES")
    assert not bold("* Get the FITS products:")


def test_the_demo_auxproducts_opens_its_cont_dat_in_place(qtbot, window, demo_project):
    """In a pipeline delivery the helper files are inside calibration/*auxproducts.tgz: a double-click on one
    shows its view from the archive, nothing extracted."""
    open_and_wait(qtbot, window, demo_project)
    cal = os.path.join(demo_project, "science_goal." + layout.SOUS, "group." + layout.GOUS, f"member.{layout.M12}",
                       "calibration")  # fmt: skip
    before = sorted(os.listdir(cal))
    window.select_path(os.path.join(cal, AUX))
    preview = window.preview.file_page.preview
    qtbot.waitUntil(lambda: preview.recognised, timeout=10_000)
    assert "Double-click a helper file" in preview.note.text()
    kinds = dict(zip(preview.table.column_values("Name"), preview.table.column_values("Kind"), strict=True))
    assert kinds[f"{PREFIX}.cont.dat"] == "file · double-click to view"
    assert kinds[f"{PREFIX}.hifa_calimage.selfcal.json"] == "file"
    row = preview.table.column_values("Name").index(f"{PREFIX}.cont.dat")
    preview.table.itemActivated.emit(preview.table.item(row, 0))
    entry = preview.entry_view
    assert type(entry).__name__ == "ContDatPreview" and preview.tabs.tabText(1) == f"{PREFIX}.cont.dat"
    qtbot.waitUntil(lambda: entry.recognised, timeout=10_000)
    assert entry.table.rowCount() == 4 and entry.plot.range_count == 5
    assert "Read from the archive (nothing is extracted)." in entry.note.text()
    assert "Field: NGC_3627" in entry.viewer.edit.toPlainText()
    flux_row = preview.table.column_values("Name").index("flux.csv")
    preview.table.itemActivated.emit(preview.table.item(flux_row, 0))
    qtbot.waitUntil(lambda: preview.entry_view.recognised, timeout=10_000)
    assert preview.entry_view.table.rowCount() == 8 and preview.tabs.count() == 3  # the entry tab was replaced
    assert sorted(os.listdir(cal)) == before
