"""The decoder on every real name of the corpus, and on arbitrary strings."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa2explorer.delivery import names
from qa2explorer.delivery.describe import describe
from qa2explorer.delivery.names import DECODER_ERROR, decode
from tests.corpus import corpus_names

LISTS = [
    "product_names.txt",
    "product_names_fits_only.txt",
    "product_names_lp_group_release_ACES.txt",
    "pipeline_generated_names_placeholder_ous.txt",
    "working_dir_image_names.txt",
]


def decoded_cleanly(name):
    """Decode ``name`` and fail if the decoder hit its error path (``decode`` never raises: it swallows its
    own exceptions, so a test must look for the marker it leaves)."""
    d = decode(name)
    assert DECODER_ERROR not in d.unparsed, f"the decoder failed internally on {name!r}"
    return d


@pytest.mark.parametrize("listing", LISTS)
def test_every_corpus_name_decodes(listing):
    listed = corpus_names(listing)
    assert len(listed) > 20
    for name in listed:
        d = decoded_cleanly(name)
        assert d.raw == name
        assert d.kind != "other", name
        assert describe(d)


def test_an_internal_decoder_fault_is_caught(monkeypatch):
    """Inject a fault: decode() still returns, and the corpus checks above go red."""

    def broken(stem, decoded):
        raise RuntimeError("injected")

    monkeypatch.setattr(names, "_decode_product", broken)
    name = next(n for n in corpus_names("product_names.txt") if n.endswith(".fits"))
    assert decode(name).unparsed == [DECODER_ERROR]
    with pytest.raises(AssertionError, match="failed internally"):
        test_every_corpus_name_decodes("product_names.txt")


def test_product_names_file_is_fully_placed():
    """Every FITS product of product_names.txt gets target, spws, Stokes and nothing unplaced."""
    for name in corpus_names("product_names.txt"):
        d = decoded_cleanly(name)
        if ".fits" not in name:
            continue
        assert d.kind == "image_product", name
        assert d.unparsed == [], (name, d.unparsed)
        assert d.target and d.spws and d.stokes, name


def test_every_uid_in_the_names_is_recognised():
    for name in corpus_names("product_names.txt"):
        d = decoded_cleanly(name)
        if name.startswith(("member.uid___A001", "uid___A001")):
            assert d.mous and d.mous.startswith("uid://A001/"), name
        if "uid___A002" in name:
            assert d.eb and d.eb.startswith("uid://A002/"), name


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_never_raises_on_any_text(text):
    d = decoded_cleanly(text)
    assert d.raw == text
    assert isinstance(d.to_dict(), dict)
    assert isinstance(describe(d), str)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "member",
                "uid___A001_X1_X2",
                "",
                "spw",
                "spw1_2",
                "cube",
                "I",
                "pb",
                "tt0",
                "alpha",
                "error",
                "_sci",
                "fits",
                "gz",
                "tgz",
                "image",
                "sd",
                "im",
                "selfcal",
                "_",
                "..",
                "ari_l",
                "12m",
                "lp_x",
                "group",
                "flux",
            ]
        ),
        max_size=12,
    )
)
def test_never_raises_on_token_soup(tokens):
    name = ".".join(tokens)
    assert decoded_cleanly(name).raw == name


def test_surrogate_escaped_names_decode():
    raw = b"member.uid___A001_X1_X2.T\xff_sci.spw1.cube.I.pbcor.fits".decode("utf-8", "surrogateescape")
    d = decoded_cleanly(raw)
    assert d.kind == "image_product"
    assert d.spws == [1]
