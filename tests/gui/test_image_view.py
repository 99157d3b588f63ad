"""The image and cube viewer driven as a user would: select a product, move the cursor, change channel,
switch stretch and levels, click for a spectrum, open a gzipped pb, a broken file."""

import os
import shutil

import numpy as np
import pytest
from astropy.coordinates import SkyCoord
from astropy.io import fits
from astropy.wcs import WCS
from PySide6.QtGui import QImage

from qa2explorer.demo import layout
from qa2explorer.gui.previews.image_view import ImagePreview
from qa2explorer.imaging.levels import scale_to_uint8
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
    qtbot.waitUntil(lambda: viewer.view is not None, timeout=20_000)  # the picture first,
    qtbot.waitUntil(lambda: viewer.opened.details is not None, timeout=20_000)  # then coordinates, set, partners
    qtbot.waitUntil(lambda: viewer.plots is not None, timeout=20_000)  # and the plots (pyqtgraph, loaded late)
    return viewer


def test_a_cube_shows_its_first_channel_and_reads_out_the_cursor(qtbot, window, demo_project):
    open_and_wait(qtbot, window, demo_project)
    path = os.path.join(demo_project, PRODUCT, CUBE)
    viewer = viewer_for(qtbot, window, path)
    data = fits.getdata(path)[0]
    np.testing.assert_array_equal(viewer.view.data, data[0])
    viewer.canvas.grab()  # a paint: the item makes its colour indices then
    item = viewer.canvas.item
    assert item.qimage.format() == QImage.Format.Format_Indexed8  # 8-bit indices + a colour table, no RGBA array
    x0, x1, y0, y1, step = item.region  # what is on screen, every step-th pixel when zoomed out
    np.testing.assert_array_equal(item.indices, viewer.view.image[y0:y1:step, x0:x1:step])
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
    curve = viewer.plots.spectrum.curve
    qtbot.waitUntil(lambda: curve.getData()[1] is not None and len(curve.getData()[1]) == data.shape[0], timeout=10_000)
    np.testing.assert_allclose(curve.getData()[1], data[:, 64, 64], rtol=1e-6)


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


def test_an_image_set_in_the_products_view_opens_its_pbcor(qtbot, window, demo_project):
    open_and_wait(qtbot, window, demo_project)
    window.state.set_view_mode("products")
    target = window.state.products_root.children[0].children[0]
    cube_set = next(s for g in target.children for s in g.children if s.label == "cube · Stokes I")
    window.state.select(cube_set)
    viewer = window.preview.file_page.preview
    assert isinstance(viewer, ImagePreview)
    qtbot.waitUntil(lambda: viewer.opened is not None and viewer.opened.details is not None, timeout=20_000)
    assert viewer.opened.image.path.endswith("spw17.cube.I.pbcor.fits") and viewer.opened.pb is not None


def test_export_writes_the_shown_plane(qtbot, window, demo_project, tmp_path):
    open_and_wait(qtbot, window, demo_project)
    viewer = viewer_for(qtbot, window, os.path.join(demo_project, PRODUCT, CUBE))
    viewer.channel_spin.setValue(30)
    qtbot.waitUntil(lambda: viewer.view.settings.channel == 30, timeout=10_000)
    out = tmp_path / "view.png"
    with qtbot.waitSignal(viewer.export_to(str(out)).result, timeout=60_000):
        pass
    assert out.read_bytes()[:4] == b"\x89PNG" and viewer.note.text() == f"Saved {out}"


def test_a_fits_image_outside_any_delivery_opens_in_the_viewer(qtbot, window, tmp_path):
    loose = tmp_path / "downloads" / "my_cutout.fits"
    loose.parent.mkdir()
    (loose.parent / "notes.txt").write_text("x")
    shutil.copy(os.path.join(os.path.dirname(__file__), "..", "data", "fits", "M17_SWex_unit.fits"), loose)
    window.open_path(str(loose))
    qtbot.waitUntil(lambda: window.summary is not None, timeout=20_000)
    assert window.current_node().path == str(loose)
    viewer = window.preview.file_page.preview
    qtbot.waitUntil(lambda: viewer.view is not None, timeout=20_000)
    assert viewer.view.data.shape == (6, 6) and "not part of an ALMA delivery" in window.message.text.text()


