"""Unpacking a delivery's tar archives (the weblog above all) without trusting them: every entry is checked
before anything is written, by :mod:`qa2explorer.delivery.tar_safety` (absolute paths, ``..``, links out,
devices, size bombs). Python's own ``data`` filter is applied too. The result appears at once: it is unpacked into a
temporary folder beside the target and renamed into place, so an interrupted extraction leaves nothing half made.

Two streaming passes over the archive: the first reads the headers only (the data between them is inflated and
dropped, never written) and checks each entry as it comes, so a refusal comes before the first byte is written
(and a bomb's data is not even inflated: its size is refused at its header); the second unpacks. A single pass
that checks each entry just before writing it would save one inflation but could write up to the size bound
(gigabytes) before a later entry is refused. Gzip streams are inflated with ISA-L (``isal``: twice zlib's speed
on a weblog-like archive), so the two passes together take no longer than ``tar xzf`` (tests/benchmarks/
bench_weblog.py)."""

from __future__ import annotations

import os
import shutil
import tarfile
import tempfile
from typing import IO

from ..delivery.tar_safety import MAX_BYTES, MAX_ENTRIES, READ_ERRORS, check_member, open_tar, read_error_text
from ..jobs import CancelToken, JobError, Reporter

COPY_BUFFER = 1 << 20  # bytes per read while writing a file (tarfile's default is 16 kB)


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
        with open(archive, "rb") as raw, open_tar(raw) as tar:
            members, total = _checked_headers(tar, raw, token, report, max_bytes, max_entries)
            tar.copybufsize = COPY_BUFFER
            tar.extractall(partial, members=_unpacking(members, total, token, report), filter="data")
        os.rename(partial, dest)
    except (*READ_ERRORS, OSError) as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise JobError(f"cannot unpack {os.path.basename(archive)}: {read_error_text(exc)}") from None
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return dest


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
