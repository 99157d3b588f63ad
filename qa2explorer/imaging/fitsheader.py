"""A FITS header read without astropy: the cards as written, and their values (strings, logicals, integers,
reals) by keyword. Opening an image needs nothing more, and astropy's import (half a second or more) stays off
the path to the first picture; world coordinates convert this header for astropy when they need it."""

from __future__ import annotations

import re

BLOCK = 2880
CARD = 80
_INT = re.compile(r"[+-]?\d+$")
_REAL = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([ED][+-]?\d+)?$", re.IGNORECASE)


class HeaderError(ValueError):
    """Not a FITS header: ``str(exc)`` says why."""


class Header:
    """The primary header: ``get``, ``[]`` and ``in`` by keyword (the first card of a keyword wins, as in
    astropy), ``cards`` the 80-character cards before END."""

    def __init__(self, cards: list[str]):
        self.cards = cards
        self._values: dict[str, object] = {}
        pending: str | None = None  # a long string continued on CONTINUE cards
        for card in cards:
            key = card[:8].rstrip().upper()
            if key == "CONTINUE" and pending is not None:
                more = _value(card[8:])
                if isinstance(more, str):
                    self._values[pending] = str(self._values[pending])[:-1] + more
                    pending = pending if more.endswith("&") else None
                continue
            pending = None
            if card[8:10] != "= " or key in self._values:
                continue
            value = _value(card[10:])
            self._values[key] = value
            if isinstance(value, str) and value.endswith("&"):
                pending = key

    def get(self, key: str, default=None):
        return self._values.get(key.upper(), default)

    def __getitem__(self, key: str):
        return self._values[key.upper()]

    def __contains__(self, key: str) -> bool:
        return key.upper() in self._values

    def __len__(self) -> int:
        return len(self.cards)

    def text(self) -> str:
        """The cards, one per line (trailing blanks dropped)."""
        return "\n".join(card.rstrip() for card in self.cards)

    def to_astropy(self):
        """This header as an ``astropy.io.fits.Header`` (imports astropy: call it off the UI thread)."""
        import warnings

        from astropy.io import fits
        from astropy.utils.exceptions import AstropyWarning

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", AstropyWarning)
            return fits.Header.fromstring("".join(self.cards))


def read_header(f) -> tuple[Header, int]:
    """Read the primary header from the binary file object ``f`` at its start; returns it and the offset of
    the data (the header's blocks). Raises :class:`HeaderError` for anything that is not a FITS header."""
    cards: list[str] = []
    offset = 0
    while True:
        block = f.read(BLOCK)
        if len(block) < BLOCK:
            raise HeaderError("the header ends before its END card (the file is truncated or not FITS)")
        offset += BLOCK
        text = block.decode("ascii", "replace")
        if offset == BLOCK and not text.startswith("SIMPLE  ="):
            raise HeaderError("it does not start with SIMPLE = T")
        for i in range(0, BLOCK, CARD):
            card = text[i : i + CARD]
            if card[:8] == "END     ":
                return Header(cards), offset
            cards.append(card)
        if offset > 1000 * BLOCK:
            raise HeaderError("no END card in the first 2.9 MB")


def _value(field: str):
    """The value of a card's value field (after ``= ``), without its comment."""
    text = field.lstrip()
    if text.startswith("'"):  # a string: '' is a quote inside it; trailing blanks do not count
        out, i = [], 1
        while i < len(text):
            ch = text[i]
            if ch == "'":
                if text[i + 1 : i + 2] == "'":
                    out.append("'")
                    i += 2
                    continue
                break
            out.append(ch)
            i += 1
        return "".join(out).rstrip()
    token = text.split("/", 1)[0].strip()
    if token == "T":
        return True
    if token == "F":
        return False
    if _INT.match(token):
        return int(token)
    if _REAL.match(token):
        return float(token.upper().replace("D", "E"))
    return token or None
