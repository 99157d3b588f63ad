"""What a first user tried and found wrong in the viewer, each now a test: exporting what is shown, a moment
map that stays a moment map, nonsense typed into the boxes, a file that fails after a good one, another Stokes
plane, a truncated cube, a click while a cube inflates, two spws linked by velocity."""

import os

import numpy as np
from astropy.io import fits

from qa2explorer.demo import layout
from qa2explorer.gui.previews.image_view import ERROR_STYLE
from tests.gui.conftest import open_and_wait
from tests.gui.test_image_view import CUBE, PB_GZ, PRODUCT, _member_with, viewer_for

STEM = f"member.{layout.M12}.NGC_3627_sci"


def test_export_writes_what_is_shown_and_a_moment_map_stays_one(qtbot, window, demo_project, tmp_path):
    open_and_wait(qtbot, window, demo_project)
    viewer = viewer_for(qtbot, window, os.path.join(demo_project, PRODUCT, CUBE))
    channel_png, moment_png = tmp_path / "channel.png", tmp_path / "moment.png"
    handle = viewer.export_to(str(channel_png))
    qtbot.waitUntil(lambda: channel_png.exists() and "Saved" in viewer.note.text(), timeout=30_000)
    viewer.look_combo.setCurrentIndex(viewer.look_combo.findData("moment0"))
    qtbot.waitUntil(lambda: viewer.look is not None, timeout=20_000)
    shown = viewer.view.data
    viewer.canvas.step.emit(1)  # → on the image: no channel while a map is shown
    assert viewer.channel_spin.value() == 0 and viewer.view.data is shown
    assert not viewer.flat_box.isEnabled() and not viewer.play.isEnabled() and not viewer.stokes_combo.isEnabled()
    handle = viewer.export_to(str(moment_png))
    qtbot.waitUntil(lambda: moment_png.exists() and "Saved" in viewer.note.text(), timeout=30_000)
    assert handle is not None and moment_png.read_bytes() != channel_png.read_bytes()
    viewer.look_combo.setCurrentIndex(viewer.look_combo.findData("channel"))
    qtbot.waitUntil(lambda: viewer.look is None and viewer.channel_spin.isEnabled(), timeout=10_000)
    assert "moment" not in viewer.note.text()


def test_nonsense_in_the_boxes_is_said_and_undone(qtbot, window, demo_project):
    open_and_wait(qtbot, window, demo_project)
    viewer = viewer_for(qtbot, window, os.path.join(demo_project, PRODUCT, CUBE))
    lo, hi = viewer.view.lo, viewer.view.hi
    for low, high in (("abc", "1"), ("0.5", "0.1"), ("0.2", "0.2")):
        viewer.low_edit.setText(low)
        viewer.high_edit.setText(high)
        viewer.high_edit.editingFinished.emit()
        assert "Levels: two numbers" in viewer.note.text() and viewer.note.styleSheet() == ERROR_STYLE
        assert viewer.low_edit.text() == f"{lo:.4g}" and viewer.view.hi == hi  # undone, the picture unchanged
    for rest, z in (("-5", ""), ("230538000000", ""), ("", "-1"), ("x", "")):
        viewer.rest_edit.setText(rest)
        viewer.z_edit.setText(z)
        viewer.z_edit.editingFinished.emit()  # no exception (a traceback dialog in the app), a hint instead
        assert "Rest frequency in GHz" in viewer.note.text()
    viewer.rest_edit.setText("230.538")
    viewer.z_edit.setText("0.002")
    viewer.z_edit.editingFinished.emit()
    assert viewer.note.text() == "" and viewer.redshift == 0.002


def test_a_file_that_fails_after_a_cube_keeps_none_of_its_controls(qtbot, window, tmp_path):
    cube = fits.PrimaryHDU(np.random.default_rng(1).standard_normal((12, 16, 16)).astype(np.float32))
    cube.header["CTYPE3"], cube.header["CRVAL3"], cube.header["CDELT3"], cube.header["CRPIX3"] = "FREQ", 1e11, 1e6, 1
    bad = "member.uid___A001_X1_X2.T_sci.spw7.mfs.I.pbcor.fits"
    member = _member_with(tmp_path, {"member.uid___A001_X1_X2.T_sci.spw5.cube.I.pbcor.fits": cube,
                                     bad: b"not a FITS file at all" * 200})  # fmt: skip
    open_and_wait(qtbot, window, member)
    viewer = viewer_for(qtbot, window, str(member / "product" / "member.uid___A001_X1_X2.T_sci.spw5.cube.I.pbcor.fits"))
    assert viewer.channel_row.isVisibleTo(viewer)
    window.select_path(str(member / "product" / bad))
    qtbot.waitUntil(lambda: viewer.note.text().startswith("Cannot show this image"), timeout=10_000)
    assert viewer.note.styleSheet() == ERROR_STYLE and not viewer.compare_button.isEnabled()
    assert not any(row.isVisibleTo(viewer) for row in (viewer.channel_row, viewer.look_row, viewer.set_row))