def test_rest_frequency_and_redshift_move_the_velocities(qtbot, window, demo_project):
    from astropy import units as u

    open_and_wait(qtbot, window, demo_project)
    path = os.path.join(demo_project, PRODUCT, CUBE)
    viewer = viewer_for(qtbot, window, path)
    viewer.canvas.clicked.emit(64, 64)
    qtbot.waitUntil(lambda: viewer.plots.spectrum.curve.getData()[0] is not None, timeout=10_000)
    freq0 = WCS(fits.getheader(path)).spectral.pixel_to_world(0).to_value(u.Hz)
    viewer.rest_edit.setText("230.0")
    viewer.rest_edit.editingFinished.emit()
    expected = (freq0 * u.Hz).to_value(u.km / u.s, equivalencies=u.doppler_radio(230.0 * u.GHz))
    assert f"{expected:.2f} km/s" in viewer.channel_label.text()
    assert viewer.plots.spectrum.curve.getData()[0][0] == pytest.approx(expected)  # the spectrum follows
    viewer.z_edit.setText("0.001")
    viewer.z_edit.editingFinished.emit()
    shifted = (freq0 * u.Hz).to_value(u.km / u.s, equivalencies=u.doppler_radio(230.0 / 1.001 * u.GHz))
    assert f"{shifted:.2f} km/s" in viewer.channel_label.text()
    assert not viewer.plots.beams.isHidden()  # the cube has per-plane beams: their sizes are plotted
    assert len(viewer.plots.beams.getPlotItem().listDataItems()) == 2


def _member_with(tmp_path, files: dict[str, object]):
    member = tmp_path / "member.uid___A001_X1_X2"
    (member / "product").mkdir(parents=True)
    (member / "script").mkdir()
    for name, content in files.items():
        path = member / "product" / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            content.writeto(path)
    return member


def test_odd_images_show_or_say_why(qtbot, window, tmp_path):
    """No WCS or beam, all-NaN, 1 × 1, one channel, 5-D, a corrupt gzip, a Stokes cube (a vanished file:
    test_imaging.py)."""
    mk = "member.uid___A001_X1_X2.T_sci.spw5.{}.I.pbcor.fits"
    iquv = fits.PrimaryHDU(np.arange(4 * 3 * 8 * 8, dtype=np.float32).reshape(4, 3, 8, 8))
    for i, (ctype, crval) in enumerate((("FREQ", 1e11), ("STOKES", 1.0)), start=3):
        iquv.header[f"CTYPE{i}"], iquv.header[f"CRVAL{i}"], iquv.header[f"CDELT{i}"] = ctype, crval, 1.0
        iquv.header[f"CRPIX{i}"] = 1.0
    member = _member_with(tmp_path, {
        mk.format("mfs"): fits.PrimaryHDU(np.ones((5, 5), dtype=np.float32)),
        mk.format("cube"): fits.PrimaryHDU(np.full((3, 4, 4), np.nan, dtype=np.float32)),
        "member.uid___A001_X1_X2.T_sci.spw6.mfs.I.pbcor.fits": fits.PrimaryHDU(np.ones((1, 1), dtype=np.float32)),
        "member.uid___A001_X1_X2.T_sci.spw7.cube.I.pbcor.fits": fits.PrimaryHDU(np.ones((1, 6, 6), np.float32)),
        "member.uid___A001_X1_X2.T_sci.spw8.cube.I.pbcor.fits": fits.PrimaryHDU(np.zeros((2, 2, 3, 4, 4), np.float32)),
        "member.uid___A001_X1_X2.T_sci.spw9.cube.I.pb.fits.gz": b"\x1f\x8b\x08\x00" + bytes(60),
        "member.uid___A001_X1_X2.T_sci.spw10.cube.IQUV.pbcor.fits": iquv,
    })  # fmt: skip
    open_and_wait(qtbot, window, member)
    product = member / "product"

    def shown(name):
        window.select_path(str(product / name))
        viewer = window.preview.file_page.preview
        qtbot.waitUntil(lambda: (viewer.view is not None and viewer.opened.details is not None)
                        or viewer.note.text().startswith("Cannot"), timeout=20_000)  # fmt: skip
        return viewer

    v = shown(mk.format("mfs"))
    assert v.view is not None and not v.channel_row.isVisibleTo(v) and not v.canvas.beam.isVisible()
    v.canvas.hovered.emit(2.0, 2.0)
    assert "no sky coordinates" in window.readout.text() and "1 " in window.readout.text()
    v = shown(mk.format("cube"))
    assert v.view is not None and v.view.blank.all()  # all blank: drawn as background, not a crash
    assert shown("member.uid___A001_X1_X2.T_sci.spw6.mfs.I.pbcor.fits").view.data.shape == (1, 1)
    v = shown("member.uid___A001_X1_X2.T_sci.spw7.cube.I.pbcor.fits")
    assert v.view is not None and not v.channel_row.isVisibleTo(v)  # one channel: no slider
    assert "non-degenerate" in shown("member.uid___A001_X1_X2.T_sci.spw8.cube.I.pbcor.fits").note.text()
    assert "Cannot show this image" in shown("member.uid___A001_X1_X2.T_sci.spw9.cube.I.pb.fits.gz").note.text()
    v = shown("member.uid___A001_X1_X2.T_sci.spw10.cube.IQUV.pbcor.fits")
    assert [v.stokes_combo.itemText(i) for i in range(v.stokes_combo.count())] == ["I", "Q", "U", "V"]
    v.stokes_combo.setCurrentIndex(2)
    qtbot.waitUntil(lambda: v.view.settings.stokes == 2, timeout=10_000)
    np.testing.assert_array_equal(v.view.data, iquv.data[2, 0])


