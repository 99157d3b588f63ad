"""Help ▸ About: the versions a bug report needs (the app, Python, Qt, the libraries that read the data), the CASA
the Restore panel would find, and where the app keeps its log and cache (with the cache's size). Looking for
CASA and measuring the cache run in a job; their rows say "looking…" until then."""

from __future__ import annotations

import platform
from html import escape
from importlib import metadata

import platformdirs
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .. import __version__
from ..restore.casa import find_casas, probe
from ..words import human_size, readable
from . import user_cache
from .job_runner import JobRunner
from .resources import app_icon

LIBRARIES = ("astropy", "numpy", "pypdfium2", "matplotlib")  # what reads and draws the delivery's files
LOOKING = "looking…"


def library_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def casa_found(_token=None, _report=None) -> str:
    """The CASAs found, the first (the one a restore would use) with its version asked of CASA when its name does
    not say it; "none found" else."""
    casas = find_casas()
    if not casas:
        return "none found (on PATH or in the usual places); choose one in the Restore panel or Preferences"
    return "\n".join(c.describe() for c in [probe(casas[0]), *casas[1:]])


class AboutDialog(QDialog):
    def __init__(self, runner: JobRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("About qa2explorer")
        self.facts: dict[str, str] = {
            "qa2explorer": __version__,
            "Python": f"{platform.python_version()} ({platform.platform()})",
            "Qt": f"{qVersion()} (PySide6 {pyside_version})",
            **{name: library_version(name) for name in LIBRARIES},
            "CASA": LOOKING,
            "Log folder": readable(platformdirs.user_log_dir("qa2explorer")),
            "Cache folder": f"{readable(user_cache.root())} ({LOOKING})",
        }
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(64, 64))
        self.heading = QLabel(
            f"<h3>qa2explorer {escape(__version__)}</h3><p>Explore ALMA QA2 data deliveries: the delivery tree, "
            "decoded product names, member overviews, images and cubes, the QA, and restoring the calibrated "
            "data with scriptForPI.</p>"
        )
        self.heading.setWordWrap(True)
        form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for key in self.facts:
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = value
            form.addRow(f"<b>{escape(key)}</b>", value)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("Copy Versions")
        self.copy_button.clicked.connect(self.copy)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.heading, 1)
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addLayout(form)
        box.addStretch(1)
        box.addWidget(buttons)
        self.setMinimumWidth(560)
        self._show()
        casa = runner.start(casa_found, slot="about-casa", name="find CASA")
        casa.result.connect(self._casa)  # methods, not lambdas: dropped with the dialog if it closes first
        casa.failed.connect(self._casa_failed)
        root = user_cache.root()
        size = runner.start(lambda _t, _r: user_cache.size_of(root), slot="about-cache", name="cache size")
        size.result.connect(self._measured)

    def _casa(self, text: str) -> None:
        self._set("CASA", text)

    def _casa_failed(self, message: str) -> None:
        self._set("CASA", f"could not look: {message}")

    def _measured(self, size: int) -> None:
        self._set("Cache folder", f"{readable(user_cache.root())} ({human_size(size)})")

    def _set(self, key: str, value: str) -> None:
        self.facts[key] = value
        self._show()

    def _show(self) -> None:
        for key, value in self.facts.items():
            self.values[key].setText(value)

    def text(self) -> str:
        return "\n".join(f"{k}: {v}" for k, v in self.facts.items())

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text())
        self.copy_button.setText("Copied")
