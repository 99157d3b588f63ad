"""Publication PNGs of one image plane: WCS axes, the stretch and levels the viewer uses, the beam, a
colour bar in the image's unit (matplotlib's WCSAxes)."""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass

import numpy as np

from ..jobs import JobError, Reporter
from .coords import Coordinates
from .fitsfile import ImageFile
from .gzcache import GzCache, open_image
from .levels import STRETCHES, levels_for
from .stats import beam_of

ASTROPY_STRETCH = {  # the same curves as levels.stretch (a test checks they agree)
    "linear": ("LinearStretch", {}),
    "sqrt": ("SqrtStretch", {}),
    "log": ("LogStretch", {"a": 1000.0}),
    "asinh": ("AsinhStretch", {"a": 0.1}),
    "power": ("PowerDistStretch", {"a": 1000.0}),
}


@dataclass
class RenderSettings:
    channel: int = 0
    stokes: int = 0
    stretch: str = "linear"
    levels: str | float = 99.5  # a clip percentage, "minmax" or "zscale"
    cmap: str = "inferno"
    dpi: int = 120
    limits: tuple[float, float] | None = None  # explicit levels (the viewer's manual levels)


def astropy_stretch(kind: str):
    import astropy.visualization as av

    if kind not in ASTROPY_STRETCH:
        raise JobError(f"Unknown stretch {kind!r}: one of {', '.join(STRETCHES)}.")
    name, kwargs = ASTROPY_STRETCH[kind]
    return getattr(av, name)(**kwargs)


def prepare(path: str, channel: int, report: Reporter | None = None, cache: GzCache | None = None) -> ImageFile:
    """The image, inflated into the cache first when ``channel`` cannot be streamed from a gzip file."""
    image = ImageFile(path)
    if image.compressed and channel > 0:
        image = open_image(path, cache, report)
    return image


def render_png(path: str, out: str, settings: RenderSettings, report: Reporter | None = None,
               cache: GzCache | None = None, data: np.ndarray | None = None, what: str | None = None,
               unit: str | None = None) -> str:  # fmt: skip
    """Draw one plane of ``path`` into the PNG ``out``. ``data`` (with ``what`` it shows and its ``unit``)
    replaces the plane: what the viewer shows instead of a channel (a moment map, the flat-noise image)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from astropy.utils.exceptions import AstropyWarning
    from astropy.visualization import ImageNormalize
    from matplotlib.patches import Ellipse

    if settings.cmap.removesuffix("_r") not in plt.colormaps():
        raise JobError(f"Unknown colour map {settings.cmap!r} (matplotlib's names, e.g. inferno, gray, viridis).")
    image = prepare(path, settings.channel, report, cache)
    if data is None:
        data = image.plane(settings.channel, settings.stokes)
    if not np.isfinite(data).any():
        raise JobError("This plane is blank (every pixel NaN): there is nothing to draw.")
    lo, hi = settings.limits or levels_for(data, settings.levels)
    coords = Coordinates(image.header, image.layout)
    # clip=False: with clip=True astropy fills blank pixels with the top colour instead of leaving them masked
    norm = ImageNormalize(vmin=lo, vmax=hi, stretch=astropy_stretch(settings.stretch), clip=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AstropyWarning)
        fig = plt.figure(figsize=(7.2, 6.0))
        ax = fig.add_subplot(projection=coords.celestial) if coords.celestial is not None else fig.add_subplot()
        cmap = plt.get_cmap(settings.cmap).with_extremes(bad="#d0d0d0")
        shown = ax.imshow(np.ma.masked_invalid(data), origin="lower", cmap=cmap, norm=norm, interpolation="nearest")
        if coords.celestial is not None:
            ax.set_xlabel(f"Right ascension ({coords.frame})")
            ax.set_ylabel(f"Declination ({coords.frame})")
        bar = fig.colorbar(shown, ax=ax, fraction=0.046, pad=0.04, extend="both")
        ticks = np.asarray(norm.inverse(np.linspace(0.0, 1.0, 6))).ravel()  # even steps of the stretch
        bar.set_ticks(ticks, labels=[f"{t:.3g}" for t in ticks])
        bar.set_label(unit or str(image.header.get("BUNIT", "")).strip() or "value")
        beam = beam_of(image, settings.channel if image.layout.nchan > 1 else None, settings.stokes)
        pixel_arcsec = _pixel_arcsec(image)
        if beam is not None and pixel_arcsec:
            major, minor = beam.bmaj_arcsec / pixel_arcsec, beam.bmin_arcsec / pixel_arcsec
            pad = max(major, minor) * 0.8 + 2
            ax.add_patch(Ellipse((pad, pad), minor, major, angle=beam.bpa_deg, facecolor="none", edgecolor="white",
                                 hatch="////", lw=1.2))  # fmt: skip
        ax.set_title(_title(image, coords, settings, what), fontsize=10)
        fig.savefig(out, dpi=settings.dpi, bbox_inches="tight")
        plt.close(fig)
    return out


def _pixel_arcsec(image: ImageFile) -> float | None:
    cdelt = image.header.get("CDELT2")
    return abs(float(cdelt)) * 3600.0 if cdelt else None


def _title(image: ImageFile, coords: Coordinates, settings: RenderSettings, what: str | None) -> str:
    parts = [str(image.header.get("OBJECT", "")).strip() or os.path.basename(image.path)]
    freqs = coords.frequencies_hz()
    if what:
        parts.append(what)
    elif image.layout.nchan > 1:
        parts.append(f"channel {settings.channel}")
        if freqs is not None:
            parts.append(f"{freqs[settings.channel] / 1e9:.5f} GHz")
        velocities = coords.velocities_kms()
        if velocities is not None:
            parts.append(f"{velocities[settings.channel]:.2f} km/s ({coords.specsys or 'frame?'}, radio)")
    return " · ".join(parts)
