"""The live log of a restore: levels and their colours (light and dark), a bounded number of lines with a note,
following the newest line like a terminal, search, the warnings-and-errors filter, copy, a real job feeding it."""

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QColor, QGuiApplication, QImage, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QMainWindow

from qa2explorer import jobs
from qa2explorer.gui.app import make_app
from qa2explorer.gui.job_runner import JobRunner
from qa2explorer.gui.log_model import DEBUG, ERROR, INFO, WARNING
from qa2explorer.gui.log_table import CURRENT_MATCH, MATCH, level_colours
from qa2explorer.gui.log_view import LogView
from tests.gui.conftest import wheel as turn

CORPUS = Path(__file__).parent.parent / "data" / "corpus"
CASA = (CORPUS / "casapy_log_lines.txt").read_text().splitlines()
PIPELINE = (CORPUS / "pipeline_console_lines.txt").read_text().splitlines()
PRINTS = (CORPUS / "scriptforpi_prints.txt").read_text().splitlines()
SAVED = "/data/member.uid___A001_X87d_X497/calibrated/qa2explorer-restore.log"


@pytest.fixture
def view(qtbot):
    make_app()
    v = LogView(max_lines=1000)
    qtbot.addWidget(v)
    v.resize(900, 400)
    v.show()
    return v


def dark_palette() -> QPalette:
    palette = QPalette()
    role = QPalette.ColorRole
    colours = {role.Window: "#2d2d2d", role.WindowText: "#e6e6e6", role.Base: "#1e1e1e", role.Text: "#e6e6e6",
               role.Highlight: "#2f65ca", role.HighlightedText: "#ffffff"}  # fmt: skip
    for which, colour in colours.items():
        palette.setColor(which, QColor(colour))
    return palette


def contrast(a: QColor, b: QColor) -> float:
    def luminance(c: QColor) -> float:
        channels = [((v / 255) / 12.92 if v <= 10 else ((v / 255 + 0.055) / 1.055) ** 2.4) for v in c.getRgb()[:3]]
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def row_pixels(v: LogView, row: int) -> set[int]:
    """The colours (rgb) painted in ``row``, as on screen."""
    v.table.viewport().repaint()
    image = v.table.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    rect = v.table.visualRect(v.model.index(row, 0)).intersected(v.table.viewport().rect())
    return {image.pixel(x, y) & 0xFFFFFF for y in range(rect.top(), rect.bottom() + 1) for x in range(rect.width())}


def rgb(colour: QColor) -> int:
    return colour.rgb() & 0xFFFFFF


def shown_numbers(v: LogView) -> list[int]:
    return [v.model.number(row) for row in range(v.model.rowCount())]


def wheel(v: LogView, notches: int) -> None:
    turn(v.table.viewport(), QPoint(20, 20), notches)


def add(view: LogView, lines: list[tuple[str, str]]) -> None:
    """Lines in, added at once (a view adds them on the next turns of the event loop)."""
    view.append(lines)
    view.flush()


def label_text(label) -> str:
    return re.sub(r"<[^>]+>", "", label.text())


