"""Syntax highlighting for the text viewer: Python (CASA scripts), XML (PPR, manifests), CASA logs, README."""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat

from ..delivery.kinds import LOG_KINDS, PYTHON_KINDS, XML_KINDS

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


def _fmt(color: str, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    f = QTextCharFormat()
    f.setForeground(QColor(color))
    if bold:
        f.setFontWeight(QFont.Weight.Bold)
    f.setFontItalic(italic)
    return f


class _RuleHighlighter(QSyntaxHighlighter):
    rules: list[tuple[re.Pattern[str], QTextCharFormat]] = []

    def highlightBlock(self, text: str) -> None:
        for pattern, fmt in self.rules:
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
            _fmt("#8959a8", bold=True),
        ),
        (re.compile(r"\b(" + "|".join(_CASA_TASKS) + r")\b(?=\s*\()"), _fmt("#3e999f", bold=True)),
        (re.compile(r"\b\d+(\.\d+)?([eE][-+]?\d+)?\b"), _fmt("#f5871f")),
        (re.compile(r"'[^'\\\n]*(\\.[^'\\\n]*)*'|\"[^\"\\\n]*(\\.[^\"\\\n]*)*\""), _fmt("#718c00")),
        (re.compile(r"#.*$"), _fmt("#8e908c", italic=True)),
    ]


class XmlHighlighter(_RuleHighlighter):
    rules = [
        (re.compile(r"</?[\w:.-]+|/?>|<\?xml|\?>"), _fmt("#4271ae", bold=True)),
        (re.compile(r"\b[\w:.-]+(?==)"), _fmt("#c82829")),
        (re.compile(r"\"[^\"]*\"|'[^']*'"), _fmt("#718c00")),
        (re.compile(r"<!--.*?-->"), _fmt("#8e908c", italic=True)),
    ]


class LogHighlighter(_RuleHighlighter):
    rules = [
        (re.compile(r"^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?"), _fmt("#8e908c")),
        (re.compile(r"\t[\w.]*::[\w.]*::\+?"), _fmt("#4271ae")),
        (re.compile(r"\bWARN(ING)?\b"), _fmt("#c76b00", bold=True)),
        (re.compile(r"\b(SEVERE|ERROR|EXCEPTION|Traceback)\b.*$"), _fmt("#c82829", bold=True)),
        (re.compile(r"^#.*$"), _fmt("#8e908c", italic=True)),
    ]


class ReadmeHighlighter(QSyntaxHighlighter):
    """The member README: its section headings (a line underlined with ===== or -----, or a line in capitals)
    bold, the underlines dimmed."""

    _UNDERLINE = re.compile(r"^\s*(=+|-{3,})\s*$")
    _CAPITALS = re.compile(r"^[A-Z][A-Z0-9 ()/&:,'-]{2,}$")
    heading = _fmt("#1f4e79", bold=True)
    rule = _fmt("#8e908c")

    def highlightBlock(self, text: str) -> None:
        if self._UNDERLINE.match(text):
            self.setFormat(0, len(text), self.rule)
            return
        following = self.currentBlock().next()
        underlined = following.isValid() and bool(self._UNDERLINE.match(following.text())) and text.strip() != ""
        if underlined or self._CAPITALS.match(text.strip()):
            self.setFormat(0, len(text), self.heading)


def highlighter_for(kind: str | None, extension: str | None) -> type[QSyntaxHighlighter] | None:
    if kind in PYTHON_KINDS or extension == "py":
        return PythonHighlighter
    if kind in XML_KINDS or extension == "xml":
        return XmlHighlighter
    if kind in LOG_KINDS or extension == "log":
        return LogHighlighter
    if kind == "readme":
        return ReadmeHighlighter
    return None
