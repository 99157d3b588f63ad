"""The colour maps shipped with the package are matplotlib's (so the viewer needs no matplotlib to draw)."""

import subprocess
import sys

import numpy as np
import pytest

from qa2explorer.imaging.colormaps import NAMES, colormap_lut, from_matplotlib


@pytest.mark.parametrize("name", NAMES)
def test_shipped_tables_are_matplotlibs(name):
    np.testing.assert_array_equal(colormap_lut(name), from_matplotlib(name))
    np.testing.assert_array_equal(colormap_lut(name, True), from_matplotlib(name)[::-1])


def test_a_map_not_shipped_comes_from_matplotlib():
    np.testing.assert_array_equal(colormap_lut("plasma"), from_matplotlib("plasma"))


def test_drawing_a_plane_imports_neither_matplotlib_nor_astropy(tmp_path):
    from astropy.io import fits

    path = tmp_path / "cube.fits"
    fits.PrimaryHDU(np.random.default_rng(1).standard_normal((3, 40, 50)).astype(np.float32)).writeto(path)
    code = (
        "import sys\nfrom qa2explorer.imaging.fitsfile import ImageFile\n"
        "from qa2explorer.imaging.planes import DisplaySettings, prepare_plane\n"
        f"view = prepare_plane(ImageFile({str(path)!r}), DisplaySettings(channel=1))\n"
        "assert view.image.shape == (40, 50)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'astropy')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
