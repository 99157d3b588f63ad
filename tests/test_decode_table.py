"""The decoder against curated real names with exact expected fields."""

import pytest

from qa2explorer.delivery.names import DecodedName, decode
from tests.data.decode_table import CHECKED, TABLE

_DEFAULTS = DecodedName(raw="")


def test_table_is_large_enough():
    assert len(TABLE) >= 60
    assert len({name for name, _ in TABLE}) == len(TABLE)


@pytest.mark.parametrize(("name", "expected"), TABLE, ids=[n[:70] for n, _ in TABLE])
def test_decode_exact(name, expected):
    got = decode(name).to_dict()
    assert got["raw"] == name
    for key in CHECKED:
        want = expected.get(key, getattr(_DEFAULTS, key))
        assert got[key] == want, f"{key}: got {got[key]!r}, want {want!r}"


def test_path_is_reduced_to_its_base_name():
    d = decode("/data/2016.1.01435.S/product/uid___A001_X87c_X69.NGC_628_sci.spw17.cube.I.pbcor.fits")
    assert d.target == "NGC_628"
    assert d.spws == [17]
