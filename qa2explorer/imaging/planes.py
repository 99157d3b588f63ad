"""What the viewer draws for one plane: the data, its levels, its uint16 codes and the table from code to
colour index, and the colour table, prepared off the UI thread. The codes are made once per plane; new
levels, stretch or colours are a new table (:func:`relevel`, ~1 ms), and the widget draws the codes through
it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

import numpy as np

from .beams import Beam
from .colormaps import colormap_lut
from .fitsfile import ImageFile
from .levels import Codes, apply_table, code_range, levels_for, levels_table, quantise, value_range

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
    data: np.ndarray  # float32 (ny, nx), NaN where blank: readout, statistics, histogram
    codes: Codes  # the data quantised (uint16, 0 where blank), shared by every view of this plane
    lo: float
    hi: float
    table: np.ndarray  # uint8 (65536,): code → colour index, 0 (transparent) for blank
    exact: bool  # the codes are fine enough for these levels (else quantise again: :func:`requantise`)
    colours: np.ndarray  # (256, 4) uint8 RGBA, entry 0 transparent
    beam: Beam | None

    @property
    def image(self) -> np.ndarray:
        """The colour indices drawn (uint8 (ny, nx)): 0 blank, 1..255 the colour map."""
        return apply_table(self.codes.codes, self.table)

    @property
    def blank(self) -> np.ndarray:
        return self.codes.codes == 0


@cache
def colour_table(name: str, reverse: bool = False) -> np.ndarray:
    """The viewer's colour table: the colour map's, its first entry made transparent for blank pixels (the
    lowest values are drawn with the second: 1/255 of the colour range away, as :func:`levels_table` says)."""
    colours = colormap_lut(name, reverse).copy()
    colours[0] = 0
    colours.flags.writeable = False
    return colours


def prepare_plane(image: ImageFile, settings: DisplaySettings, beams: list[Beam] | None = None,
                  header_beam: Beam | None = None, data: np.ndarray | None = None,
                  codes: Codes | None = None) -> PlaneView:  # fmt: skip
    """Read (unless ``data`` is given), level and quantise (unless ``codes`` of ``data`` are given and fine
    enough for the levels) the plane of ``settings``."""
    if data is None:
        data = image.plane(settings.channel, settings.stokes)
    if settings.levels == "manual" and settings.manual is not None:
        lo, hi = settings.manual
    else:
        lo, hi = levels_for(data, settings.levels if settings.levels != "manual" else "99.5")
    beam = beams[settings.channel] if beams else header_beam
    if codes is None:
        extremes = value_range(data)
        codes = quantise(data, *(code_range(*extremes, lo, hi, settings.stretch) or (None, None)), extremes=extremes)
    view = relevel_view(settings, data, codes, lo, hi, beam)
    return view if view.exact else requantise(view)


def relevel_view(settings: DisplaySettings, data: np.ndarray, codes: Codes, lo: float, hi: float,
                 beam: Beam | None) -> PlaneView:  # fmt: skip
    table, exact = levels_table(codes, lo, hi, settings.stretch)
    return PlaneView(settings, data, codes, lo, hi, table, exact, colour_table(settings.cmap, settings.reverse), beam)


def relevel(view: PlaneView, settings: DisplaySettings, lo: float, hi: float, codes: Codes | None = None) -> PlaneView:
    """``view`` with other levels, stretch or colours (or finer ``codes`` of its data): a new table, no pass
    over the data; ``exact`` says whether the codes are fine enough. Colours alone keep the table."""
    if codes is None:
        codes = view.codes
        if (lo, hi, settings.stretch) == (view.lo, view.hi, view.settings.stretch):
            return replace(view, settings=settings, colours=colour_table(settings.cmap, settings.reverse))
    return relevel_view(settings, view.data, codes, lo, hi, view.beam)


def requantise(view: PlaneView) -> PlaneView:
    """``view`` with its data quantised again, over a range fine enough for its levels and stretch (a pass
    over the data: in a job)."""
    c = view.codes
    rng = code_range(c.low, c.high, view.lo, view.hi, view.settings.stretch)
    codes = quantise(view.data, *(rng or (None, None)), extremes=(c.low, c.high))
    return relevel_view(view.settings, view.data, codes, view.lo, view.hi, view.beam)
