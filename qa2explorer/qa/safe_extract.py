"""Unpacking a delivery's tar archives (the weblog above all) without trusting them: every entry is checked
before anything is written. Refused, with one line saying which entry and why: absolute paths, ``..`` that leaves
the target, symbolic and hard links pointing outside it, devices and FIFOs, and archives whose expanded size or
entry count exceeds a bound (a gzip bomb declares its sizes in the tar headers, read before any data is
inflated). Python's own ``data`` filter is applied too. The result appears at once: it is unpacked into a
temporary folder beside the target and renamed into place, so an interrupted extraction leaves nothing half made."""

from __future__ import annotations

import os
import shutil
import tarfile
import tempfile

from ..jobs import CancelToken, JobError, Reporter

MAX_BYTES = 8 * 1024**3  # expanded size: a real weblog is 0.1–2 GB
MAX_ENTRIES = 500_000


def check_members(members: list[tarfile.TarInfo], max_bytes: int = MAX_BYTES, max_entries: int = MAX_ENTRIES) -> int:
    """Raise :class:`JobError` for the first entry that would escape or is not a plain file, folder or inside
    link; returns the expanded size in bytes."""
    if len(members) > max_entries:
        raise JobError(f"refused: {len(members):,} entries, more than the {max_entries:,} allowed")
    total = 0
    for m in members:
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
        total += m.size if m.isfile() else 0
        if total > max_bytes:
            raise JobError(f"refused: it expands to more than {max_bytes / 1024**3:.1f} GB (a decompression bomb?)")
    return total


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
    :class:`JobError` with one line for a refused, truncated or unreadable archive; nothing is left behind then."""
    token = token or CancelToken()
    if os.path.exists(dest):
        raise JobError(f"{dest} already exists")
    parent = os.path.dirname(os.path.abspath(dest))
    os.makedirs(parent, exist_ok=True)
    partial = tempfile.mkdtemp(prefix=".partial-", dir=parent)
    try:
        with tarfile.open(archive, "r:*") as tar:
            members = tar.getmembers()  # reads every header (and so the whole compressed stream) first
            total = check_members(members, max_bytes, max_entries)
            done = 0
            for m in members:
                token.check()
                tar.extract(m, partial, filter="data")
                done += m.size if m.isfile() else 0
                if report is not None and total:
                    report.progress(done / total, f"{done / 1024**2:,.0f} of {total / 1024**2:,.0f} MB")
        os.rename(partial, dest)
    except (tarfile.TarError, EOFError, OSError) as exc:
        shutil.rmtree(partial, ignore_errors=True)
        reason = "truncated" if isinstance(exc, EOFError) or "unexpected end" in str(exc) else str(exc)
        raise JobError(f"cannot unpack {os.path.basename(archive)}: {reason or exc.__class__.__name__}") from None
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return dest
