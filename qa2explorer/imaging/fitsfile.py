"""Read FITS images a plane or a spectrum at a time, never a whole cube.

FITS stores NAXIS1 (x) fastest, then NAXIS2 (y), then the spectral and Stokes axes in either order: one plane
(one channel of one Stokes) is one contiguous run of bytes. A plain file is read with ``os.pread`` at computed
offsets (a channel is one read; a spectrum one small read per channel, which a memory map would turn into
read-ahead of the whole cube). A gzipped file cannot be seeked: its first planes are streamed (inflating only
what comes before them), and for anything else it is inflated once into the user cache
(:mod:`.gzcache`), after which it reads like a plain file.
"""

from __future__ import annotations

import gzip
import os
import warnings
import zlib
from dataclasses import dataclass

import numpy as np

from ..jobs import JobError
from .fitsheader import Header, HeaderError, read_header


class FitsError(JobError):
    """The file is not a readable FITS image; ``str(exc)`` says why in one line."""


SPECTRAL_TYPES = ("FREQ", "VRAD", "VOPT", "VELO", "FELO", "WAVE", "ZOPT", "BETA", "ENER")
_DTYPES = {8: ">u1", 16: ">i2", 32: ">i4", 64: ">i8", -32: ">f4", -64: ">f8"}
GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class Layout:
    """Where the pixels of a FITS image are: axes, sizes, sample type and the offset of the data."""

    nx: int
    ny: int
    nchan: int
    nstokes: int
    spectral_axis: int | None  # 0-based FITS axis index (2 or 3), None without a spectral axis
    stokes_axis: int | None
    dtype: np.dtype
    bscale: float
    bzero: float
    blank: int | None
    data_offset: int
    stokes_codes: tuple[int, ...]  # FITS Stokes codes of the planes: 1 I, 2 Q, 3 U, 4 V, -5 XX…

    @property
    def plane_bytes(self) -> int:
        return self.nx * self.ny * self.dtype.itemsize

    def plane_index(self, chan: int, stokes: int = 0) -> int:
        if not (0 <= chan < self.nchan and 0 <= stokes < self.nstokes):
            raise FitsError(f"No plane for channel {chan}, Stokes index {stokes}: the image has {self.nchan} "
                            f"channel(s) and {self.nstokes} Stokes plane(s).")  # fmt: skip
        if self.stokes_axis is not None and self.spectral_axis is not None and self.stokes_axis < self.spectral_axis:
            return chan * self.nstokes + stokes
        return stokes * self.nchan + chan

    def plane_offset(self, chan: int, stokes: int = 0) -> int:
        return self.data_offset + self.plane_index(chan, stokes) * self.plane_bytes

    def plane_offsets(self, chans: list[int], stokes: int = 0) -> list[int]:
        """:meth:`plane_offset` of many channels at once (a spectrum asks for every channel)."""
        if chans:
            self.plane_index(min(chans), stokes), self.plane_index(max(chans), stokes)  # range checks, once
        size = self.plane_bytes
        if self.stokes_axis is not None and self.spectral_axis is not None and self.stokes_axis < self.spectral_axis:
            return [self.data_offset + (c * self.nstokes + stokes) * size for c in chans]
        base = self.data_offset + stokes * self.nchan * size
        return [base + c * size for c in chans]


STOKES_NAMES = {1: "I", 2: "Q", 3: "U", 4: "V", -1: "RR", -2: "LL", -3: "RL", -4: "LR", -5: "XX", -6: "YY",
                -7: "XY", -8: "YX"}  # fmt: skip