# -- levels and colours ------------------------------------------------------------------------------------
def test_lines_get_their_level_from_the_job_or_from_themselves(view):
    lines = PRINTS + CASA + PIPELINE[:60]
    add(view, [(line, jobs.INFO) for line in lines])
    add(view, [("the job's own warning", jobs.WARNING), ("*** ALMA scriptForPI ***", jobs.DEBUG)])
    codes = [view.model.line(row)[1] for row in range(view.model.rowCount())]
    by_text = dict(zip(lines, codes[:-2], strict=True))
    assert by_text["ERROR: uid___A002_Xc27dd7_X2fc3.ms.split.cal was not created."] == ERROR
    assert by_text["WARNING: Inconsistency between ASDMs and calibration scripts"] == WARNING
    assert by_text[next(line for line in CASA if "\tWARN\t" in line)] == WARNING
    assert by_text[next(line for line in PIPELINE if " DEBUG: " in line)] == DEBUG
    assert by_text[CASA[0]] == INFO
    assert codes[-2:] == [WARNING, DEBUG]  # what the job said is kept
    errors = sum(line.startswith("ERROR") for line in PRINTS)
    warnings = 1 + 1 + sum(" WARNING: " in line for line in PIPELINE[:60]) + 1
    assert (view.warnings, view.errors) == (warnings, errors)
    assert label_text(view.counts_label) == f"{warnings} warnings, {errors} errors"


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_levels_are_painted_in_readable_colours(view, dark):
    if dark:
        view.setPalette(dark_palette())
    palette = view.table.palette()
    colours = level_colours(palette)
    base = palette.color(QPalette.ColorRole.Base)
    assert (base.lightness() < 128) == dark
    for code in (DEBUG, WARNING, ERROR):
        assert contrast(colours[code], base) >= 4.5, code
    assert colours[INFO] == palette.color(QPalette.ColorRole.Text)
    add(view, [("ERROR: Please start this script in directory \"script\".", jobs.INFO),
                 ("WARNING: Inconsistency between ASDMs and calibration scripts", jobs.INFO),
                 (next(line for line in PIPELINE if " DEBUG: " in line), jobs.INFO), (CASA[0], jobs.INFO)])  # fmt: skip
    painted = [row_pixels(view, row) for row in range(4)]
    for row, code in enumerate((ERROR, WARNING, DEBUG, INFO)):
        assert rgb(colours[code]) in painted[row], code
        assert not any(rgb(colours[other]) in painted[row] for other in (ERROR, WARNING) if other != code)


# -- bounded -------------------------------------------------------------------------------------------------
def test_at_most_max_lines_are_held_and_the_note_names_the_saved_log(view):
    view.set_saved_path(SAVED)
    assert view.note.isHidden()
    for batch in range(5):
        add(view, [(f"line {batch * 500 + i}", jobs.WARNING if i == 0 else jobs.INFO) for i in range(500)])
    assert view.line_count() == 1000
    assert view.text().splitlines() == [f"line {i}" for i in range(1500, 2500)]
    assert not view.note.isHidden()
    assert view.note.text() == f"1,500 earlier lines are only in the saved log: {SAVED}"
    assert view.warnings == 5  # the dropped lines' too
    add(view, [(f"big {i}", jobs.INFO) for i in range(2500)])  # a batch larger than the view holds
    assert view.text().splitlines() == [f"big {i}" for i in range(1500, 2500)]
    assert view.note.text().startswith("4,000 earlier lines are only")
    view.clear()
    assert view.line_count() == 0 and view.warnings == 0 and view.note.isHidden()


def test_lines_are_added_a_few_milliseconds_at_a_time(view, qtbot):
    view.append([(f"line {i}", jobs.INFO) for i in range(100_000)])
    assert view.model.held == 0  # appending only queues them
    QApplication.processEvents()  # one turn of the event loop
    assert 0 < view.model.dropped + view.model.held < 100_000
    qtbot.waitUntil(lambda: view.model.dropped == 99_000, timeout=20_000)  # the rest on the next turns
    assert view.text().splitlines()[-1] == "line 99999"


# -- following -----------------------------------------------------------------------------------------------
def test_follows_the_newest_line_until_the_user_scrolls_up(view, qtbot):
    bar = view.table.verticalScrollBar()
    add(view, [(f"line {i}", jobs.INFO) for i in range(300)])
    assert view.follow_tail and view.follow_box.isChecked()
    assert bar.value() == bar.maximum() > 0
    wheel(view, 3)  # up
    assert not view.follow_tail and not view.follow_box.isChecked()
    top = view.table.rowAt(0)
    add(view, [(f"later {i}", jobs.INFO) for i in range(100)])
    assert view.table.rowAt(0) == top and bar.value() < bar.maximum()  # the user's place is kept
    qtbot.keyClick(view.table, Qt.Key.Key_Down)  # from the top line in view
    assert view.table.currentIndex().row() == top + 1 and not view.follow_tail
    qtbot.keyClick(view.table, Qt.Key.Key_End)  # to the end
    assert view.follow_tail
    add(view, [(f"last {i}", jobs.INFO) for i in range(100)])
    assert bar.value() == bar.maximum()
    assert view.model.line(view.table.rowAt(view.table.viewport().height() - 2))[0] == "last 99"


