"""A dark appearance (the system's palette, as Qt applies it when the desktop is dark): the message bar keeps
its text readable on its light background."""

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from qa2explorer.gui.panels import _BAR_STYLES


def contrast(a: QColor, b: QColor) -> float:
    def luminance(c: QColor) -> float:
        parts = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in (c.redF(), c.greenF(), c.blueF())]
        return 0.2126 * parts[0] + 0.7152 * parts[1] + 0.0722 * parts[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_message_bar_is_readable_in_a_dark_palette(qtbot, window):
    app = QApplication.instance()
    saved = app.palette()
    dark = QPalette(saved)
    for role, colour in ((QPalette.ColorRole.Window, "#2d2d2d"), (QPalette.ColorRole.WindowText, "#eeeeee"),
                         (QPalette.ColorRole.Base, "#1e1e1e"), (QPalette.ColorRole.Text, "#eeeeee")):  # fmt: skip
        dark.setColor(role, QColor(colour))
    app.setPalette(dark)
    try:
        for level in ("info", "warning", "error"):
            window.message.show_message("Could not read the weblog.", level)
            qtbot.waitUntil(window.message.isVisible)
            label = window.message.text
            label.ensurePolished()
            background = QColor(_BAR_STYLES[level][0])
            assert contrast(label.palette().color(QPalette.ColorRole.WindowText), background) >= 4.5
    finally:
        app.setPalette(saved)
