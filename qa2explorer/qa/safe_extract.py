"""Unpacking a delivery's tar archives (the weblog above all) without trusting them: every entry is checked
before anything is written. Refused, with one line saying which entry and why: absolute paths, ``..`` that leaves
the target, symbolic and hard links pointing outside it, devices and FIFOs, and archives whose expanded size or
entry count exceeds a bound (a gzip bomb declares its sizes in the tar headers, read before any data is
inflated). Python's own ``data`` filter is applied too. The result appears at once: it is unpacked into a
temporary folder beside the target and renamed into place, so an interrupted extraction leaves nothing half made.

Two streaming passes over the archive: the first reads the headers only (the data between them is inflated and
dropped, never written) and checks each entry as it comes, so a refusal comes before the first byte is written
(and a bomb's data is not even inflated: its size is refused at its header); the second unpacks. A single pass
that checks each entry just before writing it would save one inflation but could write up to the size bound
(gigabytes) before a later entry is refused. Gzip streams are inflated with ISA-L (``isal``: twice zlib's speed
on a weblog-like archive), so the two passes together take no longer than ``tar xzf`` (tests/benchmarks/
bench_weblog.py)."""

from __future__ import annotations

import gzip
import os
import shutil
import tarfile
import tempfile
import zlib
from typing import IO

from ..jobs import CancelToken, JobError, Reporter

try:  # Intel ISA-L's inflater: the same gzip streams, decoded faster
    from isal import igzip as _gzip
    from isal.isal_zlib import error as _InflateError
except ImportError:  # pragma: no cover - isal has wheels for x86-64 and ARM64; elsewhere, zlib
    _gzip = gzip
    _InflateError = zlib.error

MAX_BYTES = 8 * 1024**3  # expanded size: a real weblog is 0.1–2 GB
MAX_ENTRIES = 500_000
COPY_BUFFER = 1 << 20  # bytes per read while writing a file (tarfile's default is 16 kB)
_GZIP_MAGIC = b"\x1f\x8b"
_OTHER_MAGIC = (b"BZh", b"\xfd7zXZ")  # bzip2, xz: left to tarfile


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
    if _escapes(name):
        raise JobError(f"refused: the entry {name!r} leads outside the folder it is unpacked into")
    if m.issym() and (os.path.isabs(m.linkname) or _escapes(os.path.join(os.path.dirname(name), m.linkname))):
        raise JobError(f"refused: the link {name!r} points outside the archive ({m.linkname!r})")
    if m.islnk() and (os.path.isabs(m.linkname) or _escapes(m.linkname)):
        raise JobError(f"refused: the hard link {name!r} points outside the archive ({m.linkname!r})")
    if not (m.isfile() or m.isdir() or m.issym() or m.islnk()):
        raise JobError(f"refused: the entry {name!r} is a device or FIFO, not a file")
    size = m.size if m.isfile() else 0
    if total + size > max_bytes:
        raise JobError(f"refused: it expands to more than {max_bytes / 1024**3:.1f} GB (a decompression bomb?)")
    return size


def _escapes(path: str) -> bool:
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


def extract(archive: str, dest: str, token: CancelToken | None = None, report: Reporter | None = None,
            max_bytes: int = MAX_BYTES, max_entries: int = MAX_ENTRIES) -> str:  # fmt: skip
    """Unpack ``archive`` into the folder ``dest`` (made; it must not exist yet) and return ``dest``. Raises
    :class:`JobError` with one line for a refused, truncated or unreadable archive; nothing is left behind then.
    Progress: the check is the first 15 %, the unpacking the rest."""
    token = token or CancelToken()
    if os.path.exists(dest):
        raise JobError(f"{dest} already exists")
    parent = os.path.dirname(os.path.abspath(dest))
    os.makedirs(parent, exist_ok=True)
    partial = tempfile.mkdtemp(prefix=".partial-", dir=parent)
    try:
        with open(archive, "rb") as raw, _open_tar(raw) as tar:
            members, total = _checked_headers(tar, raw, token, report, max_bytes, max_entries)
            tar.copybufsize = COPY_BUFFER
            tar.extractall(partial, members=_unpacking(members, total, token, report), filter="data")
        os.rename(partial, dest)
    except (tarfile.TarError, EOFError, OSError, _InflateError, zlib.error) as exc:
        shutil.rmtree(partial, ignore_errors=True)
        reason = "truncated" if isinstance(exc, EOFError) or "unexpected end" in str(exc) else str(exc).split("\n")[0]
        raise JobError(f"cannot unpack {os.path.basename(archive)}: {reason or exc.__class__.__name__}") from None
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return dest


def _open_tar(raw: IO[bytes]) -> tarfile.TarFile:
    """A tar file over ``raw``: gzip inflated with ISA-L, plain tar as it is, bzip2/xz by tarfile itself."""
    magic = raw.read(6)
    raw.seek(0)
    try:
        if magic.startswith(_GZIP_MAGIC):
            return tarfile.open(fileobj=_gzip.GzipFile(fileobj=raw, mode="rb"), mode="r:")
        return tarfile.open(fileobj=raw, mode="r:*" if magic.startswith(_OTHER_MAGIC) else "r:")
    except tarfile.ReadError as exc:
        if isinstance(exc.__context__, EOFError):
            raise EOFError from None
        raise tarfile.ReadError("not a tar archive") from None


def _checked_headers(tar: tarfile.TarFile, raw: IO[bytes], token: CancelToken, report: Reporter | None,
                     max_bytes: int, max_entries: int) -> tuple[list[tarfile.TarInfo], int]:  # fmt: skip
    """First pass: every header, each checked as soon as it is read (before the data behind it is inflated)."""
    size = max(os.fstat(raw.fileno()).st_size, 1)
    members: list[tarfile.TarInfo] = []
    total = 0
    while True:
        token.check()
        m = tar.next()
        if m is None:
            break
        members.append(m)
        total += check_member(m, len(members), total, max_bytes, max_entries)
        if report is not None and len(members) % 200 == 0:
            report.progress(0.15 * raw.tell() / size, f"checking: {len(members):,} entries")
    return members, total


def _unpacking(members: list[tarfile.TarInfo], total: int, token: CancelToken, report: Reporter | None):
    """Second pass: the members for ``extractall``, with cancel checks and progress between them."""
    done = 0
    for m in members:
        token.check()
        yield m
        done += m.size if m.isfile() else 0
        if report is not None and total:
            report.progress(0.15 + 0.85 * done / total, f"{done / 1024**2:,.0f} of {total / 1024**2:,.0f} MB")
