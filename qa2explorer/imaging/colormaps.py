"""The viewer's colour maps as 256-entry RGBA tables. They ship with the package (written from matplotlib's
by ``python -m qa2explorer.imaging.colormaps``; a test checks they still agree), so drawing the first picture
does not import matplotlib, a third of a second here; any other matplotlib name is looked up in matplotlib."""

from __future__ import annotations

import os
from functools import cache

import numpy as np

NAMES = ("inferno", "viridis", "magma", "gray", "cubehelix", "coolwarm", "RdBu_r", "jet")
SHIPPED = os.path.join(os.path.dirname(__file__), "colormaps.npz")


@cache
def _shipped() -> dict[str, np.ndarray]:
    try:
        with np.load(SHIPPED) as tables:
            return {name: tables[name] for name in tables.files}
    except OSError:
        return {}


def from_matplotlib(name: str) -> np.ndarray:
    import matplotlib

    return (matplotlib.colormaps[name](np.linspace(0.0, 1.0, 256)) * 255 + 0.5).astype(np.uint8)


@cache
def colormap_lut(name: str, reverse: bool = False) -> np.ndarray:
    """A colour map as a (256, 4) uint8 RGBA table, reversed on request."""
    table = _shipped().get(name)
    if table is None:
        table = from_matplotlib(name)
    table = table[::-1].copy() if reverse else table.copy()
    table.flags.writeable = False
    return table


if __name__ == "__main__":
    np.savez_compressed(SHIPPED, **{name: from_matplotlib(name) for name in NAMES})
    print(f"wrote {SHIPPED}")