def test_the_members_cont_dat_ranges_are_shaded_on_the_spectrum(qtbot, window, demo_project):
    open_and_wait(qtbot, window, demo_project)
    viewer = viewer_for(qtbot, window, os.path.join(demo_project, PRODUCT, CUBE))
    # the demo's cont.dat (in calibration/…auxproducts.tgz) gives spw 17 229.512~229.801 and 230.160~230.436 GHz
    assert viewer.opened.details.continuum_hz == [(229.512e9, 229.801e9), (230.160e9, 230.436e9)]
    regions = viewer.plots.spectrum._regions
    assert len(regions) == 2  # both overlap the cube's 229.73–230.22 GHz, drawn where it has channels
    axis = viewer.plots.spectrum.axis_values
    for region in regions:
        lo, hi = region.getRegion()
        assert axis.min() - 1e-6 <= lo < hi <= axis.max() + 1e-6


def test_manual_levels_from_the_histogram(qtbot, window, demo_project):
    open_and_wait(qtbot, window, demo_project)
    viewer = viewer_for(qtbot, window, os.path.join(demo_project, PRODUCT, CUBE))
    viewer.levels_combo.setCurrentIndex(viewer.levels_combo.findData("manual"))
    assert viewer.plots.histogram.isVisibleTo(viewer)
    heights, edges = viewer.plots.histogram.curve.getData()
    assert len(edges) == 257 or len(heights) > 100  # a 256-bin histogram of the plane
    viewer.plots.histogram.region.setRegion((0.0, 0.02))  # a drag
    qtbot.waitUntil(
        lambda: viewer.view.settings.levels == "manual" and viewer.view.hi == pytest.approx(0.02), timeout=10_000
    )
    assert viewer.view.settings.levels == "manual" and viewer.low_edit.text() == "0"
    viewer.levels_combo.setCurrentIndex(viewer.levels_combo.findData("99.5"))
    assert not viewer.plots.histogram.isVisibleTo(viewer)


def test_moment0_and_peak_quick_looks(qtbot, window, demo_project):
    from qa2explorer.imaging.fitsfile import ImageFile
    from qa2explorer.imaging.moments import quick_look

    open_and_wait(qtbot, window, demo_project)
    path = os.path.join(demo_project, PRODUCT, CUBE)
    viewer = viewer_for(qtbot, window, path)
    viewer.look_from.setValue(20)
    viewer.look_to.setValue(40)
    viewer.look_combo.setCurrentIndex(viewer.look_combo.findData("moment0"))
    qtbot.waitUntil(lambda: viewer.unit_override == "Jy/beam·km/s", timeout=20_000)  # the map is shown
    expected = quick_look(ImageFile(path), "moment0", 20, 40).data
    np.testing.assert_allclose(viewer.view.data, expected, rtol=1e-6, equal_nan=True)
    assert not viewer.channel_slider.isEnabled()
    viewer.canvas.hovered.emit(64.0, 60.0)
    assert "Jy/beam·km/s" in window.readout.text() and "channel" not in window.readout.text()
    viewer.look_combo.setCurrentIndex(viewer.look_combo.findData("channel"))
    qtbot.waitUntil(lambda: viewer.channel_slider.isEnabled() and viewer.unit_override is None, timeout=10_000)
    qtbot.waitUntil(lambda: np.array_equal(viewer.view.data, fits.getdata(path)[0, viewer.view.settings.channel],
                                           equal_nan=True), timeout=10_000)  # fmt: skip