def test_another_stokes_plane_brings_its_spectrum_and_statistics(qtbot, window, tmp_path):
    data = np.random.default_rng(2).standard_normal((4, 6, 10, 10)).astype(np.float32)
    data[2] += 5.0  # U: clearly not I
    iquv = fits.PrimaryHDU(data)
    for i, (ctype, crval) in enumerate((("FREQ", 1e11), ("STOKES", 1.0)), start=3):
        iquv.header[f"CTYPE{i}"], iquv.header[f"CRVAL{i}"], iquv.header[f"CDELT{i}"] = ctype, crval, 1.0
        iquv.header[f"CRPIX{i}"] = 1.0
    name = "member.uid___A001_X1_X2.T_sci.spw10.cube.IQUV.pbcor.fits"
    member = _member_with(tmp_path, {name: iquv})
    open_and_wait(qtbot, window, member)
    viewer = viewer_for(qtbot, window, str(member / "product" / name))
    viewer.canvas.clicked.emit(4, 5)
    curve = viewer.plots.spectrum.curve
    qtbot.waitUntil(lambda: curve.getData()[1] is not None and len(curve.getData()[1]) == 6, timeout=10_000)
    np.testing.assert_allclose(curve.getData()[1], data[0, :, 5, 4], rtol=1e-6)
    viewer.stokes_combo.setCurrentIndex(2)
    qtbot.waitUntil(lambda: np.allclose(curve.getData()[1], data[2, :, 5, 4], rtol=1e-6), timeout=10_000)
    qtbot.waitUntil(lambda: viewer.stats_label.text().startswith("Stokes U: rms"), timeout=10_000)


def test_a_truncated_cube_says_so_and_its_spectrum_stops_where_the_file_does(qtbot, window, tmp_path):
    cube = fits.PrimaryHDU(np.random.default_rng(3).standard_normal((10, 8, 8)).astype(np.float32))
    member = _member_with(tmp_path, {"member.uid___A001_X1_X2.T_sci.spw5.cube.I.pbcor.fits": cube})
    path = member / "product" / "member.uid___A001_X1_X2.T_sci.spw5.cube.I.pbcor.fits"
    whole = path.read_bytes()
    path.write_bytes(whole[: 2880 + 8 * 8 * 4 * 6 + 100])  # the header block, six planes and a bit
    open_and_wait(qtbot, window, member)
    viewer = viewer_for(qtbot, window, str(path))
    assert "truncated: its last 4 of 10 planes are missing" in viewer.note.text()
    viewer.canvas.clicked.emit(3, 3)
    curve = viewer.plots.spectrum.curve
    qtbot.waitUntil(lambda: curve.getData()[1] is not None and len(curve.getData()[1]) == 6, timeout=10_000)
    np.testing.assert_allclose(curve.getData()[1], cube.data[:6, 3, 3], rtol=1e-6)


def test_a_click_while_a_cube_inflates_gets_its_spectrum_after(qtbot, window, demo_project):
    open_and_wait(qtbot, window, demo_project)
    path = os.path.join(demo_project, PRODUCT, PB_GZ)
    window.select_path(path)
    viewer = window.preview.file_page.preview
    qtbot.waitUntil(lambda: viewer.view is not None, timeout=20_000)
    viewer.canvas.clicked.emit(64, 64)  # perhaps before the inflation: kept, read once it is done
    qtbot.waitUntil(lambda: viewer.plots is not None and viewer.plots.spectrum.curve.getData()[1] is not None
                    and len(viewer.plots.spectrum.curve.getData()[1]) > 1, timeout=30_000)  # fmt: skip
    np.testing.assert_allclose(viewer.plots.spectrum.curve.getData()[1], fits.getdata(path)[0, :, 64, 64], rtol=1e-6)


def test_two_spws_are_linked_by_velocity_and_back_keeps_the_channel(qtbot, window, demo_project):
    open_and_wait(qtbot, window, demo_project)
    path = os.path.join(demo_project, PRODUCT, f"{STEM}.spw17.cube.I.pbcor.fits")
    viewer = viewer_for(qtbot, window, path)
    partner = next(p for p in viewer.opened.details.partners if p.label.startswith("Spw 19"))
    view = viewer.compare_with(partner)
    qtbot.waitUntil(lambda: view.views is not None, timeout=20_000)
    assert "by radio velocity" in view.note.text()
    view.channel_spin.setValue(40)
    qtbot.waitUntil(lambda: view.views[0].settings.channel == 40, timeout=10_000)
    left, right = (side.coords.velocities_kms() for side in view.sides)
    assert view.views[1].settings.channel == int(np.argmin(np.abs(right - left[40])))
    view.back.click()
    qtbot.waitUntil(lambda: viewer.view.settings.channel == 40, timeout=10_000)
