"""Small widgets of the main window: the inline message bar, the welcome page, a label that elides names."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..present.labels import drop_mous_prefix, fit_name
from ..words import readable
from .resources import app_icon, named

BAR_TEXT = "#1b1b1b"
_BAR_STYLES = {
    "info": ("#eaf2f8", "#2e86c1", "readme"),
    "warning": ("#fef5e7", "#b9770e", "warning"),
    "error": ("#fdedec", "#b03a2e", "warning"),
}


class MessageBar(QFrame):
    """A dismissable line above the content, for messages that must not interrupt (no modal dialogs)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.icon = QLabel()
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Dismiss")
        close.clicked.connect(self.hide)
        self._buttons = QHBoxLayout()
        self._buttons.setContentsMargins(0, 0, 0, 0)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.icon)
        layout.addWidget(self.text, 1)
        layout.addLayout(self._buttons)
        layout.addWidget(close)
        self.level = "info"
        self.buttons: list[QPushButton] = []
        self.hide()

    def show_message(
        self, text: str, level: str = "info", actions: list[tuple[str, Callable[[], None]]] | None = None
    ) -> None:
        """Show ``text``; ``actions`` become buttons beside it (the way out of the situation)."""
        bg, border, icon = _BAR_STYLES[level]
        self.level = level
        # the bar is light in a dark appearance too: its text is set dark, never the palette's (light there)
        self.setStyleSheet(f"MessageBar {{ background: {bg}; border: 1px solid {border}; border-radius: 4px; }} "
                           f"MessageBar > QLabel {{ color: {BAR_TEXT}; }}")  # fmt: skip
        self.icon.setPixmap(named(icon).pixmap(18, 18))
        self.text.setText(readable(text))
        for button in self.buttons:
            button.deleteLater()
        self.buttons = []
        for label, callback in actions or []:
            button = QPushButton(label)
            button.clicked.connect(callback)
            self._buttons.addWidget(button)
            self.buttons.append(button)
        self.show()


class WelcomePage(QWidget):
    open_folder = Signal()
    open_demo = Signal()
    open_recent = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(96, 96))
        logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel("<h1>qa2explorer</h1>")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint = QLabel(
            "Drop an unpacked ALMA delivery here — any level of it: the project folder, a science goal, group "
            "or member, or a folder inside a member.<br>The tree, the decoded product names and the member "
            "overview appear at once."
        )
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        b_open = QPushButton("Open folder…")
        b_open.clicked.connect(self.open_folder)
        b_demo = QPushButton("Open the demo delivery")
        b_demo.clicked.connect(self.open_demo)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(b_open)
        buttons.addWidget(b_demo)
        buttons.addStretch()
        self.recent_title = QLabel("<b>Recent</b>")
        self.recent = QListWidget()
        self.recent.setMaximumWidth(720)
        self.recent.itemActivated.connect(lambda item: self.open_recent.emit(item.data(Qt.ItemDataRole.UserRole)))
        box = QVBoxLayout(self)
        box.addStretch()
        box.addWidget(logo)
        box.addWidget(title)
        box.addWidget(hint)
        box.addSpacing(12)
        box.addLayout(buttons)
        box.addSpacing(18)
        box.addWidget(self.recent_title, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addWidget(self.recent, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addStretch()

    def set_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        for p in paths:
            item = QListWidgetItem(named("folder"), readable(p))
            item.setData(Qt.ItemDataRole.UserRole, p)
            self.recent.addItem(item)
        self.recent_title.setVisible(bool(paths))
        self.recent.setVisible(bool(paths))


class ElidedLabel(QLabel):
    """One line that never widens the page (so it never moves the window's split). Too long, a name drops its
    ``member.<MOUS>.`` prefix and then its middle (:func:`~qa2explorer.present.labels.fit_name`); with
    ``ElideMiddle`` any text just loses its middle. The whole text is in the tooltip and :meth:`full_text`."""

    def __init__(self, mode: Qt.TextElideMode = Qt.TextElideMode.ElideLeft, parent=None):
        super().__init__(parent)
        self._full = ""
        self._mode = mode
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_full_text(self, text: str) -> None:
        self._full = readable(text)
        self.setToolTip(self._full)
        self._fit()

    def full_text(self) -> str:
        return self._full

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        metrics, width = self.fontMetrics(), max(0, self.width() - 2)
        if self._mode == Qt.TextElideMode.ElideMiddle:
            self.setText(metrics.elidedText(self._full, self._mode, width))
            return
        prefix = self._full[: len(self._full) - len(drop_mous_prefix(self._full))]
        self.setText(fit_name(self._full, prefix, lambda text: metrics.horizontalAdvance(text) <= width))