def test_lines_in_view_stay_put_while_the_oldest_are_dropped(view):
    add(view, [(f"line {i}", jobs.INFO) for i in range(1000)])
    wheel(view, 10)
    first = view.model.line(view.table.rowAt(0))[0]
    add(view, [(f"new {i}", jobs.INFO) for i in range(50)])  # 50 lines dropped above
    assert view.model.dropped == 50
    assert view.model.line(view.table.rowAt(0))[0] == first


def test_follow_box_turns_following_back_on(view):
    bar = view.table.verticalScrollBar()
    add(view, [(f"line {i}", jobs.INFO) for i in range(300)])
    bar.setValue(0)  # as a drag of the scroll bar does
    assert not view.follow_tail
    view.follow_box.click()
    assert view.follow_tail and bar.value() == bar.maximum()


# -- search --------------------------------------------------------------------------------------------------
def needles(view) -> None:
    add(view, [(f"line {i}" + (" the NeedLe here" if i % 10 == 5 else ""), jobs.INFO) for i in range(200)])
    view.table.scrollToTop()


def test_search_steps_through_matches_with_enter_and_f3(view, qtbot):
    needles(view)
    view.find("needle")  # case ignored
    assert view.match_label.text() == "20 matches"
    matches = [i for i in range(200) if i % 10 == 5]
    qtbot.keyClick(view.find_edit, Qt.Key.Key_Return)
    assert view.match_label.text() == "1 of 20" and view.table.currentIndex().row() == matches[0]
    qtbot.keyClick(view.find_edit, Qt.Key.Key_Return)
    assert view.match_label.text() == "2 of 20" and view.table.currentIndex().row() == matches[1]
    qtbot.keyClick(view.find_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view.find_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)  # wraps around
    assert view.match_label.text() == "20 of 20" and view.table.currentIndex().row() == matches[-1]
    qtbot.keyClick(view.table, Qt.Key.Key_F3)
    assert view.match_label.text() == "1 of 20"
    qtbot.keyClick(view.table, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert view.match_label.text() == "20 of 20"
    assert not view.follow_tail  # a match shown stays in view
    add(view, [("another needle", jobs.INFO), ("no", jobs.INFO)])
    assert view.match_label.text() == "20 of 21"
    view.find("no such thing")
    assert view.match_label.text() == "No matches"


def test_matches_leave_with_their_lines(view, qtbot):
    add(view, [(f"line {i}" + (" needle" if i % 10 == 0 else ""), jobs.INFO) for i in range(1000)])
    view.find("needle")
    view.table.scrollToTop()
    qtbot.keyClick(view.find_edit, Qt.Key.Key_Return)
    assert view.match_label.text() == "1 of 100" and view.model.current == 0
    add(view, [(f"plain {i}", jobs.INFO) for i in range(505)])  # lines 0 to 504 dropped
    assert view.match_label.text() == "49 matches" and view.model.current is None
    assert view.model.matches == list(range(510, 1000, 10))


def test_the_current_match_is_highlighted(view, qtbot):
    needles(view)
    view.find("needle")
    qtbot.keyClick(view.find_edit, Qt.Key.Key_Return)
    current, other = view.table.currentIndex().row(), view.model.row_of(15)
    assert view.table.rowAt(0) <= other <= view.table.rowAt(view.table.viewport().height() - 1)
    assert rgb(CURRENT_MATCH) in row_pixels(view, current) and rgb(MATCH) not in row_pixels(view, current)
    assert rgb(MATCH) in row_pixels(view, other) and rgb(CURRENT_MATCH) not in row_pixels(view, other)
    assert rgb(MATCH) not in row_pixels(view, current + 1)


def test_ctrl_f_and_typing_in_the_log_open_its_find_field_before_the_window_shortcut(qtbot):
    make_app()
    window = QMainWindow()
    qtbot.addWidget(window)
    fired = []
    action = QAction("Filter", window, shortcut=QKeySequence(QKeySequence.StandardKey.Find))
    action.triggered.connect(lambda: fired.append(1))
    window.addAction(action)
    view = LogView()
    window.setCentralWidget(view)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is view.find_edit and not fired
    qtbot.keyClicks(view.find_edit, "x")
    qtbot.keyClick(view.find_edit, Qt.Key.Key_Escape)
    assert view.find_edit.text() == "" and QApplication.focusWidget() is view.table
    qtbot.keyClicks(view.table, "u")  # typing in the log starts a search
    assert QApplication.focusWidget() is view.find_edit and view.find_edit.text() == "u"


# -- filter and errors ---------------------------------------------------------------------------------------
def test_warnings_and_errors_only(view):
    lines = PRINTS + CASA
    add(view, [(line, jobs.INFO) for line in lines])
    problems = [i for i, line in enumerate(lines) if line.startswith(("ERROR", "WARNING")) or "\tWARN\t" in line]
    view.find("uid___A002_Xc27dd7_X2fc3")
    everywhere = len(view.model.matches)
    view.problems_box.click()
    assert shown_numbers(view) == problems
    assert {view.model.line(row)[1] for row in range(view.model.rowCount())} == {WARNING, ERROR}
    assert len(view.model.matches) == sum("uid___A002_Xc27dd7_X2fc3" in lines[i] for i in problems) < everywhere
    add(view, [("a plain line", jobs.INFO), ("ERROR: Nothing to process.", jobs.INFO)])
    assert view.model.line(view.model.rowCount() - 1)[0] == "ERROR: Nothing to process."
    view.problems_box.click()
    assert view.model.rowCount() == len(lines) + 2


def test_jump_to_the_first_error(view):
    add(view, [(line, jobs.INFO) for line in CASA + PRINTS + CASA])
    assert view.first_error_button.isEnabled()
    view.first_error_button.click()
    row = view.table.currentIndex().row()
    assert view.model.line(row)[0] == 'ERROR: Please start this script in directory "script".'
    assert not view.follow_tail
    view.clear()
    assert not view.first_error_button.isEnabled()


# -- copy ----------------------------------------------------------------------------------------------------
def test_ctrl_c_copies_the_selected_lines_whole(view, qtbot):
    add(view, [(line, jobs.INFO) for line in CASA])
    selection = QItemSelection(view.model.index(2, 0), view.model.index(4, 0))
    selection.select(view.model.index(7, 0), view.model.index(7, 0))
    view.table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    qtbot.keyClick(view.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "\n".join(CASA[2:5] + CASA[7:8])  # tabs and all


# -- from a job ----------------------------------------------------------------------------------------------
def test_a_jobs_messages_reach_the_view(view, qtbot):
    owner = QObject()
    runner = JobRunner(owner)
    lines = PRINTS + CASA + PIPELINE

    def restore_like(token, report):
        for line in lines:
            report.message(line, jobs.WARNING if line.startswith("Found the following ASDMs") else jobs.INFO)

    handle = runner.start(restore_like)
    handle.messages.connect(view.append_events)
    with qtbot.waitSignal(handle.finished, timeout=10_000):
        pass
    runner.shutdown()
    assert view.text() == "\n".join(lines)
    found = next(i for i, line in enumerate(lines) if line.startswith("Found the following ASDMs"))
    assert view.model.line(found)[1] == WARNING
