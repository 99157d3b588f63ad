"""List what a tar/tgz archive of the delivery holds, without extracting anything."""

from __future__ import annotations

import tarfile
import time
import zlib
from dataclasses import dataclass, field

from ..jobs import JobError
from ..words import human_size, plural

ARCHIVE_LIST_LIMIT = 5000
MAX_ENTRY_BYTES = 2_000_000


@dataclass(frozen=True)
class Entry:
    name: str
    kind: str  # "file", "folder", "link" (symbolic or hard), "other" (devices, FIFOs)
    size: int  # bytes (files only; 0 otherwise)
    mtime: float  # seconds since the epoch
    link: str = ""


@dataclass
class Listing:
    entries: list[Entry] = field(default_factory=list)
    problem: str = ""  # the archive is damaged or truncated: what tar said, after the entries it could read
    stopped: bool = False  # more than the limit: the listing stops

    @property
    def total(self) -> int:
        return sum(e.size for e in self.entries)

    @property
    def files(self) -> int:
        return sum(1 for e in self.entries if e.kind == "file")

    def summary(self) -> str:
        text = f"{plural(len(self.entries), 'entry', 'entries')} ({plural(self.files, 'file')}), "
        text += f"{human_size(self.total)} uncompressed"
        if self.stopped:
            text += f"; listing stopped after {len(self.entries):,} entries"
        return text


def _kind(member: tarfile.TarInfo) -> str:
    if member.isfile():
        return "file"
    if member.isdir():
        return "folder"
    if member.issym() or member.islnk():
        return "link"
    return "other"


def read_listing(path: str, limit: int = ARCHIVE_LIST_LIMIT) -> Listing:
    """The entries of a tar/tgz archive from its headers; a damaged or truncated archive gives what could be
    read and the problem."""
    listing = Listing()
    try:
        with tarfile.open(path, "r:*") as tar:
            for member in tar:
                if len(listing.entries) >= limit:
                    listing.stopped = True
                    break
                kind = _kind(member)
                listing.entries.append(Entry(member.name, kind, member.size if kind == "file" else 0,
                                             member.mtime, member.linkname))  # fmt: skip
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        if not listing.entries and isinstance(exc, tarfile.ReadError):  # tarfile tried every compression: one line
            listing.problem = "Not a tar archive, or damaged from its start"
        else:
            read = f" after {len(listing.entries):,} entries" if listing.entries else ""
            listing.problem = f"The archive is damaged or truncated{read}: {exc or type(exc).__name__}"
    return listing


def listing_text(listing: Listing) -> str:
    """The listing as text, one entry a line with its size and date; a damaged archive's problem at the end."""
    lines = []
    for e in listing.entries:
        suffix = "/" if e.kind == "folder" else (" -> " + e.link if e.kind == "link" else "")
        date = time.strftime("%Y-%m-%d %H:%M", time.localtime(e.mtime))
        lines.append(f"{human_size(e.size) if e.kind == 'file' else '':>10}  {date}  {e.name}{suffix}")
    if listing.problem:
        lines.append(listing.problem)
    return listing.summary() + "\n\n" + "\n".join(lines)


def read_entry(path: str, name: str, limit: int = MAX_ENTRY_BYTES) -> bytes:
    """The bytes of one small file of the archive, read into memory (nothing is written to disk)."""
    try:
        with tarfile.open(path, "r:*") as tar:
            for member in tar:
                if member.name != name:
                    continue
                if not member.isfile():
                    raise JobError(f"{name} is not a file in the archive.")
                if member.size > limit:
                    raise JobError(f"{name} holds {human_size(member.size)}: more than the {human_size(limit)} shown "
                                   "from an archive.")  # fmt: skip
                data = tar.extractfile(member)
                return data.read() if data is not None else b""
    except (tarfile.TarError, EOFError, zlib.error) as exc:
        raise JobError(f"Cannot read {name} from the archive (damaged or truncated): {exc}") from None
    raise JobError(f"{name} is not in the archive.")
