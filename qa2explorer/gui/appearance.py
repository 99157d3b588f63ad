"""Light or dark, as the system is. The application's palette is the truth: Qt sets it from the desktop and
replaces it when the desktop's scheme changes; where the platform says "dark" (``colorScheme``) but leaves a light
palette, :func:`follow_system` puts a dark one in its place. Views take their text colours from the matching set in
:mod:`qa2explorer.present.colours` and redraw when the palette changes (:func:`on_change`, :func:`set_tone`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from ..present.colours import Colours

DARK_ROLES = {
    QPalette.ColorRole.Window: "#2d2d2d",
    QPalette.ColorRole.WindowText: "#eeeeee",
    QPalette.ColorRole.Base: "#1e1e1e",
    QPalette.ColorRole.AlternateBase: "#262626",
    QPalette.ColorRole.Text: "#eeeeee",
    QPalette.ColorRole.Button: "#353535",
    QPalette.ColorRole.ButtonText: "#eeeeee",
    QPalette.ColorRole.BrightText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#353535",
    QPalette.ColorRole.ToolTipText: "#eeeeee",
    QPalette.ColorRole.PlaceholderText: "#9a9a9a",
    QPalette.ColorRole.Light: "#4a4a4a",
    QPalette.ColorRole.Midlight: "#3c3c3c",
    QPalette.ColorRole.Mid: "#555555",
    QPalette.ColorRole.Dark: "#191919",
    QPalette.ColorRole.Shadow: "#000000",
    QPalette.ColorRole.Highlight: "#2f6fb0",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#8cc4ff",
    QPalette.ColorRole.LinkVisited: "#c9a4ff",
}


def dark_palette() -> QPalette:
    """A dark palette (for a platform that reports a dark scheme without giving one, and for tests)."""
    palette = QPalette()
    for role, colour in DARK_ROLES.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#808080"))
    return palette


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether ``palette`` (the application's by default) draws light text on a dark window."""
    palette = palette if palette is not None else QApplication.palette()
    return (
        palette.color(QPalette.ColorRole.Window).lightness() < palette.color(QPalette.ColorRole.WindowText).lightness()
    )


def scheme(palette: QPalette | None = None) -> Colours:
    """The text colours that go with ``palette`` (the application's by default)."""
    from ..present.colours import colours  # not needed for the window to start

    return colours(is_dark(palette))


class _Watcher(QWidget):
    """Never shown: it gets the application's palette-change event, as every widget does, and emits ``changed``
    (a new scheme, or a dark palette put in place)."""

    changed = Signal()

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            restyle()
            self.changed.emit()
        return super().event(event)


def restyle() -> None:
    """Polish again the widgets that have a style sheet: Qt keeps the colours such a widget had when it was
    polished (a title made bold by its style sheet stayed black on a dark window)."""
    for widget in QApplication.allWidgets():
        sheet = widget.styleSheet()
        if sheet:
            widget.setStyleSheet(sheet)


_watcher: _Watcher | None = None


def watcher() -> _Watcher:
    global _watcher
    if _watcher is None:
        _watcher = _Watcher()
    return _watcher


def on_change(slot) -> None:
    """Call ``slot`` (a bound method of a QObject, dropped with it) after the palette changed."""
    watcher().changed.connect(slot)


class _Tone(QObject):
    """Held by a widget whose text is in a tone: sets the tone's colour of the current appearance."""

    def __init__(self, widget: QWidget, tone: str):
        super().__init__(widget)
        self.tone = tone
        on_change(self.apply)

    def apply(self) -> None:
        palette = QPalette()  # only the text's colour is the widget's own, the rest follows the application's
        if self.tone:
            palette.setColor(QPalette.ColorRole.WindowText, QColor(scheme().tones[self.tone]))
        self.parent().setPalette(palette)


def set_tone(widget: QWidget, tone: str | None) -> None:
    """Draw ``widget``'s text in ``tone`` (a key of :attr:`Colours.tones`) of the current appearance, and again
    in the new appearance's when it changes; ``None``: the palette's own text colour."""
    held = widget.findChild(_Tone, options=Qt.FindChildOption.FindDirectChildrenOnly)
    if held is None:
        held = _Tone(widget, tone or "")
    held.tone = tone or ""
    held.apply()


def follow_system(app: QApplication) -> None:
    """Keep the palette dark while the platform says the scheme is dark but left the palette light (and give the
    platform's palette back when it turns light)."""
    if app.property("follows_system"):
        return
    app.setProperty("follows_system", True)
    watcher()  # from now on, a palette change restyles what has a style sheet
    hints = QGuiApplication.styleHints()
    # after the platform's own palette change, which may come with the same theme change
    hints.colorSchemeChanged.connect(
        lambda _value: QTimer.singleShot(0, app, lambda: match_scheme(app, hints.colorScheme()))
    )
    match_scheme(app, hints.colorScheme())


def match_scheme(app: QApplication, value: Qt.ColorScheme) -> None:
    """Put the app's dark palette in place when ``value`` is dark and the palette is light; take it away when the
    scheme is no longer dark."""
    ours = bool(app.property("dark_palette_set"))
    if value == Qt.ColorScheme.Dark and not is_dark(app.palette()):
        app.setPalette(dark_palette())
        app.setProperty("dark_palette_set", True)
    elif value != Qt.ColorScheme.Dark and ours:
        app.setProperty("dark_palette_set", False)
        app.setPalette(QPalette())


class _PlotColours(QObject):
    """Held by a pyqtgraph plot: its background, axes and legend in the palette's window and text colours."""

    def __init__(self, plot):
        super().__init__(plot)
        on_change(self.apply)
        self.apply()

    def apply(self) -> None:
        plot, palette = self.parent(), QApplication.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        plot.setBackground(palette.color(QPalette.ColorRole.Window))
        for name in ("left", "bottom", "right", "top"):
            axis = plot.getAxis(name)
            axis.setPen(text)
            axis.setTextPen(text)
        legend = plot.getPlotItem().legend
        if legend is not None:
            legend.setLabelTextColor(text)
            for _sample, label in legend.items:
                label.setText(label.text, color=text)


def follow_palette(plot) -> None:
    """Draw a pyqtgraph ``plot`` in the palette's colours, now and whenever the appearance changes."""
    _PlotColours(plot)
