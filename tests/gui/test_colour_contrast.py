"""Every text colour the app draws, against the backgrounds it is drawn on, at least 4.5:1 (WCAG AA) in the light
and in the dark appearance: the page tones, table headers and links (the member page, the QA card), the score bands
(each on its own background), the syntax highlighting, log levels and search marks, and the dark palette's own
pairs. The backgrounds are those of Qt's light palette and the app's dark one, and of common desktops."""

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from qa2explorer.gui.appearance import dark_palette, is_dark, scheme
from qa2explorer.gui.log_table import CURRENT_MATCH, MATCH, MATCH_TEXT
from qa2explorer.gui.panels import _BAR_STYLES, BAR_TEXT
from qa2explorer.gui.pdf_pages import PAGE_TEXT
from qa2explorer.present.colours import DARK, LIGHT, Colours
from qa2explorer.qa.scores import BLUE, GREEN, RED, YELLOW
from tests.contrast import contrast

AA = 4.5
R = QPalette.ColorRole
# window and base (page) backgrounds: Fusion, GNOME Adwaita, KDE Breeze, macOS, Windows 11
LIGHT_BACKGROUNDS = ["#efefef", "#ffffff", "#f6f5f4", "#fafafa", "#eff0f1", "#ececec", "#f3f3f3"]
DARK_BACKGROUNDS = ["#353535", "#2a2a2a", "#242424", "#303030", "#31363b", "#232629", "#1e1e1e", "#202020"]
LIGHT_TEXTS, DARK_TEXTS = ["#000000", "#232629", "#1b1b1b"], ["#ffffff", "#eeeeee", "#eff0f1"]


def light_palette() -> QPalette:
    return QApplication.style().standardPalette()  # Fusion's, as offscreen and on a light desktop


def backgrounds(colours: Colours) -> list[str]:
    palette = dark_palette() if colours.dark else light_palette()
    return [palette.color(R.Window).name(), palette.color(R.Base).name(),
            *(DARK_BACKGROUNDS if colours.dark else LIGHT_BACKGROUNDS)]  # fmt: skip


def text_colours(colours: Colours) -> dict[str, str]:
    """Each text colour of a set drawn on the window's or a page's background."""
    return {**{f"tone {k}": v for k, v in colours.tones.items()}, "header": colours.header, "link": colours.link,
            **{f"syntax {k}": v for k, v in colours.syntax.items()},
            **{f"log {k}": v for k, v in colours.levels.items()}}  # fmt: skip


def own_pairs(colours: Colours) -> dict[str, tuple[str, str]]:
    """Text on a background of its own: (text, background)."""
    texts = DARK_TEXTS if colours.dark else LIGHT_TEXTS
    return {**{f"band {band}": (text, bg) for band, (bg, text) in colours.bands.items()},
            "not found": (colours.not_found[1], colours.not_found[0]),
            **{f"marked line, text {t}": (t, colours.marked) for t in texts}}  # fmt: skip


@pytest.mark.parametrize("colours", [LIGHT, DARK], ids=["light", "dark"])
def test_every_text_colour_on_every_background(qapp, colours):
    low = [f"{name} {text} on {bg}: {contrast(text, bg):.2f}" for name, text in text_colours(colours).items()
           for bg in backgrounds(colours) if contrast(text, bg) < AA]  # fmt: skip
    low += [f"{name}: {text} on {bg}: {contrast(text, bg):.2f}" for name, (text, bg) in own_pairs(colours).items()
            if contrast(text, bg) < AA]  # fmt: skip
    assert not low, "\n".join(low)


@pytest.mark.parametrize("colours", [LIGHT, DARK], ids=["light", "dark"])
def test_plot_lines_stand_out(qapp, colours):
    """Lines are graphics, not text: WCAG asks 3:1 of them."""
    low = [f"{name} {line} on {bg}: {contrast(line, bg):.2f}" for name, line in colours.lines.items()
           for bg in backgrounds(colours) if contrast(line, bg) < 3.0]  # fmt: skip
    assert not low, "\n".join(low)


def test_every_score_band_has_its_colours():
    assert set(LIGHT.bands) == set(DARK.bands) == {RED, YELLOW, BLUE, GREEN}


def test_fixed_pairs_read_the_same_in_both():
    """Marks and bars that keep their colours whatever the appearance: search matches in logs, the message bar,
    a PDF page's note (on the white page)."""
    bars = [(BAR_TEXT, bg) for bg, _border, _icon in _BAR_STYLES.values()]
    pairs = [(MATCH_TEXT.name(), MATCH.name()), (MATCH_TEXT.name(), CURRENT_MATCH.name()),
             (PAGE_TEXT.name(), "#ffffff"), *bars]  # fmt: skip
    assert all(contrast(text, bg) >= AA for text, bg in pairs), pairs


def test_the_dark_palette_itself(qapp):
    palette = dark_palette()
    pairs = {(R.WindowText, R.Window), (R.Text, R.Base), (R.Text, R.AlternateBase), (R.ButtonText, R.Button),
             (R.HighlightedText, R.Highlight), (R.ToolTipText, R.ToolTipBase), (R.PlaceholderText, R.Base),
             (R.Link, R.Base), (R.LinkVisited, R.Base)}  # fmt: skip
    low = [(f, b) for f, b in pairs if contrast(palette.color(f).name(), palette.color(b).name()) < AA]
    assert not low
    assert is_dark(palette) and not is_dark(light_palette())


def test_the_set_follows_the_application_palette(qapp):
    saved = QApplication.palette()
    assert scheme() is LIGHT
    QApplication.setPalette(dark_palette())
    try:
        assert scheme() is DARK
        assert scheme(QPalette(QColor("#f0f0f0"))) is LIGHT  # a palette given: its own
    finally:
        QApplication.setPalette(saved)
    assert scheme() is LIGHT
