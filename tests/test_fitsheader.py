"""The FITS header reader that keeps astropy off the way to the first picture: the same values as astropy on
real ALMA headers and on the demo's, strings with quotes and CONTINUE, D exponents, and bad input."""

import glob
import io
import os

import numpy as np
import pytest
from astropy.io import fits

from qa2explorer.imaging.fitsheader import Header, HeaderError, read_header

REAL = sorted(glob.glob(os.path.join(os.path.dirname(__file__), "data", "fits", "*.fits*")))


def same_values(ours: Header, theirs: fits.Header) -> None:
    seen = set()
    for card in theirs.cards:
        key = card.keyword
        if key in ("", "COMMENT", "HISTORY", "CONTINUE") or key in seen:
            continue
        seen.add(key)
        value = theirs[key]
        assert ours.get(key) == pytest.approx(value) if isinstance(value, float) else ours.get(key) == value, key


@pytest.mark.parametrize("path", REAL, ids=os.path.basename)
def test_real_alma_headers_read_as_astropy_reads_them(path):
    opener = __import__("gzip").open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        ours, offset = read_header(f)
    with fits.open(path) as hdul:
        theirs = hdul[0].header
        assert offset == hdul[0]._data_offset
    assert len(ours) == len(theirs.cards) and ours.text().splitlines()[0].startswith("SIMPLE  =")
    same_values(ours, theirs)
    assert ours.to_astropy() == theirs


def test_the_demo_headers_read_as_astropy_reads_them(demo_project):
    paths = glob.glob(os.path.join(demo_project, "**", "*.fits"), recursive=True)
    assert len(paths) > 20
    for path in paths:
        with open(path, "rb") as f:
            ours, _ = read_header(f)
        same_values(ours, fits.getheader(path))


def test_quotes_continue_exponents_logicals_and_comments():
    h = fits.Header()
    h["OBJECT"] = ("it's a 'test'  ", "a comment / with a slash")
    h["LONG"] = "x" * 100 + "end"  # astropy writes CONTINUE cards
    h["SIMPLE"] = True
    h["FLAG"] = False
    h["COUNT"] = -42
    h["HISTORY"] = "free text = not a value"
    text = h.tostring()
    text = text.replace("COUNT   =                  -42", f"{'REALD':8}= {'1.5D+03':>20}")
    ours = Header([text[i : i + 80] for i in range(0, len(text), 80) if not text[i:].startswith("END ")])
    assert ours["OBJECT"] == "it's a 'test'" and ours["LONG"] == "x" * 100 + "end"
    assert ours["FLAG"] is False and ours.get("REALD") == 1500.0 and "HISTORY" not in ours
    assert ours.get("missing", 7) == 7 and "object" in ours


def test_not_fits_truncated_and_endless_headers_are_refused():
    with pytest.raises(HeaderError, match="SIMPLE"):
        read_header(io.BytesIO(b"hello" * 1000))
    card = "SIMPLE  =                    T".ljust(80).encode()
    with pytest.raises(HeaderError, match="truncated"):
        read_header(io.BytesIO(card * 40))  # 36 cards = one block, no END, then nothing
    with pytest.raises(HeaderError, match="no END"):
        read_header(io.BytesIO(card * 36 * 1100))


def test_a_header_and_its_data_offset_round_trip(tmp_path):
    path = tmp_path / "x.fits"
    fits.PrimaryHDU(np.zeros((3, 4), dtype=np.float32)).writeto(path)
    with open(path, "rb") as f:
        h, offset = read_header(f)
    assert (h["NAXIS1"], h["NAXIS2"], h["BITPIX"], offset) == (4, 3, -32, 2880)


def test_a_keyword_written_twice_reads_its_first_card_as_in_astropy():
    cards = [f"{k:8}= {v:>20}".ljust(80) for k, v in (("SIMPLE", "T"), ("BUNIT", "'Jy/beam'"), ("BUNIT", "'K'"))]
    theirs = fits.Header.fromstring("".join(cards))
    assert Header(cards)["BUNIT"] == theirs["BUNIT"] == "Jy/beam"
