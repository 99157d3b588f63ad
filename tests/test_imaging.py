"""FITS access, coordinates, beams, levels, spectra and statistics against direct astropy / numpy reads, on
real ALMA cut-outs (tests/data/fits) and the demo delivery."""

import gzip
import os
import shutil
import warnings
from pathlib import Path

import numpy as np
import pytest
from astropy import units as u
from astropy.io import fits
from astropy.wcs import WCS

from qa2explorer.imaging.beams import median_beam, table_beams
from qa2explorer.imaging.coords import Coordinates
from qa2explorer.imaging.fitsfile import FitsError, ImageFile
from qa2explorer.imaging.gzcache import GzCache
from qa2explorer.imaging.levels import (
    apply_table,
    clip_levels,
    levels_table,
    quantise,
    scale_to_uint8,
    stretch,
    zscale_levels,
)
from qa2explorer.imaging.planes import DisplaySettings, prepare_plane, relevel, requantise
from qa2explorer.imaging.render import astropy_stretch
from qa2explorer.imaging.siblings import companions
from qa2explorer.imaging.spectra import spectrum_at
from qa2explorer.imaging.stats import image_stats, robust_rms
from qa2explorer.jobs import JobError

DATA = os.path.join(os.path.dirname(__file__), "data", "fits")
M17_4D = os.path.join(DATA, "M17_SWex_unit.fits")
M17_3D = os.path.join(DATA, "M17_SWex_unittest.fits")
PERPLANE = os.path.join(DATA, "small_perplanebeam.fits")


def cube_of(path):
    """(nchan, ny, nx) as astropy reads it, the degenerate Stokes axis dropped."""
    data = fits.getdata(path).astype(np.float32)
    return data.reshape((-1,) + data.shape[-2:])


def demo_product(demo_project, fragment):
    for folder, _, files in os.walk(demo_project):
        for name in files:
            if fragment in name:
                return os.path.join(folder, name)
    raise AssertionError(fragment)


@pytest.mark.parametrize("path", [M17_4D, M17_3D, PERPLANE])
def test_every_plane_equals_astropys_read(path):
    image = ImageFile(path)
    expected = cube_of(path)
    assert image.shape[1:] == expected.shape
    for chan in range(image.layout.nchan):
        np.testing.assert_array_equal(image.plane(chan), expected[chan])


def test_gzip_first_plane_streams_and_the_rest_reads_after_inflating(tmp_path):
    gz = tmp_path / "cube.pb.fits.gz"
    with open(PERPLANE, "rb") as src, gzip.open(gz, "wb") as dst:
        shutil.copyfileobj(src, dst)
    expected = cube_of(PERPLANE)
    image = ImageFile(str(gz))
    assert image.compressed and not image.seekable
    np.testing.assert_array_equal(image.plane(0), expected[0])  # streamed, nothing cached
    cache = GzCache(str(tmp_path / "cache"))
    assert cache.lookup(str(gz)) is None
    seen = []
    image.inflated = cache.inflate(str(gz), on_progress=lambda done, total: seen.append((done, total)))
    assert seen[-1][0] == seen[-1][1] == os.path.getsize(gz)
    for chan in range(image.layout.nchan):
        np.testing.assert_array_equal(image.plane(chan), expected[chan])
    assert cache.lookup(str(gz)) == image.inflated  # inflated once, reused
    assert Path(image.inflated).read_bytes() == Path(PERPLANE).read_bytes()


