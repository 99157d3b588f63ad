"""Screenshots of the desktop polish: About, Preferences, the unexpected-error dialog (from a real error raised in
a slot), a second delivery in a second window and the Window menu. User folders go to a scratch folder.

QT_QPA_PLATFORM=offscreen python -m tests.gui.polish_screenshots OUTDIR
"""

from __future__ import annotations

import os
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from qa2explorer.demo import write_demo  # noqa: E402
from tests.gui.screenshots import open_window, settle  # noqa: E402


def main(out: str) -> None:
    os.makedirs(out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            os.environ[var] = os.path.join(tmp, var.lower())
        from qa2explorer.gui.about_dialog import AboutDialog
        from qa2explorer.gui.app import setup_logging
        from qa2explorer.gui.error_handler import ErrorHandler
        from qa2explorer.gui.preferences_dialog import PreferencesDialog

        project = write_demo(tmp)
        window = open_window(tmp, project)
        settle(3)  # thumbnails and weblog runs fill the cache a little
        window.show_about()
        settle(3)
        window.findChild(AboutDialog).grab().save(os.path.join(out, "about.png"))
        window.show_preferences()
        settle(3)
        prefs = [d for d in window.findChildren(PreferencesDialog) if d.isVisible()][0]
        prefs.grab().save(os.path.join(out, "preferences.png"))
        prefs.clear_cache()
        settle(3)
        prefs.grab().save(os.path.join(out, "preferences-cleared.png"))
        prefs.reject()
        errors = ErrorHandler(setup_logging())
        errors.install()
        errors.window_of = lambda: window

        def broken():
            {}["a missing key"]

        QTimer.singleShot(0, broken)
        settle(1)
        errors.dialog.grab().save(os.path.join(out, "error-dialog.png"))
        errors.uninstall()
        errors.dialog.close()
        members = sorted(r for r, _d, _f in os.walk(project) if os.path.basename(r).startswith("member."))
        second = window.windows.new(members[-1])  # a second delivery, in a window of its own
        settle(8)
        second.grab().save(os.path.join(out, "second-window.png"))
        second.window_menu.aboutToShow.emit()
        second.window_menu.popup(second.mapToGlobal(second.rect().center()))
        settle(1)
        second.window_menu.grab().save(os.path.join(out, "window-menu.png"))
        second.window_menu.close()
        second.close()
        settle(1)
        from PySide6.QtGui import QColor, QPalette

        dark = QPalette(QApplication.palette())
        R = QPalette.ColorRole  # a dark palette as desktops set it
        for role, colour in ((R.Window, "#2d2d2d"), (R.WindowText, "#eeeeee"), (R.Base, "#1e1e1e"),
                             (R.AlternateBase, "#262626"), (R.Text, "#eeeeee"), (R.Button, "#353535"),
                             (R.ButtonText, "#eeeeee"), (R.Link, "#6cb4ee"), (R.PlaceholderText, "#9a9a9a"),
                             (R.Mid, "#5a5a5a")):  # fmt: skip
            dark.setColor(role, QColor(colour))
        QApplication.setPalette(dark)
        window.message.show_message("Could not read the weblog: the archive ends early (truncated download).", "error")
        settle(1)
        window.grab().save(os.path.join(out, "dark-window.png"))
        window.shutdown()
        QApplication.processEvents()


if __name__ == "__main__":
    main(sys.argv[1])
