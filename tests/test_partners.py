"""What an image is compared with (from real delivery names), the masked spectral index, and the pixel
mapping between two grids of one field."""

import numpy as np
import pytest
from astropy.io import fits

from qa2explorer.imaging.coords import Coordinates, pixel_mapping
from qa2explorer.imaging.fitsfile import read_layout
from qa2explorer.imaging.partners import ALPHA, SELFCAL, SPW, alpha_error_of, comparison_partners, masked_alpha

# real names (../shared/corpus/names): a self-calibrated cube and continuum, a spectral index with its error
REAL = [
    "member.uid___A001_X3833_X4da7.Orion_SrcI_sci.spw25.cube.I.selfcal.pbcor.fits",
    "member.uid___A001_X3833_X4da7.Orion_SrcI_sci.spw25.cube.I.pbcor.fits",
    "member.uid___A001_X3833_X4da7.Orion_SrcI_sci.spw27.cube.I.selfcal.pbcor.fits",
    "member.uid___A001_X3833_X4da7.Orion_SrcI_sci.spw25.cube.I.selfcal.pb.fits.gz",
    "uid___A001_X87c_X69.NGC_628_sci.spw17_19_21_23.cont.I.alpha.error.fits",
    "uid___A001_X87c_X69.NGC_628_sci.spw17_19_21_23.cont.I.alpha.fits",
    "uid___A001_X87c_X69.NGC_628_sci.spw17_19_21_23.cont.I.tt0.pbcor.fits",
    "uid___A001_X87c_X69.NGC_628_sci.spw17_19_21_23.cont.I.tt1.pbcor.fits",
    "uid___A001_X87c_X69.J0238+1636_bp.spw17_19_21_23.cont.I.tt0.pbcor.fits",
]


@pytest.fixture
def product(tmp_path):
    for name in REAL:
        (tmp_path / name).write_bytes(b"")
    return tmp_path


def kinds(path):
    return [(p.kind, p.path.rsplit("/", 1)[1]) for p in comparison_partners(str(path))]


def test_a_selfcal_cube_pairs_with_its_regular_twin_and_its_other_spw(product):
    assert kinds(product / REAL[0]) == [(SELFCAL, REAL[1]), (SPW, REAL[2])]
    assert kinds(product / REAL[1]) == [(SELFCAL, REAL[0])]  # the regular cube: spw 27 has no regular image here
    assert kinds(product / REAL[3]) == []  # a pb is looked at within its set


def test_a_continuum_image_pairs_with_its_spectral_index_and_back(product):
    assert kinds(product / REAL[6]) == [(ALPHA, REAL[5])]  # not the calibrator, not the error map, not tt1
    assert kinds(product / REAL[5]) == [(ALPHA, REAL[6])]
    assert alpha_error_of(str(product / REAL[5])) == str(product / REAL[4])
    assert alpha_error_of(str(product / REAL[6])) is None
    assert kinds(product / REAL[7]) == []


def test_the_spectral_index_is_blanked_where_its_error_is_large_or_unknown():
    alpha = np.array([[-0.7, 2.0], [0.1, np.nan]], dtype=np.float32)
    error = np.array([[0.1, 0.5], [np.nan, 0.1]], dtype=np.float32)
    out = masked_alpha(alpha, error, 0.3)
    assert np.isfinite(out).tolist() == [[True, False], [False, False]]
    assert out[0, 0] == np.float32(-0.7) and np.isfinite(alpha[0, 1])  # the input is untouched
    assert masked_alpha(alpha, None) is alpha


def wcs_header(n, cell_arcsec, crval=(170.0, 13.0)):
    h = fits.Header()
    h["NAXIS"], h["NAXIS1"], h["NAXIS2"], h["BITPIX"] = 2, n, n, -32
    for i, (ctype, value, delta) in enumerate((("RA---SIN", crval[0], -cell_arcsec / 3600),
                                               ("DEC--SIN", crval[1], cell_arcsec / 3600)), start=1):  # fmt: skip
        h[f"CTYPE{i}"], h[f"CRVAL{i}"], h[f"CDELT{i}"], h[f"CRPIX{i}"] = ctype, value, delta, n / 2 + 1
    return h


def coords(h):
    return Coordinates(h, read_layout(h, 2880))


def test_two_grids_of_one_field_map_pixel_to_pixel_through_the_sky():
    fine, coarse = coords(wcs_header(200, 0.05)), coords(wcs_header(100, 0.1))
    sx, ox, sy, oy = pixel_mapping(fine, coarse)
    assert sx == pytest.approx(0.5, rel=1e-4) and sy == pytest.approx(0.5, rel=1e-4)
    x, y = 130.0, 80.0  # any pixel of the fine grid lands on the coarse pixel at the same sky position
    ra, dec = fine.sky(x, y)
    assert (sx * x + ox, sy * y + oy) == pytest.approx(coarse.pixel_of(ra, dec), abs=0.01)
    assert pixel_mapping(fine, coords(wcs_header(200, 0.05))) == (1.0, 0.0, 1.0, 0.0)
    bare = fits.Header({"NAXIS": 2, "NAXIS1": 10, "NAXIS2": 10, "BITPIX": -32})
    assert pixel_mapping(fine, coords(bare)) == (1.0, 0.0, 1.0, 0.0)  # no sky coordinates: pixel to pixel
