"""The demo delivery is physically plausible: real FITS with WCS, beams, noise, a Gaussian primary beam and a
line cube; real PDFs, PNGs and weblog archives."""

import glob
import os
import tarfile

import numpy as np
import pytest
from astropy.io import fits
from astropy.wcs import WCS
from matplotlib.image import imread

from qa2explorer.demo import layout
from qa2explorer.demo.sky import C_KMS, FWHM_TO_SIGMA

M12 = f"science_goal.{layout.SOUS}/group.{layout.GOUS}/member.{layout.M12}"
M7 = f"science_goal.{layout.SOUS}/group.{layout.GOUS}/member.{layout.M7}"


def product(project, member, rest):
    mous = layout.M12 if member == M12 else layout.M7
    return os.path.join(project, member, "product", f"member.{mous}.{rest}")


@pytest.fixture(scope="module")
def cont(demo_project):
    name = product(demo_project, M12, "NGC_3627_sci.spw17_19_21_23.cont.I.tt0.pbcor.fits")
    pb = product(demo_project, M12, "NGC_3627_sci.spw17_19_21_23.cont.I.pb.tt0.fits.gz")
    with fits.open(name) as a, fits.open(pb) as b:
        return a[0].header, a[0].data[0, 0].astype(float), b[0].data[0, 0].astype(float)


def test_wcs_points_at_the_target(cont):
    header, data, _ = cont
    wcs = WCS(header).celestial
    ra, dec = wcs.wcs_pix2world([[data.shape[1] // 2, data.shape[0] // 2]], 0)[0]
    assert ra == pytest.approx(layout.TARGET.ra_deg, abs=1e-6)
    assert dec == pytest.approx(layout.TARGET.dec_deg, abs=1e-6)
    assert header["CTYPE1"] == "RA---SIN" and header["CTYPE3"] == "FREQ" and header["CTYPE4"] == "STOKES"
    assert header["BUNIT"] == "Jy/beam" and header["SPECSYS"] == "LSRK"
    assert 0.8 < header["BMAJ"] * 3600 < 1.6 and header["BMIN"] <= header["BMAJ"]


def test_primary_beam_is_a_gaussian_blanked_below_0_2(cont):
    header, _, pb = cont
    assert np.nanmax(pb) == pytest.approx(1.0, abs=1e-3)
    assert np.nanmin(pb) >= 0.2 and np.isnan(pb).any()
    freq = header["CRVAL3"]
    fwhm = np.degrees(1.13 * (C_KMS * 1e3 / freq) / 12.0) * 3600
    cell = header["CDELT2"] * 3600
    c = pb.shape[0] // 2
    r = 10  # pixels east of the centre
    expected = np.exp(-0.5 * (r * cell / (fwhm * FWHM_TO_SIGMA)) ** 2)
    assert pb[c, c + r] == pytest.approx(expected, rel=1e-3)


def test_noise_is_flat_in_the_uncorrected_image(cont):
    _, data, pb = cont
    flat = data * pb  # pbcor x pb = the flat-noise image
    inner = (pb > 0.7) & (pb < 0.9)
    outer = (pb > 0.25) & (pb < 0.35)
    rms = lambda x: 1.4826 * np.nanmedian(np.abs(x - np.nanmedian(x)))  # noqa: E731
    assert rms(flat[outer]) == pytest.approx(rms(flat[inner]), rel=0.35)
    assert rms(data[outer]) > 1.8 * rms(data[inner])  # pb-corrected noise rises toward the edge
    assert rms(flat[outer]) == pytest.approx(layout.TWELVE_M.cont_rms, rel=0.5)
    assert np.nanmax(data) > 30 * rms(flat[outer])  # a detected nucleus


def test_line_cube_has_a_frequency_axis_and_per_plane_beams(demo_project):
    name = product(demo_project, M12, "NGC_3627_sci.spw17.cube.I.pbcor.fits")
    with fits.open(name) as hdul:
        h, cube, beams = hdul[0].header, hdul[0].data[0], hdul["BEAMS"].data
    assert h["CASAMBM"] is True and "BMAJ" not in h
    assert cube.shape == (64, 128, 128) and len(beams) == 64
    freqs = h["CRVAL3"] + h["CDELT3"] * (np.arange(64) + 1 - h["CRPIX3"])
    spectrum = np.nansum(np.nan_to_num(cube), axis=(1, 2))
    peak_velocity = C_KMS * (1 - freqs[np.argmax(spectrum)] / h["RESTFRQ"])
    assert abs(peak_velocity - layout.VSYS_KMS) < 200  # the line sits at the galaxy's velocity
    assert h["RESTFRQ"] == pytest.approx(230.538e9)
    assert np.median(beams["BMAJ"]) == pytest.approx(1.32 * 230e9 / freqs.mean(), rel=0.05)


def test_mask_and_spectral_index(demo_project):
    with fits.open(product(demo_project, M12, "NGC_3627_sci.spw17_19_21_23.cont.I.mask.fits.gz")) as m:
        mask = m[0].data
    assert set(np.unique(mask)) == {0.0, 1.0} and 0 < mask.mean() < 0.2
    with fits.open(product(demo_project, M12, "NGC_3627_sci.spw17_19_21_23.cont.I.alpha.fits")) as a:
        alpha = a[0].data[0, 0]
    assert np.nanmedian(alpha) == pytest.approx(layout.ALPHA, abs=0.5)


def test_every_fits_product_opens(demo_project):
    paths = glob.glob(os.path.join(demo_project, "**", "*.fits*"), recursive=True)
    assert len(paths) == 64
    for p in paths:
        with fits.open(p) as hdul:
            assert hdul[0].data.ndim == 4
            assert np.isfinite(hdul[0].data).any()


def test_pdfs_pngs_and_weblogs_are_real(demo_project):
    pdfs = glob.glob(os.path.join(demo_project, "**", "*.pdf"), recursive=True)
    assert len(pdfs) == 6  # two QA2 reports, four QA0 reports
    for p in pdfs:
        with open(p, "rb") as f:
            data = f.read()
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
        assert data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") >= 1
    pngs = glob.glob(os.path.join(demo_project, M7, "qa", "*__qa2_part*.png"))
    assert len(pngs) == 6
    for p in pngs:
        image = imread(p)
        assert image.shape[0] > 400 and image.std() > 0.05
    with tarfile.open(glob.glob(os.path.join(demo_project, M12, "qa", "*weblog.tgz"))[0]) as tar:
        names = tar.getnames()
    assert "pipeline-20240110T091200/html/index.html" in names
    assert "pipeline-20240110T091200/html/t1-4.html" in names
    assert "pipeline-20240110T091200/html/pipeline_aquareport.xml" in names
    assert any(n.endswith("stage13/casapy.log") for n in names)


def test_manual_member_scripts_and_qa_text(demo_project):
    script = os.path.join(demo_project, M7, "script")
    cal = sorted(f for f in os.listdir(script) if f.endswith(".ms.scriptForCalibration.py"))
    assert cal == [f"{eb}.ms.scriptForCalibration.py" for eb in layout.EBS_7M]
    for f in os.listdir(script):
        with open(os.path.join(script, f)) as fh:
            compile(fh.read(), f, "exec")  # every script is valid Python
    with open(os.path.join(demo_project, M7, "qa", f"member.{layout.M7}.{layout.EBS_7M[0]}__textfile.txt")) as fh:
        text = fh.read()
    assert "Check of a target image and sensitivity" in text


def test_write_demo_refuses_an_existing_project(demo_project):
    with pytest.raises(FileExistsError):
        layout.write_demo(os.path.dirname(demo_project))
