"""The decoder on every real name of the corpus, and on arbitrary strings."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa2explorer.delivery.describe import describe
from qa2explorer.delivery.names import decode
from tests.corpus import corpus_names

LISTS = [
    "product_names.txt",
    "product_names_fits_only.txt",
    "product_names_lp_group_release_ACES.txt",
    "pipeline_generated_names_placeholder_ous.txt",
    "working_dir_image_names.txt",
]


@pytest.mark.parametrize("listing", LISTS)
def test_every_corpus_name_decodes(listing):
    names = corpus_names(listing)
    assert len(names) > 20
    for name in names:
        d = decode(name)
        assert d.raw == name
        assert d.kind != "other", name
        assert describe(d)


def test_product_names_file_is_fully_placed():
    """Every FITS product of product_names.txt gets target, spws, Stokes and nothing unplaced."""
    for name in corpus_names("product_names.txt"):
        d = decode(name)
        if ".fits" not in name:
            continue
        assert d.kind == "image_product", name
        assert d.unparsed == [], (name, d.unparsed)
        assert d.target and d.spws and d.stokes, name


def test_every_uid_in_the_names_is_recognised():
    for name in corpus_names("product_names.txt"):
        d = decode(name)
        if name.startswith(("member.uid___A001", "uid___A001")):
            assert d.mous and d.mous.startswith("uid://A001/"), name
        if "uid___A002" in name:
            assert d.eb and d.eb.startswith("uid://A002/"), name


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_never_raises_on_any_text(text):
    d = decode(text)
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
    assert decode(name).raw == name


def test_surrogate_escaped_names_decode():
    raw = b"member.uid___A001_X1_X2.T\xff_sci.spw1.cube.I.pbcor.fits".decode("utf-8", "surrogateescape")
    d = decode(raw)
    assert d.kind == "image_product"
    assert d.spws == [1]