def test_a_target_page_shows_thumbnails_of_its_image_sets(qtbot, window, demo_project):
    from PySide6.QtGui import QImage

    from tests.gui.conftest import folder_page

    open_and_wait(qtbot, window, demo_project)
    window.state.set_view_mode("products")
    target = window.state.products_root.children[0].children[0]
    window.state.select(target)
    browser = folder_page(window).browser
    qtbot.waitUntil(lambda: browser.toHtml().count("<img") == 11, timeout=60_000)  # one per image set
    sources = [line.split('src="')[1].split('"')[0] for line in browser.toHtml().split("<img")[1:]]
    for source in sources:
        path = source.removeprefix("file://")
        assert path.startswith(os.environ["XDG_CACHE_HOME"])  # made in the cache, never in the delivery
        image = QImage(path)
        assert not image.isNull() and max(image.width(), image.height()) <= 128


def test_a_box_spectrum_is_the_mean_of_its_pixels_and_other_rest_frequencies_are_said(qtbot, window, demo_project):
    open_and_wait(qtbot, window, demo_project)
    path = os.path.join(demo_project, PRODUCT, CUBE)
    viewer = viewer_for(qtbot, window, path)
    data = fits.getdata(path)[0]
    title = viewer.plots.spectrum.getPlotItem().titleLabel

    def spectrum_of(box):
        text = "pixel 60, 50" if box == 1 else f"mean of {box} × {box} pixels around 60, 50"
        qtbot.waitUntil(lambda: title.text.startswith(text) and "reading" not in title.text, timeout=10_000)
        return viewer.plots.spectrum.curve.getData()[1]

    viewer.box_spin.setValue(5)
    viewer.canvas.clicked.emit(60, 50)
    np.testing.assert_allclose(spectrum_of(5), np.nanmean(data[:, 48:53, 58:63], axis=(1, 2)), rtol=1e-6)
    rect = viewer.canvas.box.rect()
    assert (rect.x(), rect.y(), rect.width(), rect.height()) == (58, 48, 5, 5) and viewer.canvas.box.isVisible()
    viewer.box_spin.setValue(2)  # even: the next odd size, and the spectrum of the clicked pixel follows
    assert viewer.box_spin.value() == 3
    np.testing.assert_allclose(spectrum_of(3), np.nanmean(data[:, 49:52, 59:62], axis=(1, 2)), rtol=1e-6)
    viewer.box_spin.setValue(1)
    np.testing.assert_allclose(spectrum_of(1), data[:, 50, 60], rtol=1e-6)
    note = viewer.rest_info.text()  # spw 17 is CO(2-1); the demo's other spws have their own lines
    assert viewer.rest_info.isVisible()
    assert "Other cubes of this target have other rest frequencies" in note and "spw 19 231.9000 GHz" in note
    facts = {viewer.facts.item(i, 0).text(): viewer.facts.item(i, 1).text() for i in range(viewer.facts.rowCount())}
    assert "spw 21: 244.000000 GHz" in facts["Other rest frequencies"]


