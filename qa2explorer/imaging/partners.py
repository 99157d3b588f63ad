"""What an image can be compared with, side by side: the same image with and without self-calibration, a
continuum image's spectral index (masked where its error is large), and the other spectral windows of its
target. Found beside the image on disk, from the decoded names."""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from ..delivery.imagesets import role_of
from ..delivery.names import DecodedName, decode
from ..words import natural_key

SELFCAL = "selfcal"
ALPHA = "alpha"
SPW = "spw"
ALPHA_ERROR_LIMIT = 0.3  # hide the spectral index where its error is above this, by default


@dataclass(frozen=True)
class Partner:
    kind: str  # SELFCAL, ALPHA or SPW
    label: str  # what the menu says
    path: str


def _shown(d: DecodedName) -> bool:
    """An image a user looks at (the pb-corrected image, or the plain image when there is no pbcor)."""
    return d.kind == "image_product" and role_of(d) in ("pbcor", "image", "pbcor.tt0", "image.tt0")


def _calibration(d: DecodedName) -> str:
    return "self-calibrated" if d.calibration == SELFCAL else "not self-calibrated"


def _spws(d: DecodedName) -> str:
    return "spw " + ", ".join(str(s) for s in d.spws) if d.spws else "no spw"


def comparison_partners(path: str) -> list[Partner]:
    """The images ``path`` can be compared with, most telling first."""
    me = decode(os.path.basename(path))
    if me.kind != "image_product" or not me.target or not (_shown(me) or me.taylor == "alpha"):
        return []  # a pb, mask, residual or model is looked at within its image set
    folder = os.path.dirname(path) or "."
    try:
        names = sorted(os.listdir(folder), key=natural_key)
    except OSError:
        return []
    others = [(name, decode(name)) for name in names if name != os.path.basename(path)]
    same_target = [(n, d) for n, d in others if d.kind == "image_product" and d.target == me.target
                   and d.intent == me.intent and d.stokes == me.stokes]  # fmt: skip
    found: list[Partner] = []

    def add(kind: str, label: str, name: str) -> None:
        found.append(Partner(kind, label, os.path.join(folder, name)))

    for name, d in same_target:  # with and without self-calibration
        if (_shown(d) and (d.spws, d.specmode, d.taylor) == (me.spws, me.specmode, me.taylor)
                and d.calibration != me.calibration):  # fmt: skip
            add(SELFCAL, f"{_calibration(d).capitalize()} ({_spws(d)} {d.specmode or ''})".replace(" )", ")"), name)
    for name, d in same_target:  # a continuum image and its spectral index
        if (d.spws, d.calibration) != (me.spws, me.calibration):
            continue
        if d.taylor == "alpha" and _shown(me) and me.taylor in (None, "tt0"):
            masked = alpha_error_of(os.path.join(folder, name)) is not None
            add(ALPHA, "Spectral index (alpha" + (", masked where its error is large)" if masked else ")"), name)
        elif me.taylor == "alpha" and _shown(d) and d.taylor in (None, "tt0"):
            add(ALPHA, f"The continuum image ({d.taylor or 'mfs'})", name)
    for name, d in same_target:  # the target's other spectral windows
        if (_shown(d) and d.specmode == me.specmode and d.calibration == me.calibration and d.spws != me.spws
                and d.taylor == me.taylor):  # fmt: skip
            add(SPW, f"{_spws(d).capitalize()} ({d.specmode or 'image'})", name)
    return found


def alpha_error_of(path: str) -> str | None:
    """The ``alpha.error`` image beside a spectral-index image ``path``, if there is one."""
    name = os.path.basename(path)
    if decode(name).taylor != "alpha":
        return None
    for candidate in (name.replace(".alpha.fits", ".alpha.error.fits"), name.replace(".alpha.", ".alpha.error.")):
        full = os.path.join(os.path.dirname(path) or ".", candidate)
        if candidate != name and os.path.isfile(full):
            return full
    return None


def masked_alpha(alpha: np.ndarray, error: np.ndarray | None, limit: float = ALPHA_ERROR_LIMIT) -> np.ndarray:
    """The spectral index with the pixels whose error is above ``limit`` (or unknown) blanked."""
    if error is None:
        return alpha
    out = alpha.astype(np.float32, copy=True)
    with np.errstate(invalid="ignore"):
        out[~(np.abs(error) <= limit)] = np.nan
    return out


def other_rest_frequencies(path: str, rest_hz: float | None, partners: list[Partner]) -> list[tuple[str, float]]:
    """(spw label, rest frequency in Hz) of the target's other cubes beside ``path`` whose rest frequency
    differs from ``rest_hz`` (``partners``: from :func:`comparison_partners`): their velocities refer to
    another line, which a user comparing velocities needs to know. Headers only; unreadable files are
    skipped."""
    from .fitsfile import FitsError, ImageFile

    me = decode(os.path.basename(path))
    if me.specmode != "cube" or not rest_hz:
        return []
    out = []
    for partner in partners:
        d = decode(os.path.basename(partner.path))
        if d.specmode != "cube" or partner.kind != SPW:
            continue
        try:
            header = ImageFile(partner.path).header
            other = float(header.get("RESTFRQ", header.get("RESTFREQ", 0.0)) or 0.0)
        except (FitsError, ValueError, TypeError):
            continue
        if other > 0 and abs(other - rest_hz) > 1.0:  # 1 Hz: the same line written twice
            out.append((_spws(d), other))
    return out