def test_damaged_gzip_files_are_refused_and_leave_no_cache_entry(tmp_path):
    gz = tmp_path / "cube.fits.gz"
    with open(PERPLANE, "rb") as src, gzip.open(gz, "wb") as dst:
        shutil.copyfileobj(src, dst)
    data = gz.read_bytes()
    truncated = tmp_path / "truncated.fits.gz"
    truncated.write_bytes(data[: len(data) // 2])
    cache = GzCache(str(tmp_path / "cache"))
    with pytest.raises(JobError, match="truncated"):
        cache.inflate(str(truncated))
    corrupt = tmp_path / "corrupt.fits.gz"
    corrupt.write_bytes(data[:100] + bytes(200) + data[300:])
    with pytest.raises(JobError, match="damaged"):
        cache.inflate(str(corrupt))
    assert cache.entries() == [] and not any(p.suffix == ".part" for p in (tmp_path / "cache").iterdir())


def test_the_cache_keeps_to_its_limit_oldest_first(tmp_path):
    cache = GzCache(str(tmp_path / "cache"), limit_bytes=int(os.path.getsize(PERPLANE) * 2.5))
    files = []
    for i in range(4):
        gz = tmp_path / f"c{i}.fits.gz"
        with open(PERPLANE, "rb") as src, gzip.open(gz, "wb") as dst:
            shutil.copyfileobj(src, dst)
        os.utime(gz, ns=(10**18 + i, 10**18 + i))  # different keys
        files.append(cache.inflate(str(gz)))
    assert cache.size() <= cache.limit_bytes
    assert [os.path.exists(f) for f in files][-1] is True and not os.path.exists(files[0])


def test_spectra_equal_the_column_and_box_means():
    expected = cube_of(M17_3D)
    finite = np.isfinite(expected).all(axis=0)  # the cut-out is blank outside its field
    y, x = next((y, x) for y, x in zip(*np.nonzero(finite), strict=True) if finite[y - 1 : y + 2, x - 1 : x + 2].all())
    image = ImageFile(M17_3D)
    np.testing.assert_allclose(image.spectrum(x, y), expected[:, y, x], rtol=1e-6)
    box = np.nanmean(expected[:, y - 1 : y + 2, x - 1 : x + 2], axis=(1, 2))
    np.testing.assert_allclose(image.spectrum(x, y, box=3), box, rtol=1e-5)
    assert np.isnan(image.spectrum(0, 0)).all()  # a blank pixel: NaN, not zero
    partials = []
    image.spectrum(x, y, on_partial=partials.append, partial_every=2)
    assert len(partials) == 2 and np.isnan(partials[0][2:]).all() and np.isfinite(partials[0][:2]).all()


def test_world_positions_frequencies_and_velocities_match_astropy():
    image = ImageFile(M17_3D)
    coords = Coordinates(image.header, image.layout)
    wcs = WCS(image.header.to_astropy())
    ra, dec, freq = wcs.all_pix2world([[7, 11, 2]], 0)[0]
    assert coords.sky(7, 11) == pytest.approx((ra, dec), abs=1e-10)
    np.testing.assert_allclose(coords.frequencies_hz()[2], freq, rtol=1e-12)
    rest = image.header["RESTFRQ"] * u.Hz
    velocity = (freq * u.Hz).to(u.km / u.s, equivalencies=u.doppler_radio(rest)).value
    assert coords.velocities_kms()[2] == pytest.approx(velocity, rel=1e-9)
    assert coords.sky_text(7, 11).endswith("(ICRS)") or "(FK5)" in coords.sky_text(7, 11)
    x, y = coords.pixel_of(ra, dec)
    assert (x, y) == pytest.approx((7, 11), abs=1e-6)
    z = 0.01  # a redshift: the same line is seen at rest / (1 + z)
    assert coords.velocities_kms(redshift=z)[2] == pytest.approx(
        (freq * u.Hz).to(u.km / u.s, equivalencies=u.doppler_radio(rest / (1 + z))).value, rel=1e-9
    )
    spectrum = spectrum_at(M17_3D, world=(ra, dec))
    assert (spectrum.x, spectrum.y) == (7, 11)


def test_per_plane_beams_and_their_median():
    beams = table_beams(PERPLANE, 11)
    table = fits.getdata(PERPLANE, "BEAMS")
    assert [b.bmaj_arcsec for b in beams] == pytest.approx(list(table["BMAJ"]))
    assert median_beam(beams).bmin_arcsec == pytest.approx(float(np.median(table["BMIN"])))
    assert table_beams(M17_3D, 5) is None


def test_levels_and_stretches():
    data = cube_of(M17_3D)[2]
    lo, hi = clip_levels(data, 99.0)
    assert lo == pytest.approx(np.nanpercentile(data, 0.5), rel=0.05, abs=1e-4)
    assert hi == pytest.approx(np.nanpercentile(data, 99.5), rel=0.05, abs=1e-4)
    assert clip_levels(data, 100) == (pytest.approx(np.nanmin(data)), pytest.approx(np.nanmax(data)))
    z_lo, z_hi = zscale_levels(data)
    assert z_lo < z_hi
    x = np.linspace(0, 1, 11)
    for kind in ("linear", "sqrt", "log", "asinh", "power"):  # the viewer's curves are the PNG's
        np.testing.assert_allclose(stretch(x, kind), astropy_stretch(kind)(x), rtol=1e-6, atol=1e-9)
    image, blank = scale_to_uint8(np.array([[np.nan, lo, hi, hi * 10]]), lo, hi)
    assert blank.tolist() == [[True, False, False, False]] and image.tolist() == [[0, 0, 255, 255]]


def _sky(seed: int = 3, n: int = 256) -> np.ndarray:
    """Noise over a pb-corrected field with a bright source (peak/noise ~ 2000), blank outside, one +inf and
    one -inf pixel: the dynamic range that makes 16-bit codes over the whole range too coarse for narrow
    levels."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[:n, :n]
    r2 = ((x - n / 2) ** 2 + (y - n / 2) ** 2) / (n / 3.2) ** 2
    pb = np.exp(-4 * np.log(2) * r2)
    data = (rng.standard_normal((n, n)) * 1e-3 / pb).astype(np.float32)
    data += (2.0 * np.exp(-((x - 100) ** 2 + (y - 140) ** 2) / 2.0)).astype(np.float32)
    data[pb < 0.2] = np.nan
    data[n // 2, n // 2], data[n // 2, n // 2 + 1] = np.inf, -np.inf
    return data


def _against_rescale(view, data, same: float = 0.9):
    """The largest difference of the viewer's colour indices from the float rescale's 8-bit values (its 0
    drawn as 1: index 0 is the transparent one, for blanks only); most (``same``) are equal."""
    expected, blank = scale_to_uint8(data, view.lo, view.hi, view.settings.stretch)
    image = view.image
    assert np.array_equal(image == 0, blank)
    diff = np.abs(image.astype(int) - np.maximum(expected, 1))[~blank]
    assert (diff == 0).mean() >= same
    return int(diff.max())


@pytest.mark.parametrize("kind", ["linear", "sqrt", "log", "asinh", "power"])
def test_codes_and_a_table_draw_what_the_float_rescale_draws(kind):
    data = _sky()
    lo, hi = clip_levels(data, 99.5)
    view = prepare_plane(None, DisplaySettings(stretch=kind), data=data)
    assert view.exact and (view.lo, view.hi) == (lo, hi) and _against_rescale(view, data) <= 1
    for levels in [(lo, hi * 0.3), (lo * 0.2, hi * 0.2), (lo, 2.0), (-0.5, 3.0), (0.5, 1.5), (hi, hi * 1.001)]:
        levels = tuple(float(np.float32(v)) for v in levels)  # as float32 the rescale's own arithmetic is exact
        settings = view.settings.with_(levels="manual", manual=levels)
        moved = relevel(view, settings, *levels)  # a drag: a new table, the same codes
        assert moved.codes is view.codes
        if not moved.exact:  # too coarse for these levels: quantised again (in a job, in the viewer)
            moved = requantise(moved)
            assert moved.exact and moved.codes is not view.codes
        assert _against_rescale(moved, data) <= 1, levels
    # codes too coarse for the levels show: the check above is what keeps the picture within ±1
    whole = quantise(data)  # over the whole finite range: 65534 codes over −0.016 … 2.0, 65 of them in 0 … 0.002
    coarse = relevel(view, view.settings.with_(levels="manual", manual=(0.0, 0.002)), 0.0, 0.002, whole)
    assert not coarse.exact and _against_rescale(coarse, data, same=0.0) > 1
    assert not relevel(view, view.settings, lo, hi, whole).exact  # 875 codes between the 99.5 % levels


def test_codes_are_made_once_and_blanks_stay_blank():
    data = _sky()
    codes = quantise(data)
    assert codes.codes.dtype == np.uint16 and np.array_equal(codes.codes == 0, np.isnan(data))
    assert codes.codes[np.isfinite(data)].min() >= 1 and (codes.low, codes.high) == (-np.inf, np.inf)
    finite = np.isfinite(data)
    values = codes.lo + (codes.codes.astype(float) - 1) * codes.step  # each code stands for its bin's centre
    assert np.abs(values - data)[finite].max() <= codes.step / 2 * (1 + 1e-3)
    assert quantise(np.full((3, 3), np.nan, np.float32)).codes.max() == 0  # all blank
    flat = quantise(np.full((3, 3), 7.0, np.float32))
    assert (flat.codes == 1).all() and levels_table(flat, 6.5, 7.5)[0][1] == 128  # a constant plane: mid-grey
    table, exact = levels_table(codes, 0.0, 1.0, "linear")
    assert table.shape == (65536,) and table.dtype == np.uint8 and table[0] == 0 and table[1:].min() >= 1
    assert np.array_equal(apply_table(codes.codes, table), table[codes.codes])


def test_pipeline_rms_equals_the_rule(demo_project):
    pbcor = demo_product(demo_project, "X1c2.NGC_3627_sci.spw17.cube.I.pbcor.fits")
    found = companions(pbcor)
    assert found["pb"].endswith("spw17.cube.I.pb.fits.gz") and found["mask"].endswith("spw17.cube.I.mask.fits.gz")
    stats = image_stats(pbcor, channel=20)
    image = fits.getdata(pbcor)[0, 20]
    pb = fits.getdata(found["pb"])[0, 20]
    mask = fits.getdata(found["mask"])[0, 20]
    flat = image * pb
    sel = (pb > 0.2) & (pb < 0.3) & ~(mask > 0) & np.isfinite(flat)
    values = flat[sel]
    expected = 1.4826 * np.median(np.abs(values - np.median(values)))
    assert stats.method == "pb_annulus" and stats.npix == sel.sum()
    assert stats.rms == pytest.approx(expected, rel=1e-6)
    assert stats.peak == pytest.approx(np.nanmax(image)) and stats.peak_snr == pytest.approx(stats.peak / expected)
    beams = table_beams(pbcor, 64)
    assert stats.beam == beams[20]  # the plane's own beam
    assert image_stats(pbcor).beam == median_beam(beams)  # no channel: the median beam
    alone = image_stats(pbcor, channel=20, find_companions=False)
    assert alone.method == "mad_all" and alone.rms == pytest.approx(robust_rms(image.astype(np.float64)), rel=1e-5)


def test_bad_images_give_clear_errors(tmp_path):
    truncated = tmp_path / "truncated.fits"
    whole = ImageFile(M17_3D).layout
    truncated.write_bytes(Path(M17_3D).read_bytes()[: whole.data_offset + 2 * whole.plane_bytes + 100])
    image = ImageFile(str(truncated))
    assert image.plane(0).shape == (31, 31)
    with pytest.raises(FitsError, match="truncated"):
        image.plane(4)
    five = tmp_path / "five.fits"
    fits.PrimaryHDU(np.zeros((2, 3, 2, 4, 4), dtype=np.float32)).writeto(five)
    with pytest.raises(FitsError, match="non-degenerate"):
        ImageFile(str(five))
    tiny = tmp_path / "tiny.fits"
    fits.PrimaryHDU(np.ones((1, 1), dtype=np.float32)).writeto(tiny)
    assert ImageFile(str(tiny)).plane().tolist() == [[1.0]]
    blank = tmp_path / "blank.fits"
    fits.PrimaryHDU(np.full((4, 4), np.nan, dtype=np.float32)).writeto(blank)
    with pytest.raises(JobError, match="no finite pixel"):
        image_stats(str(blank), find_companions=False)
    assert Coordinates(fits.getheader(blank), ImageFile(str(blank)).layout).sky(0, 0) is None  # no WCS: no sky
    gone = tmp_path / "gone.fits"
    shutil.copy(M17_3D, gone)
    vanishing = ImageFile(str(gone))
    os.remove(gone)
    with pytest.raises(FitsError, match="cannot be read"):
        vanishing.plane(1)
    with pytest.raises(FitsError, match="Not a readable FITS"):
        ImageFile(__file__)


def test_two_jobs_inflating_the_same_file_share_one_entry(tmp_path):
    import threading

    gz = tmp_path / "cube.pb.fits.gz"
    with open(PERPLANE, "rb") as src, gzip.open(gz, "wb") as dst:
        shutil.copyfileobj(src, dst)
    cache = GzCache(str(tmp_path / "cache"))
    results, errors = [], []

    def inflate():
        try:
            results.append(cache.inflate(str(gz)))
        except Exception as exc:  # collected: the test fails on any
            errors.append(exc)

    threads = [threading.Thread(target=inflate) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == [] and len(set(results)) == 1 and len(cache.entries()) == 1


def test_moment0_and_peak_quick_looks_against_numpy():
    from qa2explorer.imaging.moments import quick_look

    image = ImageFile(M17_3D)
    cube = cube_of(M17_3D)
    velocities = Coordinates(image.header, image.layout).velocities_kms()
    width = abs(velocities[1] - velocities[0])
    m0 = quick_look(image, "moment0", 1, 3)
    expected = np.nansum(cube[1:4], axis=0) * width
    expected[np.isnan(cube[1:4]).all(axis=0)] = np.nan
    np.testing.assert_allclose(m0.data, expected, rtol=1e-5, equal_nan=True)
    assert m0.unit == "Jy/beam·km/s" and m0.title == "moment 0 (integrated intensity) of channels 1–3"
    peak = quick_look(image, "peak", 0, 4)
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # numpy's own all-NaN columns
        np.testing.assert_allclose(peak.data, np.nanmax(cube, axis=0), equal_nan=True)
    with pytest.raises(JobError, match="choose fewer channels"):
        quick_look(image, "peak", 0, 4, limit_bytes=100)
    assert quick_look(image, "peak", 0, 4, limit_bytes=100, force=True).data.shape == cube.shape[1:]


def test_min_max_levels_are_the_true_extremes_not_a_samples():
    data = np.random.default_rng(4).standard_normal((1000, 1000)).astype(np.float32)
    data[0, 1], data[999, 997] = 1000.0, -1000.0  # off the sampling stride
    data[5] = np.nan
    assert clip_levels(data, 100) == (-1000.0, 1000.0)
    lo, hi = clip_levels(data, 99.5)  # a clip: from a sample, close to the full percentiles
    assert np.allclose((lo, hi), np.nanpercentile(data, [0.25, 99.75]), atol=0.02)