def test_a_level_drag_is_a_new_table_over_the_same_codes(qtbot, window, demo_project, monkeypatch):
    """Dragging the levels neither reads nor rescales the float plane: the codes made when it was read are
    drawn through a new table, one gather per paint however many moves came between; blanks stay
    transparent; levels too narrow for the codes get finer codes from a job."""
    from qa2explorer.imaging import planes
    from qa2explorer.imaging.fitsfile import ImageFile

    open_and_wait(qtbot, window, demo_project)
    viewer = viewer_for(qtbot, window, os.path.join(demo_project, PRODUCT, CUBE))
    viewer.levels_combo.setCurrentIndex(viewer.levels_combo.findData("manual"))
    item, view = viewer.canvas.item, viewer.view
    reads, quantised = [], []
    plane, quantise = ImageFile.plane, planes.quantise
    shown = viewer.opened.image  # (the statistics and contour jobs read planes of their own ImageFile objects)
    monkeypatch.setattr(
        ImageFile, "plane", lambda self, *a, **k: (self is shown and reads.append(a)) or plane(self, *a, **k)
    )
    monkeypatch.setattr(planes, "quantise", lambda *a, **k: quantised.append(a) or quantise(*a, **k))
    viewer.canvas.grab()
    gathers = item.gathers
    lo, hi = view.lo, view.hi
    for f in (0.95, 0.9, 0.85):  # moves of the region in one pass of the event loop: one request
        viewer.plots.histogram.region.setRegion((lo, hi * f))
    qtbot.waitUntil(lambda: viewer.view.hi == pytest.approx(hi * 0.85), timeout=10_000)
    viewer.canvas.grab()
    assert item.gathers == gathers + 1
    for f in (0.8, 0.7, 0.6):  # requests between two paints: one redraw
        viewer.plots.histogram.levels_dragged.emit(lo, hi * f)
    viewer.canvas.grab()
    assert item.gathers == gathers + 2
    assert viewer.view.settings.levels == "manual" and viewer.view.hi == hi * 0.6 and viewer.view.exact
    assert viewer.view.codes is view.codes and viewer.view.data is view.data and reads == quantised == []
    x0, x1, y0, y1, step = item.region  # on screen: every step-th pixel of the plane
    expected, blank = scale_to_uint8(view.data[y0:y1:step, x0:x1:step], lo, hi * 0.6)
    assert np.abs(item.indices.astype(int) - expected)[~blank].max() <= 1 and (item.indices[blank] == 0).all()
    picture = item.qimage
    assert picture.format() == QImage.Format.Format_Indexed8 and blank.any()
    y, x = map(int, np.argwhere(blank)[0])
    assert picture.pixelColor(x, y).alpha() == 0  # blank: transparent, the background shows
    y, x = map(int, np.argwhere(~blank)[0])
    assert picture.pixelColor(x, y).alpha() == 255
    viewer.stretch_combo.setCurrentText("sqrt")  # a stretch is a table too
    assert viewer.view.settings.stretch == "sqrt" and viewer.view.codes is view.codes
    viewer.canvas.grab()
    gathers, grey = item.gathers, item.indices[y, x]
    viewer.cmap_combo.setCurrentText("gray")  # colours alone: the same indices, another colour table
    viewer.canvas.grab()
    assert item.gathers == gathers and item.qimage.pixelColor(x, y).getRgb()[:3] == (grey, grey, grey)
    viewer.reverse_box.setChecked(True)
    viewer.canvas.grab()
    assert item.gathers == gathers and item.qimage.pixelColor(x, y).getRgb()[:3] == (255 - grey,) * 3
    viewer.high_edit.setText(f"{lo + (hi - lo) * 0.001:.6g}")  # far narrower than the codes resolve
    viewer.high_edit.editingFinished.emit()
    qtbot.waitUntil(lambda: viewer.view.exact and viewer.view.codes is not view.codes, timeout=10_000)
    assert reads == [] and len(quantised) == 1  # quantised again from the float plane in memory, once


def test_the_canvas_draws_only_what_is_on_screen(qtbot):
    """A plane larger than the window: every step-th pixel of it (step image pixels to a device pixel, as
    Qt's nearest-neighbour scaling shows); zoomed in, the visible part at full resolution."""
    from qa2explorer.gui.image_canvas import ImageCanvas
    from qa2explorer.imaging.planes import DisplaySettings, prepare_plane

    data = np.random.default_rng(1).standard_normal((1500, 2000)).astype(np.float32)
    data[:100] = np.nan
    canvas = ImageCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(500, 400)
    canvas.show()
    qtbot.waitExposed(canvas)
    view = prepare_plane(None, DisplaySettings(stretch="asinh"), data=data)
    canvas.show_plane(view, None)
    canvas.grab()
    item = canvas.item
    x0, x1, y0, y1, step = item.region
    assert (x0, x1, y0, y1) == (0, 2000, 0, 1500) and step >= 4  # the whole plane in under 500 × 400
    np.testing.assert_array_equal(item.indices, view.image[::step, ::step])
    canvas.set_view_range((1000, 1100), (50, 130))
    canvas.grab()
    x0, x1, y0, y1, step = item.region
    assert step == 1 and x0 <= 1000 < 1100 <= x1 < 1200 and y0 <= 50 < 130 <= y1 < 200
    np.testing.assert_array_equal(item.indices, view.image[y0:y1, x0:x1])
    assert (item.indices[: 100 - y0] == 0).all()  # the blank rows: index 0, transparent
    assert item.qimage.pixelColor(0, 0).alpha() == 0 and item.qimage.pixelColor(0, 100 - y0).alpha() == 255