def read_layout(header: Header, data_offset: int) -> Layout:
    """The layout of the primary image described by ``header``. Raises :class:`FitsError` for files that are
    no image the viewer can show (one axis, several non-degenerate axes beyond spectral and Stokes)."""
    naxis = int(header.get("NAXIS", 0))
    if naxis < 2:
        raise FitsError(f"No image in this file (NAXIS = {naxis}).")
    dims = [int(header.get(f"NAXIS{i}", 0)) for i in range(1, naxis + 1)]
    if dims[0] < 1 or dims[1] < 1:
        raise FitsError(f"The image is empty ({dims[0]} × {dims[1]} pixels).")
    bitpix = int(header.get("BITPIX", 0))
    if bitpix not in _DTYPES:
        raise FitsError(f"Unknown sample type BITPIX = {bitpix}.")
    spectral = stokes = None
    others = []
    for axis in range(2, naxis):
        ctype = str(header.get(f"CTYPE{axis + 1}", "")).upper()
        if ctype.startswith("STOKES"):
            stokes = axis
        elif ctype.split("-")[0] in SPECTRAL_TYPES and spectral is None:
            spectral = axis
        elif dims[axis] > 1:
            others.append(axis)
    if others and spectral is None:
        spectral = others.pop(0)  # an unlabelled third axis is taken as the channel axis
    if others:
        sizes = " × ".join(str(d) for d in dims)
        raise FitsError(
            f"The image has {naxis} axes ({sizes}) with more than one non-degenerate axis besides the spectral "
            "and Stokes axes; qa2explorer shows 2-D images, cubes and Stokes cubes."
        )
    nstokes = dims[stokes] if stokes is not None else 1
    codes = tuple(_stokes_code(header, stokes, i) for i in range(nstokes)) if stokes is not None else (1,)
    blank = header.get("BLANK") if bitpix > 0 else None
    return Layout(
        nx=dims[0],
        ny=dims[1],
        nchan=dims[spectral] if spectral is not None else 1,
        nstokes=nstokes,
        spectral_axis=spectral,
        stokes_axis=stokes,
        dtype=np.dtype(_DTYPES[bitpix]),
        bscale=float(header.get("BSCALE", 1.0)),
        bzero=float(header.get("BZERO", 0.0)),
        blank=int(blank) if blank is not None else None,
        data_offset=data_offset,
        stokes_codes=codes,
    )


def _stokes_code(header: Header, axis: int, index: int) -> int:
    n = axis + 1
    crval, cdelt, crpix = (float(header.get(f"{k}{n}", d)) for k, d in (("CRVAL", 1), ("CDELT", 1), ("CRPIX", 1)))
    return int(round(crval + (index + 1 - crpix) * cdelt))


def is_gzip(path: str) -> bool:
    with open(path, "rb") as f:
        return f.read(2) == GZIP_MAGIC


