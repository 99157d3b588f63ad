"""Read the primary header of a FITS file (plain or gzipped) without reading its data."""

from __future__ import annotations

import warnings

from astropy.io import fits
from astropy.utils.exceptions import AstropyWarning

from ..jobs import JobError


class FitsError(JobError):
    """The file is not a readable FITS file; ``str(exc)`` says why in one line."""


def read_header(path: str) -> fits.Header:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", AstropyWarning)
            with fits.open(path, lazy_load_hdus=True, memmap=False) as hdul:
                header = hdul[0].header.copy()
                extensions = [(h.name, type(h).__name__) for h in hdul[1:]] if len(hdul) > 1 else []
    except (OSError, ValueError, EOFError, IndexError) as exc:
        raise FitsError(f"Not a readable FITS file: {exc}") from exc
    for name, kind in extensions:
        header.add_comment(f"qa2explorer: extension {name} ({kind})")
    return header


def header_text(path: str) -> str:
    """The header as 80-column cards, one per line."""
    return "\n".join(str(card).rstrip() for card in read_header(path).cards)
