"""Tools ▸ Preferences (Ctrl+,): the CASA restores use (the Restore panel's own remembered choice), the user cache
(its folder and size, the limit of the inflated FITS copies, Clear Cache) and the options a restore starts with.
Stored in the settings store under the keys the Restore panel and the image viewer read; the cache is measured
and cleared in jobs."""

from __future__ import annotations

import os

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..imaging import gzcache
from ..present.facts import BAD
from ..restore.casa import casa_program
from ..words import human_size, readable
from . import user_cache
from .appearance import set_tone
from .job_runner import JobRunner
from .restore_setup import SPACESAVING
from .settings_store import SettingsStore


class PreferencesDialog(QDialog):
    def __init__(self, runner: JobRunner, store: SettingsStore, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.runner = runner
        self.store = store

        self.casa_edit = QLineEdit(self.store.remembered("casa", ""))
        self.casa_edit.setPlaceholderText("found automatically (on PATH or in the usual places)")
        self.casa_edit.setClearButtonEnabled(True)
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._choose_casa)
        self.casa_problem = QLabel()
        set_tone(self.casa_problem, BAD)
        self.casa_problem.hide()
        casa_row = QHBoxLayout()
        casa_row.addWidget(self.casa_edit, 1)
        casa_row.addWidget(browse)

        self.spacesaving = QComboBox()
        for value, label, _meaning in SPACESAVING:
            self.spacesaving.addItem(label, value)
        self.spacesaving.setCurrentIndex(int(self.store.remembered("spacesaving", 1, int)) + 1)
        self.dosplit = QCheckBox("Split out the science spectral windows (DOSPLIT)")
        self.dosplit.setChecked(bool(self.store.remembered("dosplit", False, bool)))
        self.docontsub = QCheckBox("Subtract the continuum (DOCONTSUB)")
        self.docontsub.setChecked(bool(self.store.remembered("docontsub", False, bool)))
        restore = QGroupBox("Restore")
        form = QFormLayout(restore)
        form.addRow("CASA", casa_row)
        form.addRow("", self.casa_problem)
        form.addRow("SPACESAVING", self.spacesaving)
        form.addRow("", self.dosplit)
        form.addRow("", self.docontsub)

        self.cache_label = QLabel(f"{readable(user_cache.root())} (measuring…)")
        self.cache_label.setWordWrap(True)
        self.limit = QSpinBox()
        self.limit.setRange(1, 10_000)
        self.limit.setSuffix(" GB")
        self.limit.setValue(gzcache.default_limit() // 1000**3)
        self.limit.setToolTip("Inflated copies of gzipped FITS images: the oldest used are removed beyond this.")
        self.clear_button = QPushButton("Clear Cache")
        self.clear_button.setToolTip(
            "Removes thumbnails, inflated FITS copies, unpacked weblogs, weblog runs read and restore launchers: "
            "all made again when needed. Deliveries, restore logs and the demo are not touched."
        )
        self.clear_button.clicked.connect(self.clear_cache)
        self.cache_status = QLabel()
        self.cache_status.setWordWrap(True)
        cache = QGroupBox("Cache")
        cache_form = QFormLayout(cache)
        cache_form.addRow("Folder", self.cache_label)
        cache_form.addRow("Inflated FITS limit", self.limit)
        cache_form.addRow(self.clear_button, self.cache_status)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(restore)
        box.addWidget(cache)
        box.addWidget(buttons)
        self.resize(560, 0)
        self.measure()

    # -- cache -------------------------------------------------------------------------------------------
    def measure(self) -> None:
        root = user_cache.root()
        handle = self.runner.start(lambda _t, _r: user_cache.size_of(root), slot="cache-size", name="cache size")
        handle.result.connect(self._measured)  # methods, not lambdas: dropped with the dialog if it closes first

    def _measured(self, size: int) -> None:
        self.cache_label.setText(f"{readable(user_cache.root())} ({human_size(size)})")

    def clear_cache(self) -> None:
        self.clear_button.setEnabled(False)
        self.cache_status.setText("Clearing…")
        handle = self.runner.start(user_cache.clear, slot="cache-clear", name="clear cache")
        handle.progress.connect(self._clearing)
        handle.result.connect(self._cleared)
        handle.failed.connect(self._not_cleared)

    def _clearing(self, event) -> None:
        self.cache_status.setText(event.message or "Clearing…")

    def _not_cleared(self, message: str) -> None:
        self._cleared(None, message)

    def _cleared(self, cleared, message: str = "") -> None:
        self.clear_button.setEnabled(True)
        if cleared is None:
            self.cache_status.setText(f"Could not clear the cache: {message}")
        elif cleared.problems:
            self.cache_status.setText(f"Freed {human_size(cleared.freed)}; not removed: {'; '.join(cleared.problems)}")
        else:
            self.cache_status.setText(f"Freed {human_size(cleared.freed)}.")
        self.measure()

    # -- CASA --------------------------------------------------------------------------------------------
    def _choose_casa(self) -> None:
        start = os.path.dirname(self.casa_edit.text()) or os.path.expanduser("~")
        path, _ = QFileDialog.getOpenFileName(self, "Choose CASA's casa program", start)
        if path:
            self.casa_edit.setText(path)

    def accept(self) -> None:
        given = self.casa_edit.text().strip()
        if given:
            path, problem = casa_program(given)
            if problem:
                self.casa_problem.setText(f"{readable(path)}: {problem}.")
                self.casa_problem.show()
                return
            given = path
        self.store.remember("casa", given)
        self.store.remember("spacesaving", self.spacesaving.currentData())
        self.store.remember("dosplit", self.dosplit.isChecked())
        self.store.remember("docontsub", self.docontsub.isChecked())
        self.store.set_cache_limit_gb(self.limit.value())
        self.store.sync()
        super().accept()
