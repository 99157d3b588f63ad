"""The pipeline's stage scores as a table: stage, task, score (coloured in the pipeline's bands), short message,
and how many of the member's image products the stage made. Sortable; "only scores ≤ 0.90" keeps the stages a
PI should read; a double-click (or Enter) asks for the stage's weblog page; a selected stage lists its products
below (a double-click selects one). Above it, one line of the run: versions, recipe, when, how long, and where
the scores come from."""

from __future__ import annotations

import os

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..present.facts import DIM
from ..qa.pipeline_run import PipelineRun
from ..qa.scores import Stage
from .appearance import scheme, set_tone

COLUMNS = ["Stage", "Task", "Score", "Images", "Message"]
NOT_GOOD = 0.90  # the filter keeps stages at or below the pipeline's "sub-optimal" band


class StagesModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.stages: list[Stage] = []
        self.products: dict[int, list[str]] = {}  # stage number -> image products it made

    def set_stages(self, stages: list[Stage], products: dict[int, list[str]] | None = None) -> None:
        self.beginResetModel()
        self.stages = list(stages)
        self.products = products or {}
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.stages)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        stage = self.stages[index.row()]
        column = index.column()
        made = len(self.products.get(stage.number, []))
        if role == Qt.ItemDataRole.DisplayRole:
            return [str(stage.number), stage.task, _score_text(stage), str(made) if made else "", stage.message][column]
        if role == Qt.ItemDataRole.UserRole:  # what sorting compares
            return [stage.number, stage.task, -1.0 if stage.score is None else stage.score, made,
                    stage.message][column]  # fmt: skip
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole) and column == 2 and stage.band:
            background, text = scheme().bands[stage.band]  # the weblog's badge colours, or their dark tints
            return QColor(background if role == Qt.ItemDataRole.BackgroundRole else text)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 2, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"Stage {stage.number}: {stage.task}"
            if stage.description:
                tip += f" — {stage.description}"
            return tip + (f"\n{stage.message}" if stage.message else "") + "\nDouble-click: its page in the weblog"
        return None


class _Filter(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.not_good_only = False
        self.setSortRole(Qt.ItemDataRole.UserRole)

    def set_not_good_only(self, on: bool) -> None:
        self.beginFilterChange()
        self.not_good_only = on
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent) -> bool:
        if not self.not_good_only:
            return True
        score = self.sourceModel().stages[row].score
        return score is not None and score <= NOT_GOOD


class ScoresTable(QWidget):
    """``stage_activated(number)``: the user asked for a stage's weblog page; ``product_activated(path)``: for one
    of the image products a stage made."""

    stage_activated = Signal(int)
    product_activated = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.run: PipelineRun | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.only_low = QCheckBox(f"Only scores ≤ {NOT_GOOD:.2f}")
        self.only_low.setToolTip("Hide the stages the pipeline scored good (above 0.90)")
        self.model = StagesModel(self)
        self.proxy = _Filter(self)
        self.proxy.setSourceModel(self.model)
        self.only_low.toggled.connect(self._filter)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        for column in (0, 1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.activated.connect(self._activated)
        self.table.selectionModel().currentRowChanged.connect(self._list_products)
        self.made = QListWidget()
        self.made.setMaximumHeight(6 * self.fontMetrics().height())
        self.made.itemActivated.connect(lambda item: self.product_activated.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.made_label = QLabel()
        self.count = QLabel()
        set_tone(self.count, DIM)
        bar = QHBoxLayout()
        bar.addWidget(self.only_low)
        bar.addStretch(1)
        bar.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.made_label)
        layout.addWidget(self.made)
        self._list_products()

    def set_run(self, run: PipelineRun | None, note: str = "", products: dict[int, list[str]] | None = None) -> None:
        """Show ``run``'s stages (and the image ``products`` each made); without a run, ``note`` (why there are no
        scores)."""
        self.run = run
        self.model.set_stages(run.stages if run else [], products)
        self._list_products()
        self.table.setVisible(run is not None)
        self.only_low.setVisible(run is not None)
        self.summary.setText(run_line(run) if run else note)
        self._count()

    def _filter(self, on: bool) -> None:
        self.proxy.set_not_good_only(on)
        self._count()

    def _count(self) -> None:
        total = len(self.model.stages)
        shown = self.proxy.rowCount()
        low = sum(1 for s in self.model.stages if s.score is not None and s.score <= NOT_GOOD)
        text = f"{total} stages, {low} at or below {NOT_GOOD:.2f}" if total else ""
        self.count.setText(text + (f" · {shown} shown" if shown != total else ""))

    def _list_products(self, current=None, _previous=None) -> None:
        paths = []
        if current is not None and current.isValid():
            stage = self.model.stages[self.proxy.mapToSource(current).row()]
            paths = self.model.products.get(stage.number, [])
            made = (
                f"made {len(paths)} of the image products (double-click one to show it):"
                if paths
                else "made none of the image products."
            )
            self.made_label.setText(f"Stage {stage.number} {made}")
        self.made_label.setVisible(bool(self.model.products) and current is not None and current.isValid())
        self.made.clear()
        for path in paths:
            item = QListWidgetItem(os.path.basename(path))
            item.setData(Qt.ItemDataRole.UserRole, path)
            self.made.addItem(item)
        self.made.setVisible(bool(paths))

    def _activated(self, index) -> None:
        stage = self.model.stages[self.proxy.mapToSource(index).row()]
        self.stage_activated.emit(stage.number)


def _score_text(stage: Stage) -> str:
    return "–" if stage.score is None else f"{stage.score:.2f}"


def run_line(run: PipelineRun) -> str:
    """'Pipeline 2023.1.0.124 (…) · CASA 6.5.4-9 · hifa_calimage · started … · took 6:41:12 · scores from …'."""
    bits = [f"Pipeline {run.pipeline_version}" if run.pipeline_version else None,
            f"CASA {run.casa_version}" if run.casa_version else None, run.recipe,
            f"started {run.started}" if run.started else None, f"took {run.duration}" if run.duration else None,
            f"scores from {run.source}"]  # fmt: skip
    return " · ".join(b for b in bits if b)
