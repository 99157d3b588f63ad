"""Image statistics the way the ALMA pipeline measures noise: a robust rms (1.4826 × median absolute
deviation) of the flat-noise image (pbcor × pb) in the annulus 0.2 < pb < 0.3, outside the clean mask — the
primary-beam correction raises the noise towards the field edge, so noise measured on the pbcor image
elsewhere is biased. Without a pb, the robust rms of the whole image (``mad_all``)."""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from ..jobs import JobError, Reporter
from .beams import Beam, header_beam, median_beam, table_beams
from .fitsfile import ImageFile
from .gzcache import GzCache, open_image
from .siblings import companions

MAD_TO_SIGMA = 1.4826
ANNULUS = (0.2, 0.3)


@dataclass
class ImageStats:
    rms: float
    peak: float
    peak_snr: float | None
    peak_pixel: tuple[int, int]
    beam: Beam | None
    unit: str
    method: str  # "pb_annulus" or "mad_all"
    npix: int  # pixels the rms was measured on
    channel: int | None
    pb: str | None
    mask: str | None
    notes: list[str]

    def to_dict(self) -> dict:
        return {
            "rms": self.rms, "peak": self.peak, "peak_snr": self.peak_snr, "peak_pixel": list(self.peak_pixel),
            "beam": self.beam.to_dict() if self.beam else None, "unit": self.unit, "method": self.method,
            "npix": self.npix, "channel": self.channel, "pb": self.pb, "mask": self.mask, "notes": self.notes,
        }  # fmt: skip


def robust_rms(values: np.ndarray) -> float:
    values = values[np.isfinite(values)]
    if values.size == 0:
        return float("nan")
    return float(MAD_TO_SIGMA * np.median(np.abs(values - np.median(values))))


def beam_of(image: ImageFile, channel: int | None, stokes: int = 0) -> Beam | None:
    """The beam of ``channel`` (the median beam without one) from a BEAMS table, else the header's."""
    beams = table_beams(image.source, image.layout.nchan, stokes) if image.header.get("CASAMBM") else None
    if beams:
        return beams[channel] if channel is not None else median_beam(beams)
    return header_beam(image.header)


def image_stats(path: str, pb: str | None = None, mask: str | None = None, channel: int | None = None,
                stokes: int = 0, find_companions: bool = True, cache: GzCache | None = None,
                report: Reporter | None = None) -> ImageStats:  # fmt: skip
    """Statistics of one plane of ``path`` (``channel``; the middle channel of a cube without one)."""
    notes: list[str] = []
    if find_companions and (pb is None or mask is None):
        beside = companions(path)
        pb = pb or beside.get("pb")
        mask = mask or beside.get("mask")
    image = open_image(path, cache, report)
    nchan = image.layout.nchan
    plane_chan = channel if channel is not None else nchan // 2
    if channel is None and nchan > 1:
        notes.append(f"measured on the middle channel ({plane_chan} of {nchan}); choose one with --channel")
    data = image.plane(plane_chan, stokes)
    finite = np.isfinite(data)
    if not finite.any():
        raise JobError(f"Channel {plane_chan} of {os.path.basename(path)} holds no finite pixel (all blank).")
    peak_index = np.unravel_index(np.nanargmax(data), data.shape)
    peak = float(data[peak_index])
    method, sample = "mad_all", data
    if pb is not None:
        pb_image = open_image(pb, cache, report)
        if pb_image.layout.nx != image.layout.nx or pb_image.layout.ny != image.layout.ny:
            raise JobError(f"The pb {os.path.basename(pb)} does not match the image "
                           f"({pb_image.layout.nx} × {pb_image.layout.ny} against "
                           f"{image.layout.nx} × {image.layout.ny} pixels).")  # fmt: skip
        pb_plane = pb_image.plane(min(plane_chan, pb_image.layout.nchan - 1))
        low, high = float(np.nanmin(pb_plane, initial=0.0)), float(np.nanmax(pb_plane, initial=0.0))
        if low < -0.01 or not 0.5 <= high <= 1.5:
            raise JobError(f"{os.path.basename(pb)} is not a primary beam: its values run from {low:.3g} to "
                           f"{high:.3g}, where a pb's rise from 0 to 1 at its centre.")  # fmt: skip
        flat = data * pb_plane
        inside = (pb_plane > ANNULUS[0]) & (pb_plane < ANNULUS[1]) & np.isfinite(flat)
        if mask is not None:
            mask_image = open_image(mask, cache, report)
            mask_plane = mask_image.plane(min(plane_chan, mask_image.layout.nchan - 1))
            inside &= ~(np.nan_to_num(mask_plane) > 0)
        else:
            notes.append("no clean mask found: the annulus includes any emission in it")
        if inside.sum() >= 10:
            method, sample = "pb_annulus", flat[inside]
        else:
            notes.append("the pb annulus 0.2–0.3 holds too few pixels (pb-corrected images are blanked below "
                         "pb 0.2): rms of the whole flat-noise image instead")  # fmt: skip
            sample = flat
    rms = robust_rms(sample)
    return ImageStats(
        rms=rms,
        peak=peak,
        peak_snr=peak / rms if rms > 0 else None,
        peak_pixel=(int(peak_index[1]), int(peak_index[0])),
        beam=beam_of(image, channel, stokes),
        unit=str(image.header.get("BUNIT", "")).strip(),
        method=method,
        npix=int(np.isfinite(sample).sum()),
        channel=plane_chan,
        pb=pb,
        mask=mask,
        notes=notes,
    )
