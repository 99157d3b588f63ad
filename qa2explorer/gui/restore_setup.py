"""Before a restore: which CASA will run (found or chosen, remembered), scriptForPI's options explained, the
checklist of :mod:`qa2explorer.restore.preflight` (made in a job: it measures raw/), the exact command to copy,
and Start, enabled when nothing blocks. The two ways past a block the app can take itself are offered beside
it: setting an old calibrated/ aside, and restoring into a working copy elsewhere."""

from __future__ import annotations

import os
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..present.colours import Colours
from ..present.facts import BAD, DIM, GOOD, PROBLEM
from ..restore.calibrated import set_aside
from ..restore.casa import Casa, casa_program, find_casas, probe, read_casa
from ..restore.preflight import BLOCK, PASS, Preflight, preflight
from ..restore.run import Options, command, launcher_path, launcher_text, log_paths, shell_text
from ..words import readable
from .appearance import on_change, scheme, set_tone
from .job_runner import JobRunner
from .settings_store import SettingsStore

SPACESAVING = (  # (value, label, what it means)
    (-1, "−1: no disk check", "scriptForPI does not check the free disk first (use when its estimate is wrong)."),
    (0, "0: keep everything", "Keeps every intermediate measurement set: the most disk, up to 11× raw/."),
    (1, "1: delete *.ms.split (default)", "Deletes the intermediate *.ms.split: up to 7× raw/."),
    (2, "2: also delete *.ms", "Also deletes the imported *.ms: up to 3× raw/."),
    (3, "3: also delete *.ms.split.cal", "Also deletes each *.ms.split.cal once calibrated.ms holds them all."),
)
MARKS = {PASS: ("✓", GOOD), BLOCK: ("✗", BAD)}
WARN_MARK = ("!", PROBLEM)
CHOOSE = "Choose…"


