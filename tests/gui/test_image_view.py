"""The image and cube viewer driven as a user would: select a product, move the cursor, change channel,
switch stretch and levels, click for a spectrum, open a gzipped pb, a broken file."""

import os

import numpy as np
from astropy.coordinates import SkyCoord
from astropy.io import fits
from astropy.wcs import WCS

from qa2explorer.demo import layout
from qa2explorer.gui.previews.image_view import ImagePreview
from tests.gui.conftest import open_and_wait

GROUP = f"science_goal.{layout.SOUS}/group.{layout.GOUS}"
PRODUCT = f"{GROUP}/member.{layout.M12}/product"
CUBE = f"member.{layout.M12}.NGC_3627_sci.spw17.cube.I.pbcor.fits"
PB_GZ = f"member.{layout.M12}.NGC_3627_sci.spw17.cube.I.pb.fits.gz"


def viewer_for(qtbot, window, path):
    window.select_path(path)
    page = window.preview.file_page
    assert isinstance(page.preview, ImagePreview)
    viewer = page.preview
    qtbot.waitUntil(lambda: viewer.view is not None, timeout=20_000)
    return viewer


def test_a_cube_shows_its_first_channel_and_reads_out_the_cursor(qtbot, window, demo_project):
    open_and_wait(qtbot, window, demo_project)
    path = os.path.join(demo_project, PRODUCT, CUBE)
    viewer = viewer_for(qtbot, window, path)
    data = fits.getdata(path)[0]
    np.testing.assert_array_equal(viewer.view.data, data[0])
    assert viewer.canvas.item.image.shape == data[0].shape + (4,)
    assert not window.preview.file_page.fields.isVisible()  # the image gets the room; fields one click away
    viewer.canvas.hovered.emit(70.0, 60.0)
    text = window.readout.text()
    sky = SkyCoord.from_pixel(70, 60, WCS(fits.getheader(path)).celestial)
    ra = sky.ra.to_string(unit="hourangle", sep=":", precision=3, pad=True)
    assert text.startswith("pixel 70, 60") and ra in text and "(ICRS)" in text
    assert f"{data[0, 60, 70]:.5g} Jy/beam" in text and "channel 0 229.7289" in text


def test_channels_stretches_levels_and_spectrum(qtbot, window, demo_project):
    open_and_wait(qtbot, window, demo_project)
    path = os.path.join(demo_project, PRODUCT, CUBE)
    viewer = viewer_for(qtbot, window, path)
    data = fits.getdata(path)[0]
    viewer.channel_spin.setValue(30)
    qtbot.waitUntil(lambda: viewer.view.settings.channel == 30, timeout=10_000)
    np.testing.assert_array_equal(viewer.view.data, data[30])
    viewer.canvas.step.emit(1)  # → key
    qtbot.waitUntil(lambda: viewer.view.settings.channel == 31, timeout=10_000)
    linear = viewer.view.image.copy()
    viewer.stretch_combo.setCurrentText("sqrt")
    qtbot.waitUntil(lambda: viewer.view.settings.stretch == "sqrt", timeout=10_000)
    assert not np.array_equal(viewer.view.image, linear)
    viewer.levels_combo.setCurrentIndex(viewer.levels_combo.findData("minmax"))
    qtbot.waitUntil(lambda: viewer.view.settings.levels == "minmax", timeout=10_000)
    assert (viewer.view.lo, viewer.view.hi) == (np.nanmin(data[31]), np.nanmax(data[31]))
    viewer.low_edit.setText("0")
    viewer.high_edit.setText("0.05")
    viewer.high_edit.editingFinished.emit()
    qtbot.waitUntil(lambda: viewer.view.settings.levels == "manual", timeout=10_000)
    assert (viewer.view.lo, viewer.view.hi) == (0.0, 0.05)
    viewer.canvas.clicked.emit(64, 64)
    qtbot.waitUntil(
        lambda: (
            viewer.spectrum.curve.getData()[1] is not None and len(viewer.spectrum.curve.getData()[1]) == data.shape[0]
        ),
        timeout=10_000,
    )
    np.testing.assert_allclose(viewer.spectrum.curve.getData()[1], data[:, 64, 64], rtol=1e-6)


def test_a_gzipped_pb_shows_at_once_then_inflates_for_the_rest(qtbot, window, demo_project):
    open_and_wait(qtbot, window, demo_project)
    path = os.path.join(demo_project, PRODUCT, PB_GZ)
    viewer = viewer_for(qtbot, window, path)
    data = fits.getdata(path)[0]
    np.testing.assert_array_equal(viewer.view.data, data[0])
    qtbot.waitUntil(lambda: viewer.opened.image.inflated is not None, timeout=30_000)
    assert viewer.opened.image.inflated.startswith(os.environ["XDG_CACHE_HOME"])  # the cache, never the delivery
    viewer.channel_spin.setValue(40)
    qtbot.waitUntil(lambda: viewer.view.settings.channel == 40, timeout=10_000)
    np.testing.assert_array_equal(viewer.view.data, data[40])


def test_a_broken_fits_file_is_said_not_crashed(qtbot, window, tmp_path):
    member = tmp_path / "member.uid___A001_X1_X2"
    (member / "product").mkdir(parents=True)
    (member / "script").mkdir()
    broken = member / "product" / "member.uid___A001_X1_X2.T_sci.spw5.cube.I.pbcor.fits"
    broken.write_bytes(b"SIMPLE  =                    T" + b" " * 50)
    open_and_wait(qtbot, window, member)
    window.select_path(str(broken))
    viewer = window.preview.file_page.preview
    qtbot.waitUntil(lambda: "Cannot show this image" in viewer.note.text(), timeout=10_000)
    assert viewer.view is None


def test_an_image_set_draws_pb_and_mask_contours_measures_and_flattens(qtbot, window, demo_project):
    from qa2explorer.imaging.stats import image_stats

    open_and_wait(qtbot, window, demo_project)
    path = os.path.join(demo_project, PRODUCT, CUBE)
    viewer = viewer_for(qtbot, window, path)
    assert viewer.opened.pb.endswith("spw17.cube.I.pb.fits.gz") and viewer.opened.mask.endswith("mask.fits.gz")
    qtbot.waitUntil(lambda: len(viewer.canvas._contours) == 4, timeout=30_000)  # pb 0.2, 0.3, 0.5 and the mask
    qtbot.waitUntil(lambda: viewer.stats_label.text().startswith("rms"), timeout=30_000)
    expected = image_stats(path, channel=0)
    assert f"rms {expected.rms * 1e3:.3g} mJy/beam (pb annulus 0.2–0.3)" in viewer.stats_label.text()
    viewer.mask_box.setChecked(False)
    assert len(viewer.canvas._contours) == 3
    viewer.flat_box.setChecked(True)
    qtbot.waitUntil(lambda: viewer.view.settings.flat_noise, timeout=20_000)
    pb = fits.getdata(viewer.opened.pb)[0, 0]
    np.testing.assert_allclose(viewer.view.data, fits.getdata(path)[0, 0] * pb, rtol=1e-6, equal_nan=True)
    viewer.canvas.hovered.emit(64.0, 64.0)
    assert window.readout.text().endswith("(flat noise)")
