"""What the viewer draws for one plane: the data, its levels, the scaled 8-bit image and the colour table,
prepared off the UI thread (the UI only hands the result to the image widget)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .beams import Beam
from .colormaps import colormap_lut
from .fitsfile import ImageFile
from .levels import levels_for, scale_to_uint8

LEVEL_PRESETS = ("99.5", "99", "98", "95", "minmax", "zscale")
PRESET_LABELS = {"99.5": "99.5 %", "99": "99 %", "98": "98 %", "95": "95 %", "minmax": "min / max",
                 "zscale": "zscale", "manual": "manual"}  # fmt: skip


@dataclass(frozen=True)
class DisplaySettings:
    channel: int = 0
    stokes: int = 0
    stretch: str = "linear"
    levels: str = "99.5"  # a preset of LEVEL_PRESETS, or "manual"
    manual: tuple[float, float] | None = None
    cmap: str = "inferno"
    reverse: bool = False
    flat_noise: bool = False  # show pbcor × pb (noise uniform across the field) instead of the pbcor image

    def with_(self, **changes) -> DisplaySettings:
        return replace(self, **changes)

    def with_preset_levels(self, **changes) -> DisplaySettings:
        """These settings for another image: manual levels belong to the shown one, so the default preset
        takes their place."""
        levels = self.levels if self.levels != "manual" else "99.5"
        return replace(self, levels=levels, manual=None, **changes)


@dataclass
class PlaneView:
    settings: DisplaySettings
    data: np.ndarray  # float32 (ny, nx), NaN where blank
    image: np.ndarray  # uint8 (ny, nx)
    blank: np.ndarray  # bool (ny, nx)
    lo: float
    hi: float
    lut: np.ndarray  # (256, 4) uint8 RGBA, the last entry used for blanks is transparent in the widget
    beam: Beam | None


def prepare_plane(image: ImageFile, settings: DisplaySettings, beams: list[Beam] | None = None,
                  header_beam: Beam | None = None, data: np.ndarray | None = None) -> PlaneView:  # fmt: skip
    """Read (unless ``data`` is given) and scale the plane of ``settings``."""
    if data is None:
        data = image.plane(settings.channel, settings.stokes)
    if settings.levels == "manual" and settings.manual is not None:
        lo, hi = settings.manual
    else:
        lo, hi = levels_for(data, settings.levels if settings.levels != "manual" else "99.5")
    scaled, blank = scale_to_uint8(data, lo, hi, settings.stretch)
    beam = beams[settings.channel] if beams else header_beam
    return PlaneView(settings, data, scaled, blank, lo, hi, colormap_lut(settings.cmap, settings.reverse), beam)