class RestoreSetup(QWidget):
    start = Signal(str, object, object, object, object)  # member, Casa, Options, Preflight, into (str or None)
    notify = Signal(str, str)  # text, level

    def __init__(self, runner: JobRunner, store: SettingsStore, parent=None):
        super().__init__(parent)
        self.runner = runner
        self.store = store
        self.member: str | None = None
        self.into: str | None = None  # restore into a working copy in this folder
        self.checks: Preflight | None = None
        self.shown_checks: Preflight | None = None  # the checklist on screen (none while checking)
        self.casas: list[Casa] = []
        on_change(self._draw_checklist)

        self.title = QLabel()
        self.title.setWordWrap(True)
        self.casa_combo = QComboBox()
        self.casa_combo.setMinimumContentsLength(40)
        self.casa_combo.activated.connect(self._casa_chosen)
        self.spacesaving = QComboBox()
        for value, label, meaning in SPACESAVING:
            self.spacesaving.addItem(label, value)
            self.spacesaving.setItemData(self.spacesaving.count() - 1, meaning, Qt.ItemDataRole.ToolTipRole)
        self.spacesaving.currentIndexChanged.connect(self._option_changed)
        self.meaning = QLabel()
        self.meaning.setWordWrap(True)
        set_tone(self.meaning, DIM)
        self.dosplit = QCheckBox("Split out the science spectral windows (DOSPLIT)")
        self.dosplit.setToolTip("Pipeline data: each EB's science spws into <EB>.ms.split.cal (CASA's split).")
        self.docontsub = QCheckBox("Subtract the continuum (DOCONTSUB)")
        self.docontsub.setToolTip(
            "Reruns the pipeline's continuum fit and subtraction on the calibrated data (scriptForPI 1.34 and "
            "later; from Cycle 10 scriptForPI does it anyway when calibration/ holds a selfcal.json)."
        )  # fmt: skip
        for box in (self.dosplit, self.docontsub):
            box.toggled.connect(self._show_command)

        self.checklist = QLabel("Checking…")
        self.checklist.setWordWrap(True)
        self.checklist.setTextFormat(Qt.TextFormat.RichText)
        self.checklist.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.set_aside_button = QPushButton("Rename calibrated/ Aside")
        self.set_aside_button.setToolTip("Renames the existing calibrated/ to calibrated.<date-time>: nothing deleted.")
        self.set_aside_button.clicked.connect(self._set_aside)
        self.into_button = QPushButton("Restore into Another Folder…")
        self.into_button.setToolTip("A working copy of script/ and calibration/ there, raw/ linked (not copied).")
        self.into_button.clicked.connect(self._choose_into)
        self.in_place_button = QPushButton("Restore in Place")
        self.in_place_button.setToolTip("Restore into the member's own folder, beside script/.")
        self.in_place_button.clicked.connect(lambda: self._set_into(None))
        self.in_place_button.hide()
        self.again_button = QPushButton("Check Again")
        self.again_button.clicked.connect(self.check)

        self.command_text = QPlainTextEdit()
        self.command_text.setReadOnly(True)
        self.command_text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.command_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.copy_button = QPushButton("Copy Command")
        self.copy_button.setToolTip("The same restore in a terminal: the folder, the command and what it runs.")
        self.copy_button.clicked.connect(self._copy)
        self.start_button = QPushButton("Start Restore")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self._start)

        form = QFormLayout()
        form.addRow("CASA", self.casa_combo)
        form.addRow("SPACESAVING", self.spacesaving)
        form.addRow("", self.meaning)
        form.addRow("", self.dosplit)
        form.addRow("", self.docontsub)
        left = QVBoxLayout()  # what to run and whether it can: options, then the checks
        left.addLayout(form)
        left.addWidget(QLabel("<b>Checks</b> (what scriptForPI needs, checked before it runs)"))
        left.addWidget(self.checklist)
        left.addStretch(1)
        right = QVBoxLayout()  # how it runs: the command
        right.addWidget(QLabel("<b>Command</b> (run in script/; the same in a terminal)"))
        right.addWidget(self.command_text, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        page = QWidget()
        box = QVBoxLayout(page)
        box.addWidget(self.title)
        box.addLayout(columns, 1)
        scroll = QScrollArea()  # a short dock scrolls the checklist; the buttons below stay in view
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(9, 0, 9, 6)
        for b in (self.set_aside_button, self.into_button, self.in_place_button, self.again_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.start_button)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll, 1)
        outer.addLayout(buttons)
        self.load_defaults()
        self._show_meaning()

    def load_defaults(self) -> None:
        """The options a restore starts with (Preferences; SPACESAVING is also the last one chosen here)."""
        self.spacesaving.setCurrentIndex(int(self.store.remembered("spacesaving", 1, int)) + 1)
        self.dosplit.setChecked(bool(self.store.remembered("dosplit", False, bool)))
        self.docontsub.setChecked(bool(self.store.remembered("docontsub", False, bool)))
        self.casas = []  # the CASA remembered (Preferences, or chosen here) is looked for again
        self.casa_combo.clear()
        self.check()

    # -- the member and its checks -----------------------------------------------------------------------
    def set_member(self, member: str) -> None:
        self.member = member
        self._set_into(None)

    def _set_into(self, into: str | None) -> None:
        self.into = into
        text = f"<b>Restore the calibrated measurement sets of</b><br>{escape(readable(self.member or ''))}"
        if into:
            text += (f"<br>into a working copy in <b>{escape(readable(into))}</b> (script/ and calibration/ copied, "
                     "raw/ linked)")  # fmt: skip
        self.title.setText(text)
        self.in_place_button.setVisible(into is not None)
        self.check()

    def options(self) -> Options:
        return Options(self.spacesaving.currentData(), self.dosplit.isChecked(), self.docontsub.isChecked())

    def chosen_casa(self) -> Casa | None:
        index = self.casa_combo.currentIndex()
        return self.casas[index] if 0 <= index < len(self.casas) else None

    def check(self) -> None:
        """Make the checklist again (a job: CASA discovery and the size of raw/)."""
        if self.member is None:
            return
        self.start_button.setEnabled(False)
        self.shown_checks = None
        self.checklist.setText("Checking…")
        member, spacesaving, into = self.member, self.spacesaving.currentData(), self.into
        chosen = self.chosen_casa() or self._remembered_casa()

        def job(_token, _report):
            casas = find_casas()
            casa = chosen
            if casa is None or not os.access(casa.command, os.X_OK):
                casa = casas[0] if casas else None
            if casa is not None:
                casa = probe(casa)  # its version, from CASA itself when its name does not say it
                casas = [casa, *(c for c in casas if c.command != casa.command)]
            return casas, casa, preflight(member, casa, spacesaving, into=into)

        handle = self.runner.start(job, slot="restore-check", name="restore checks")
        handle.result.connect(self._checked)
        handle.failed.connect(lambda message: self.checklist.setText(f"The checks failed: {escape(message)}"))

    def _draw_checklist(self) -> None:
        """The checks, in the colours of the system's appearance (again when it changes)."""
        if self.shown_checks is not None:
            self.checklist.setText(checklist_html(self.shown_checks, scheme()))

    def _remembered_casa(self) -> Casa | None:
        path = self.store.remembered("casa", "")
        return read_casa(path, "chosen") if path else None

    def _checked(self, found) -> None:
        self.casas, casa, self.checks = found
        self.casa_combo.clear()
        for c in self.casas:
            self.casa_combo.addItem(c.describe())
        self.casa_combo.addItem(CHOOSE)
        if casa is not None:
            self.casa_combo.setCurrentIndex(next(i for i, c in enumerate(self.casas) if c.command == casa.command))
        else:
            self.casa_combo.setCurrentIndex(-1)
            self.casa_combo.setPlaceholderText("no CASA found: choose its casa")
        self.shown_checks = self.checks
        self._draw_checklist()
        keys = {c.key for c in self.checks.checks if c.verdict == BLOCK}
        self.set_aside_button.setVisible("calibrated" in keys)
        self.into_button.setVisible(not keys & {"script", "calibration"})  # a copy cannot mend those
        for box in (self.dosplit, self.docontsub):  # scriptForPI reads them for pipeline data only
            box.setEnabled(self.checks.pipeline)
            if not self.checks.pipeline:
                box.setChecked(False)
        self.start_button.setEnabled(self.checks.ready)
        self._show_command()

    # -- choices -----------------------------------------------------------------------------------------
    def _casa_chosen(self, index: int) -> None:
        if self.casa_combo.itemText(index) == CHOOSE:
            path, _ = QFileDialog.getOpenFileName(self, "Choose CASA's casa program", os.path.expanduser("~"))
            if not path:
                self.check()
                return
            path, problem = casa_program(path)
            if problem:
                self.notify.emit(f"{readable(path)}: {problem}.", "error")
                self.check()
                return
            self.casas.insert(0, read_casa(path, "chosen"))
            self.casa_combo.insertItem(0, self.casas[0].describe())
            self.casa_combo.setCurrentIndex(0)
        casa = self.chosen_casa()
        if casa is not None:
            self.store.remember("casa", casa.command)
        self.check()

    def _option_changed(self) -> None:
        self.store.remember("spacesaving", self.spacesaving.currentData())
        self._show_meaning()
        self.check()  # the disk needed depends on it

    def _show_meaning(self) -> None:
        self.meaning.setText(SPACESAVING[self.spacesaving.currentIndex()][2])

    def _show_command(self) -> None:
        self.command_text.setPlainText(self.command_lines())

    def command_lines(self) -> str:
        """The folder, the command and the launcher's lines: what a terminal needs to run the same restore."""
        casa, checks = self.chosen_casa(), self.checks
        if self.member is None or casa is None or checks is None or checks.script_for_pi is None:
            return "(no command: see the checks)"
        launcher, casa_log = launcher_path(checks.target), log_paths(checks.target)[1]
        lines = [f"cd {shell_text([os.path.join(checks.target, 'script')])}",
                 shell_text(command(casa, launcher, checks.pipeline, casa_log)), f"# {launcher} holds:"]  # fmt: skip
        lines += [f"#   {line}" for line in launcher_text(checks.script_for_pi, self.options()).splitlines()]
        if self.into:
            lines.insert(0, f"# Start first makes the working copy {checks.target}; the same restore in a terminal:")
        lines.append(f"# or: {shell_text(self.cli_command())}")
        return "\n".join(lines)

    def cli_command(self) -> list[str]:
        """The same restore with qa2explorer's command line (it makes any working copy itself)."""
        options, casa = self.options(), self.chosen_casa()
        argv = ["qa2explorer", "restore", self.member or "", "--casa", casa.command if casa else "casa",
                "--spacesaving", str(options.spacesaving)]  # fmt: skip
        argv += ["--dosplit"] * options.dosplit + ["--docontsub"] * options.docontsub
        argv += ["--into", self.into] if self.into else []
        return [*argv, "--yes"]

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.command_lines())
        self.notify.emit("Copied the restore command.", "info")

    def _start(self) -> None:
        casa = self.chosen_casa()
        if self.member is None or casa is None or self.checks is None or not self.checks.ready:
            return
        self.start.emit(self.member, casa, self.options(), self.checks, self.into)

    # -- the ways past a block ---------------------------------------------------------------------------
    def _set_aside(self) -> None:
        if self.checks is None:
            return
        member = self.checks.target
        handle = self.runner.start(lambda _t, _r: set_aside(member), slot="restore-aside", name="set aside")
        handle.result.connect(lambda path: (self.notify.emit(f"Renamed calibrated/ to {readable(path)}.", "info"),
                                            self.check()))  # fmt: skip
        handle.failed.connect(lambda message: self.notify.emit(message, "error"))

    def _choose_into(self) -> None:
        into = QFileDialog.getExistingDirectory(self, "Restore into which folder?", os.path.expanduser("~"))
        if into:
            self._set_into(into)


def checklist_html(checks: Preflight, colours: Colours) -> str:
    rows = []
    tones = colours.tones
    for c in checks.checks:
        mark, tone = MARKS.get(c.verdict, WARN_MARK)
        colour = tones[tone]
        hint = f"<br><span style='color:{tones[DIM]}'>→ {escape(c.hint)}</span>" if c.hint and c.verdict != PASS else ""
        rows.append(f"<tr><td style='color:{colour}; font-weight:bold; padding-right:6px'>{mark}</td>"
                    f"<td>{escape(readable(c.text))}{hint}</td></tr>")  # fmt: skip
    verdict = (
        f"<p style='color:{tones[GOOD]}'>Ready to restore.</p>"
        if checks.ready
        else f"<p style='color:{tones[BAD]}'>Not ready: what is marked ✗ must be solved first.</p>"
    )
    return "<table>" + "".join(rows) + "</table>" + verdict
