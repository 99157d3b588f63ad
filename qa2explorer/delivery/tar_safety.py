"""What makes a tar entry safe to unpack, and opening a tar archive fast: one implementation for unpacking a
weblog (:mod:`qa2explorer.qa.safe_extract`) and importing archive downloads (:mod:`qa2explorer.download`).

Refused, with one line saying which entry and why: absolute paths, ``..`` that leaves the target, symbolic and
hard links pointing outside it, devices and FIFOs, and archives whose expanded size or entry count exceeds a
bound (a gzip bomb declares its sizes in the tar headers, read before any data is inflated). Gzip streams are
inflated with ISA-L (``isal``: twice zlib's speed)."""

from __future__ import annotations

import gzip
import os
import tarfile
import zlib
from typing import IO

from ..jobs import JobError

try:  # Intel ISA-L's inflater: the same gzip streams, decoded faster
    from isal import igzip as _gzip
    from isal.isal_zlib import error as InflateError
except ImportError:  # pragma: no cover - isal has wheels for x86-64 and ARM64; elsewhere, zlib
    _gzip = gzip
    InflateError = zlib.error

MAX_BYTES = 8 * 1024**3  # expanded size: a real weblog is 0.1–2 GB
MAX_ENTRIES = 500_000
_GZIP_MAGIC = b"\x1f\x8b"
_OTHER_MAGIC = (b"BZh", b"\xfd7zXZ")  # bzip2, xz: left to tarfile
# What reading a damaged archive raises (a truncated gzip stream: EOFError; a bad one: the inflater's error)
READ_ERRORS = (tarfile.TarError, EOFError, InflateError, zlib.error)


def check_members(members, max_bytes: int = MAX_BYTES, max_entries: int = MAX_ENTRIES) -> int:
    """Raise :class:`JobError` for the first entry that would escape or is not a plain file, folder or inside
    link; returns the expanded size in bytes. ``members`` may be any iterable: it is checked as it is read."""
    total = 0
    for count, m in enumerate(members, 1):
        total += check_member(m, count, total, max_bytes, max_entries)
    return total


def check_member(m: tarfile.TarInfo, count: int, total: int, max_bytes: int = MAX_BYTES,
                 max_entries: int = MAX_ENTRIES) -> int:  # fmt: skip
    """Check the ``count``-th entry, ``total`` bytes having come before it; returns its expanded size."""
    if count > max_entries:
        raise JobError(f"refused: too many entries, more than the {max_entries:,} allowed")
    name = m.name
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        raise JobError(f"refused: the entry {name!r} has an absolute path")
    if escapes(name):
        raise JobError(f"refused: the entry {name!r} leads outside the folder it is unpacked into")
    if m.issym() and (os.path.isabs(m.linkname) or escapes(os.path.join(os.path.dirname(name), m.linkname))):
        raise JobError(f"refused: the link {name!r} points outside the archive ({m.linkname!r})")
    if m.islnk() and (os.path.isabs(m.linkname) or escapes(m.linkname)):
        raise JobError(f"refused: the hard link {name!r} points outside the archive ({m.linkname!r})")
    if not (m.isfile() or m.isdir() or m.issym() or m.islnk()):
        raise JobError(f"refused: the entry {name!r} is a device or FIFO, not a file")
    size = m.size if m.isfile() else 0
    if total + size > max_bytes:
        raise JobError(f"refused: it expands to more than {max_bytes / 1024**3:.1f} GB (a decompression bomb?)")
    return size


def escapes(path: str) -> bool:
    """Whether a relative path goes above its starting folder at any point."""
    depth = 0
    for part in path.replace("\\", "/").split("/"):
        if part == "..":
            depth -= 1
            if depth < 0:
                return True
        elif part not in ("", "."):
            depth += 1
    return False


def open_tar(raw: IO[bytes]) -> tarfile.TarFile:
    """A tar file over ``raw``: gzip inflated with ISA-L, plain tar as it is, bzip2/xz by tarfile itself. Raises
    EOFError for a truncated archive and ``tarfile.ReadError('not a tar archive')`` for anything else."""
    magic = raw.read(6)
    raw.seek(0)
    try:
        if magic.startswith(_GZIP_MAGIC):
            return tarfile.open(fileobj=_Forward(_gzip.GzipFile(fileobj=raw, mode="rb")), mode="r:")
        return tarfile.open(fileobj=raw, mode="r:*" if magic.startswith(_OTHER_MAGIC) else "r:")
    except tarfile.ReadError as exc:
        if isinstance(exc.__context__, EOFError):
            raise EOFError from None
        raise tarfile.ReadError("not a tar archive") from None


class _Forward:
    """The inflated stream, skipped forward in large reads: tarfile skips an entry's data by seeking, which a
    gzip file does by inflating small pieces; in 4 MB reads a walk over a weblog's headers is a quarter faster (every
    reader of a gzipped archive here goes through it: the weblog's scores, its unpacking, an import's plan)."""

    CHUNK = 4 * 1024**2

    def __init__(self, stream):
        self.stream = stream
        self.pos = 0

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.pos += len(data)
        return data

    def seek(self, offset: int, whence: int = 0) -> int:
        target = offset if whence == 0 else self.pos + offset
        if target < self.pos:  # backwards: the gzip file starts again from the top
            self.pos = self.stream.seek(target)
        while self.pos < target:
            data = self.stream.read(min(target - self.pos, self.CHUNK))
            if not data:
                break
            self.pos += len(data)
        return self.pos

    def tell(self) -> int:
        return self.pos


def read_error_text(exc: BaseException) -> str:
    """'truncated' for an archive that ends early, else the first line of what the reader said."""
    if isinstance(exc, EOFError) or "unexpected end" in str(exc):
        return "truncated"
    return str(exc).split("\n")[0] or exc.__class__.__name__
