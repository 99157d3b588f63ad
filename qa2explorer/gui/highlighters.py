"""Syntax highlighting for the text viewer: Python (CASA scripts), XML (PPR, manifests), CASA logs, README; in the
colours of the system's light or dark appearance, recoloured when it changes."""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat

from ..delivery.kinds import LOG_KINDS, PYTHON_KINDS, XML_KINDS
from .appearance import on_change, scheme

_CASA_TASKS = [
    "importasdm",
    "applycal",
    "gaincal",
    "bandpass",
    "setjy",
    "fluxscale",
    "split",
    "mstransform",
    "tclean",
    "exportfits",
    "impbcor",
    "flagdata",
    "flagmanager",
    "listobs",
    "plotms",
    "concat",
    "uvcontsub",
    "wvrgcal",
    "gencal",
    "initweights",
    "statwt",
    "h_init",
    "h_save",
    "hifa_restoredata",
    "hif_restoredata",
    "hsd_restoredata",
    "hifa_importdata",
    "execfile",
]


class _Look:
    """How a match is drawn: a colour of :attr:`Colours.syntax`, bold, italic."""

    def __init__(self, colour: str, bold: bool = False, italic: bool = False):
        self.colour, self.bold, self.italic = colour, bold, italic

    def format(self, syntax: dict[str, str]) -> QTextCharFormat:
        f = QTextCharFormat()
        f.setForeground(QColor(syntax[self.colour]))
        if self.bold:
            f.setFontWeight(QFont.Weight.Bold)
        f.setFontItalic(self.italic)
        return f


class _SchemeHighlighter(QSyntaxHighlighter):
    """Its formats (``_make_formats``) are those of the current appearance, made again and the text rehighlighted
    when the palette changes."""

    def __init__(self, document):
        super().__init__(document)
        self._make_formats(scheme().syntax)
        on_change(self.recolour)

    def _make_formats(self, syntax: dict[str, str]) -> None:
        raise NotImplementedError

    def recolour(self) -> None:
        self._make_formats(scheme().syntax)
        if self.document() is not None:
            self.rehighlight()


class _RuleHighlighter(_SchemeHighlighter):
    rules: list[tuple[re.Pattern[str], _Look]] = []

    def _make_formats(self, syntax: dict[str, str]) -> None:
        self.formats = [(pattern, look.format(syntax)) for pattern, look in self.rules]

    def highlightBlock(self, text: str) -> None:
        for pattern, fmt in self.formats:
            for m in pattern.finditer(text):
                self.setFormat(m.start(), m.end() - m.start(), fmt)


class PythonHighlighter(_RuleHighlighter):
    rules = [
        (
            re.compile(
                r"\b("
                + "|".join(
                    [
                        "and",
                        "as",
                        "assert",
                        "break",
                        "class",
                        "continue",
                        "def",
                        "del",
                        "elif",
                        "else",
                        "except",
                        "finally",
                        "for",
                        "from",
                        "global",
                        "if",
                        "import",
                        "in",
                        "is",
                        "lambda",
                        "nonlocal",
                        "not",
                        "or",
                        "pass",
                        "raise",
                        "return",
                        "try",
                        "while",
                        "with",
                        "yield",
                        "None",
                        "True",
                        "False",
                    ]
                )
                + r")\b"
            ),
            _Look("keyword", bold=True),
        ),
        (re.compile(r"\b(" + "|".join(_CASA_TASKS) + r")\b(?=\s*\()"), _Look("task", bold=True)),
        (re.compile(r"\b\d+(\.\d+)?([eE][-+]?\d+)?\b"), _Look("number")),
        (re.compile(r"'[^'\\\n]*(\\.[^'\\\n]*)*'|\"[^\"\\\n]*(\\.[^\"\\\n]*)*\""), _Look("string")),
        (re.compile(r"#.*$"), _Look("comment", italic=True)),
    ]


class XmlHighlighter(_RuleHighlighter):
    rules = [
        (re.compile(r"</?[\w:.-]+|/?>|<\?xml|\?>"), _Look("tag", bold=True)),
        (re.compile(r"\b[\w:.-]+(?==)"), _Look("attribute")),
        (re.compile(r"\"[^\"]*\"|'[^']*'"), _Look("string")),
        (re.compile(r"<!--.*?-->"), _Look("comment", italic=True)),
    ]


class LogHighlighter(_RuleHighlighter):
    rules = [
        (re.compile(r"^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?"), _Look("comment")),
        (re.compile(r"\t[\w.]*::[\w.]*::\+?"), _Look("tag")),
        (re.compile(r"\bWARN(ING)?\b"), _Look("warning", bold=True)),
        (re.compile(r"\b(SEVERE|ERROR|EXCEPTION|Traceback)\b.*$"), _Look("error", bold=True)),
        (re.compile(r"^#.*$"), _Look("comment", italic=True)),
    ]


class ReadmeHighlighter(_SchemeHighlighter):
    """The member README: its section headings (a line underlined with ===== or -----, or a line in capitals)
    bold, the underlines dimmed."""

    _UNDERLINE = re.compile(r"^\s*(=+|-{3,})\s*$")
    _CAPITALS = re.compile(r"^[A-Z][A-Z0-9 ()/&:,'-]{2,}$")

    def _make_formats(self, syntax: dict[str, str]) -> None:
        self.heading = _Look("heading", bold=True).format(syntax)
        self.rule = _Look("comment").format(syntax)

    def highlightBlock(self, text: str) -> None:
        if self._UNDERLINE.match(text):
            self.setFormat(0, len(text), self.rule)
            return
        following = self.currentBlock().next()
        underlined = following.isValid() and bool(self._UNDERLINE.match(following.text())) and text.strip() != ""
        if underlined or self._CAPITALS.match(text.strip()):
            self.setFormat(0, len(text), self.heading)


def highlighter_for(kind: str | None, extension: str | None) -> type[_SchemeHighlighter] | None:
    if kind in PYTHON_KINDS or extension == "py":
        return PythonHighlighter
    if kind in XML_KINDS or extension == "xml":
        return XmlHighlighter
    if kind in LOG_KINDS or extension == "log":
        return LogHighlighter
    if kind == "readme":
        return ReadmeHighlighter
    return None
