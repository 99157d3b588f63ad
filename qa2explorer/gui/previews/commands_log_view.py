"""casa_commands.log: the pipeline stages and the CASA tasks each ran, in order, beside the full text (the text
viewer moves from its tab to beside the list); picking a task shows its call in the text; a filter keeps one
task (or stage) name."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QTextCursor
from PySide6.QtWidgets import QComboBox, QSplitter, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from ...qa.commands_log import LoggedStage, logged_stages
from ...words import plural
from .helper import HelperPreview

ALL = ""
LINE = Qt.ItemDataRole.UserRole


class CommandsLogPreview(HelperPreview):
    what = "a casa_commands.log"

    @staticmethod
    def parse(text: str, path: str) -> list[LoggedStage]:
        return logged_stages(text)

    def build(self, parsed: list[LoggedStage]) -> list[tuple[str, QWidget]]:
        self.stages = parsed
        self.filter = QComboBox()
        counts = Counter(t.task for s in parsed for t in s.tasks) + Counter(s.task for s in parsed)
        self.filter.addItem("All stages and tasks", ALL)
        for name, n in sorted(counts.items()):
            self.filter.addItem(f"{name} ({n})", name)
        self.filter.currentIndexChanged.connect(self._fill)
        self.list = QTreeWidget()
        self.list.setHeaderLabels(["Stage / task", "Line", "Parameters"])
        self.list.setUniformRowHeights(True)
        self.list.currentItemChanged.connect(self._goto)
        self.beside = self.viewer  # the full text, beside the list (its own tab goes)
        left = QWidget()
        box = QVBoxLayout(left)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.filter)
        box.addWidget(self.list)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.beside)
        self.beside.show()  # hidden while it was a tab behind the current one; taken out of the tabs, it is not
        split.setSizes([600, 400])
        self._fill()
        return [("Tasks", split)]

    def summary(self, parsed: list[LoggedStage]) -> str:
        tasks = sum(len(s.tasks) for s in parsed)
        return f"{plural(len(parsed), 'pipeline stage')}, {plural(tasks, 'CASA task call')}."

    def _fill(self) -> None:
        wanted = self.filter.currentData()
        self.list.clear()
        bold = QFont()
        bold.setBold(True)
        for stage in self.stages:
            tasks = [t for t in stage.tasks if wanted in (ALL, stage.task, t.task)]
            if wanted not in (ALL, stage.task) and not tasks:
                continue
            number = f"{stage.number}. " if stage.number else ""
            top = QTreeWidgetItem([f"{number}{stage.task}", str(stage.line), stage.summary])
            top.setFont(0, bold)
            top.setData(0, LINE, stage.line)
            if not stage.tasks:
                top.setText(2, (stage.summary + "  " if stage.summary else "") + "(no CASA command)")
            for task in tasks:
                child = QTreeWidgetItem([task.task, str(task.line), task.summary])
                child.setData(0, LINE, task.line)
                top.addChild(child)
            self.list.addTopLevelItem(top)
        self.list.expandAll()
        # widths from the few distinct names, not from every row (thousands in a long log)
        names = {f"{s.number}. {s.task}" for s in self.stages} | {t.task for s in self.stages for t in s.tasks}
        metrics = QFontMetrics(bold)
        self.list.setColumnWidth(0, 40 + max((metrics.horizontalAdvance(n) for n in names), default=80))
        self.list.setColumnWidth(1, 16 + metrics.horizontalAdvance("000000"))

    def task_names(self) -> list[str]:
        """The task names listed (stages and their tasks, top to bottom)."""
        out = []
        for i in range(self.list.topLevelItemCount()):
            top = self.list.topLevelItem(i)
            out += [top.child(j).text(0) for j in range(top.childCount())]
        return out

    def _goto(self, item: QTreeWidgetItem | None, _previous=None) -> None:
        if item is None:
            return
        block = self.beside.edit.document().findBlockByNumber(int(item.data(0, LINE)) - 1)
        cursor = QTextCursor(block)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        self.beside.edit.setTextCursor(cursor)
        self.beside.edit.centerCursor()