class ImageFile:
    """A FITS image on disk. Reads are independent (no open file is kept), so one instance may serve several
    threads; a file that vanishes or is truncated gives a :class:`FitsError`, never a crash."""

    def __init__(self, path: str, inflated: str | None = None):
        self.path = path
        try:
            st = os.stat(path)
            self.compressed = is_gzip(path)
            self.header, offset = _read_header(path, self.compressed)
        except FitsError:
            raise
        except (OSError, EOFError, zlib.error) as exc:
            raise FitsError(f"Not a readable FITS file: {exc}") from exc
        self.size, self.mtime_ns = st.st_size, st.st_mtime_ns
        self.layout = read_layout(self.header, offset)
        self.inflated = inflated  # the inflated copy of a gzipped file, once it exists (see gzcache)

    @property
    def seekable(self) -> bool:
        """True when any plane or spectrum can be read directly (plain file, or gzip already inflated)."""
        return not self.compressed or self.inflated is not None

    @property
    def source(self) -> str:
        return self.inflated or self.path

    @property
    def shape(self) -> tuple[int, int, int, int]:
        """(nstokes, nchan, ny, nx)."""
        lay = self.layout
        return lay.nstokes, lay.nchan, lay.ny, lay.nx

    @property
    def missing_planes(self) -> int:
        """How many planes a truncated plain file lacks at its end (0 for a whole file, or a gzipped one)."""
        if not self.seekable:
            return 0
        lay = self.layout
        total = lay.nchan * lay.nstokes
        try:
            held = max(0, self.data_end() - lay.data_offset) // max(1, lay.plane_bytes)
        except FitsError:
            return 0
        return max(0, total - held)

    # -- planes ------------------------------------------------------------------------------------------
    def plane(self, chan: int = 0, stokes: int = 0) -> np.ndarray:
        """One plane as float32 (ny, nx), blanks as NaN."""
        lay = self.layout
        offset = lay.plane_offset(chan, stokes)
        if self.seekable:
            raw = self._pread(offset, lay.plane_bytes)
        else:
            raw = _stream_read(self.path, offset, lay.plane_bytes)
        if len(raw) < lay.plane_bytes:
            raise FitsError(f"The file is truncated: channel {chan} lies beyond its end "
                            f"({self.size:,} bytes on disk).")  # fmt: skip
        return self._scaled(np.frombuffer(raw, dtype=lay.dtype).reshape(lay.ny, lay.nx))

    def data_end(self) -> int:
        """The size of the readable file (the inflated copy of a gzipped one)."""
        try:
            return os.path.getsize(self.source)
        except OSError as exc:
            raise FitsError(f"The file cannot be read any more: {exc.strerror}.") from exc

    def _pread(self, offset: int, length: int) -> bytes:
        try:
            fd = os.open(self.source, os.O_RDONLY)
        except OSError as exc:
            raise FitsError(f"The file cannot be read any more: {exc.strerror}.") from exc
        try:
            return os.pread(fd, length, offset)
        finally:
            os.close(fd)

    def _scaled(self, raw: np.ndarray) -> np.ndarray:
        lay = self.layout
        data = raw.astype(np.float32)
        if lay.blank is not None:
            data[raw == lay.blank] = np.nan
        if lay.bscale != 1.0 or lay.bzero != 0.0:
            data = data * np.float32(lay.bscale) + np.float32(lay.bzero)
        return data

    # -- spectra -----------------------------------------------------------------------------------------
    def spectrum(self, x: int, y: int, stokes: int = 0, box: int = 1, channels: range | None = None,
                 on_partial=None, should_stop=None, partial_every: int = 64) -> np.ndarray:  # fmt: skip
        """The mean of the ``box`` × ``box`` pixels around (x, y) in every channel (NaN where all are blank).

        Reads only those pixels: one read per box row and channel. ``on_partial(values)`` receives the
        spectrum so far (NaN where not read yet) every ``partial_every`` channels.
        """
        lay = self.layout
        if not self.seekable:
            raise FitsError("This file is gzipped: inflate it first (the viewer does it once, into the cache).")
        half = max(1, box) // 2
        x0, x1 = max(0, x - half), min(lay.nx, x - half + max(1, box))
        y0, y1 = max(0, y - half), min(lay.ny, y - half + max(1, box))
        if x0 >= x1 or y0 >= y1:
            raise FitsError(f"Pixel ({x}, {y}) is outside the image ({lay.nx} × {lay.ny}).")
        item = lay.dtype.itemsize
        row_bytes = (x1 - x0) * item
        nrows = y1 - y0
        chans = list(channels if channels is not None else range(lay.nchan))
        offsets = lay.plane_offsets(chans, stokes)
        on_disk = self.data_end() - lay.plane_bytes
        if offsets and max(offsets) > on_disk:  # a truncated file: the channels it holds (the rest stay NaN)
            held = [(c, o) for c, o in zip(chans, offsets, strict=True) if o <= on_disk]
            if not held:
                raise FitsError("The file is truncated: none of its channels is complete on disk.")
            chans, offsets = [c for c, _ in held], [o for _, o in held]
        starts = [offset + x0 * item for offset in offsets]
        row_offsets = [yy * lay.nx * item for yy in range(y0, y1)]
        out = np.full(lay.nchan, np.nan, dtype=np.float64)
        pread = os.pread
        fd = os.open(self.source, os.O_RDONLY)
        try:
            for first in range(0, len(chans), partial_every):
                batch = chans[first : first + partial_every]
                batch_starts = starts[first : first + len(batch)]
                if nrows == 1:  # one pixel (or one row): one read per channel, nothing more
                    r = row_offsets[0]
                    raw = b"".join([pread(fd, row_bytes, start + r) for start in batch_starts])
                else:
                    raw = b"".join([pread(fd, row_bytes, start + r) for start in batch_starts for r in row_offsets])
                if len(raw) < row_bytes * nrows * len(batch):
                    raise FitsError(f"The file is truncated: channel {batch[-1]} lies beyond its end.")
                values = self._scaled(np.frombuffer(raw, dtype=lay.dtype)).reshape(len(batch), -1)
                if values.shape[1] == 1:  # one pixel: its values are the spectrum (no mean, no warnings to catch)
                    out[batch] = values[:, 0]
                else:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore", RuntimeWarning)  # all-blank channels: NaN, said by NaN
                        out[batch] = np.nanmean(values, axis=1)
                if on_partial is not None and first + len(batch) < len(chans):
                    if should_stop is not None and should_stop():
                        break
                    on_partial(out.copy())
        finally:
            os.close(fd)
        return out


def _read_header(path: str, compressed: bool) -> tuple[Header, int]:
    opener = gzip.open if compressed else open
    with opener(path, "rb") as f:
        try:
            return read_header(f)
        except HeaderError as exc:
            raise FitsError(f"Not a readable FITS file: {exc}.") from exc


STREAM_CHUNK = 1 << 20


def _stream_read(path: str, offset: int, length: int) -> bytes:
    """``length`` bytes at ``offset`` of the inflated content of a gzip file, inflating only what comes
    before them (the first channel of a gzipped pb appears at once)."""
    try:
        with gzip.open(path, "rb") as f:
            skip = offset
            while skip > 0:
                got = f.read(min(skip, 16 * STREAM_CHUNK))
                if not got:
                    return b""
                skip -= len(got)
            return f.read(length)
    except (OSError, EOFError, zlib.error) as exc:
        raise FitsError(f"The gzip file is damaged or truncated: {exc}") from exc
