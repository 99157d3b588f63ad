"""Two images side by side: self-calibrated against not, a continuum image against its masked spectral index,
two spws; zoom, pan, channel and levels linked; back to one image."""

import os

import numpy as np
from astropy.io import fits

from qa2explorer.demo import layout
from qa2explorer.imaging.partners import ALPHA, SELFCAL, SPW
from tests.gui.conftest import open_and_wait
from tests.gui.test_image_view import PRODUCT, viewer_for

STEM = f"member.{layout.M12}.NGC_3627_sci"


def compare(qtbot, viewer, kind, label_part=""):
    partner = next(p for p in viewer.opened.details.partners if p.kind == kind and label_part in p.label)
    view = viewer.compare_with(partner)
    qtbot.waitUntil(lambda: view.views is not None, timeout=20_000)
    return view, partner


def test_selfcal_against_regular_cube_links_channel_levels_zoom_and_pan(qtbot, window, demo_project):
    open_and_wait(qtbot, window, demo_project)
    path = os.path.join(demo_project, PRODUCT, f"{STEM}.spw17.cube.I.pbcor.fits")
    viewer = viewer_for(qtbot, window, path)
    assert [p.kind for p in viewer.opened.details.partners] == [SELFCAL, SPW, SPW, SPW]
    view, partner = compare(qtbot, viewer, SELFCAL)
    assert viewer.image_stack.currentWidget() is view
    assert partner.path.endswith(".spw17.cube.I.selfcal.pbcor.fits")
    left, right = fits.getdata(path)[0], fits.getdata(partner.path)[0]
    view.channel_spin.setValue(12)
    qtbot.waitUntil(lambda: view.views[0].settings.channel == 12, timeout=10_000)
    np.testing.assert_array_equal(view.views[0].data, left[12])
    np.testing.assert_array_equal(view.views[1].data, right[12])
    assert view.link_levels.isChecked() and (view.views[1].lo, view.views[1].hi) == (view.views[0].lo, view.views[0].hi)
    view.link_levels.setChecked(False)  # each its own 99.5 % levels
    qtbot.waitUntil(lambda: view.views[1].settings.levels == "99.5", timeout=10_000)
    assert view.views[1].hi != view.views[0].hi

    def centre(i):
        (x0, x1), (y0, y1) = view.canvases[i].view_range()
        return (x0 + x1) / 2, (y0 + y1) / 2, x1 - x0

    view.canvases[0].set_view_range((30, 60), (40, 70))  # zoom the left: the right follows
    assert abs(centre(0)[0] - 45) < 0.5 and abs(centre(0)[1] - 55) < 0.5
    assert np.allclose(centre(1), centre(0), atol=0.5)
    view.canvases[1].set_view_range((10, 20), (10, 20))  # and the other way round
    assert abs(centre(1)[0] - 15) < 0.5 and np.allclose(centre(0), centre(1), atol=0.5)
    view.canvases[0].hovered.emit(64.0, 64.0)  # both values in the readout, a cross in the other view
    text = window.readout.text()
    assert f"left {left[12, 64, 64]:.4g}" in text and f"right {right[12, 64, 64]:.4g}" in text
    assert view.canvases[1].marker.isVisible() and not view.canvases[0].marker.isVisible()
    view.back.click()
    assert viewer.image_stack.currentIndex() == 0


def test_continuum_against_its_spectral_index_masked_by_its_error(qtbot, window, demo_project):
    open_and_wait(qtbot, window, demo_project)
    path = os.path.join(demo_project, PRODUCT, f"{STEM}.spw17_19_21_23.cont.I.tt0.pbcor.fits")
    viewer = viewer_for(qtbot, window, path)
    view, partner = compare(qtbot, viewer, ALPHA)
    assert partner.path.endswith(".cont.I.alpha.fits")
    alpha = fits.getdata(partner.path).squeeze()
    error = fits.getdata(partner.path.replace(".alpha.fits", ".alpha.error.fits")).squeeze()
    assert view.error_limit.isVisible() and not view.link_levels.isEnabled()  # Jy/beam against no unit
    for limit in (0.3, 0.05):
        view.error_limit.setValue(limit)
        qtbot.waitUntil(lambda: view.views is not None, timeout=10_000)
        with np.errstate(invalid="ignore"):
            expected = np.isfinite(alpha) & (np.abs(error) <= limit)
        qtbot.waitUntil(lambda e=expected: np.array_equal(np.isfinite(view.views[1].data), e), timeout=10_000)
    assert 0 < np.isfinite(view.views[1].data).sum() < np.isfinite(alpha).sum()


def test_two_spws_of_a_target_and_an_image_without_partners(qtbot, window, demo_project):
    open_and_wait(qtbot, window, demo_project)
    path = os.path.join(demo_project, PRODUCT, f"{STEM}.spw17.mfs.I.pbcor.fits")
    viewer = viewer_for(qtbot, window, path)
    view, partner = compare(qtbot, viewer, SPW, "Spw 21")
    np.testing.assert_array_equal(view.views[1].data, fits.getdata(partner.path).squeeze())
    assert not view.channel_row.isVisible()
    mask = os.path.join(demo_project, PRODUCT, f"{STEM}.spw17.mfs.I.pb.fits.gz")
    viewer = viewer_for(qtbot, window, mask)  # another file: the comparison ends
    assert viewer.image_stack.currentIndex() == 0 and not viewer.compare_button.isEnabled()
