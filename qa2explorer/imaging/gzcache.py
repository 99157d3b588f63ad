"""Inflate gzipped FITS files once into the user cache, so any channel of them reads like a plain file.

Entries are keyed by the file's real path, size and modification time (a changed file is inflated again),
written under a temporary name and renamed when complete (a cancelled or failed inflation leaves nothing
half-written), and evicted oldest-used first when the cache grows beyond its limit. The delivery itself is
never written to.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import platformdirs

from ..jobs import Cancelled, JobError, Reporter
from .fitsfile import ImageFile

DEFAULT_LIMIT_BYTES = 20 * 1000**3
READ_CHUNK = 4 << 20
_SUFFIX = ".fits"


def cache_dir() -> str:
    return os.path.join(platformdirs.user_cache_dir("qa2explorer"), "inflated")


@dataclass
class GzCache:
    folder: str
    limit_bytes: int = DEFAULT_LIMIT_BYTES

    @classmethod
    def default(cls) -> GzCache:
        return cls(cache_dir())

    def key(self, path: str) -> str:
        st = os.stat(path)
        ident = f"{os.path.realpath(path)}\0{st.st_size}\0{st.st_mtime_ns}"
        return hashlib.sha256(ident.encode("utf-8", "surrogateescape")).hexdigest()[:32]

    def entry(self, path: str) -> str:
        return os.path.join(self.folder, self.key(path) + _SUFFIX)

    def lookup(self, path: str) -> str | None:
        """The inflated copy of ``path`` if it is cached (and marks it used), else None."""
        entry = self.entry(path)
        if not os.path.isfile(entry):
            return None
        os.utime(entry)
        return entry

    def inflate(self, path: str, should_stop: Callable[[], bool] | None = None,
                on_progress: Callable[[int, int], None] | None = None) -> str:  # fmt: skip
        """Inflate ``path`` into the cache (if not there yet) and return the inflated file's path.
        ``on_progress(compressed bytes read, compressed size)`` reports as it goes."""
        entry = self.entry(path)
        with _lock_for(entry):  # two jobs asking for the same file: the second waits, then finds it cached
            found = self.lookup(path)
            if found is not None:
                return found
            os.makedirs(self.folder, exist_ok=True)
            total = os.path.getsize(path)
            self._make_room(total * 3)
            fd, partial = tempfile.mkstemp(dir=self.folder, suffix=".part")
            try:
                with open(path, "rb") as src, os.fdopen(fd, "wb") as dst:
                    _inflate_stream(src, dst, total, should_stop, on_progress)
                os.replace(partial, entry)
            except BaseException:
                if os.path.exists(partial):
                    os.remove(partial)
                raise
        self._make_room(0)
        return entry

    def entries(self) -> list[tuple[str, int, float]]:
        """(path, size, last use) of every complete entry."""
        out = []
        try:
            with os.scandir(self.folder) as it:
                for e in it:
                    if e.name.endswith(_SUFFIX):
                        st = e.stat()
                        out.append((e.path, st.st_size, st.st_mtime))
        except FileNotFoundError:
            pass
        return out

    def size(self) -> int:
        return sum(size for _, size, _ in self.entries())

    def _make_room(self, incoming: int) -> None:
        """Evict the least recently used entries until the cache plus ``incoming`` bytes fit the limit."""
        entries = sorted(self.entries(), key=lambda e: e[2])
        used = sum(size for _, size, _ in entries)
        while entries and used + incoming > self.limit_bytes:
            victim, size, _ = entries.pop(0)
            os.remove(victim)
            used -= size


def open_image(path: str, cache: GzCache | None = None, report: Reporter | None = None) -> ImageFile:
    """An image ready for any read: a gzipped one is inflated into the cache first (once), with progress
    through ``report`` when given."""
    image = ImageFile(path)
    if image.compressed:
        progress = should_stop = None
        if report is not None:
            name = os.path.basename(path)
            report.phase("inflate", f"Inflating {name} into the cache (once)…", 0.0)

            def progress(done: int, total: int) -> None:
                report.progress(done / max(1, total), f"Inflating {name}… {done / 1e6:,.0f} of {total / 1e6:,.0f} MB")

            def should_stop() -> bool:
                return report.token.cancelled

        image.inflated = (cache or GzCache.default()).inflate(path, should_stop, progress)
    return image


_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def _lock_for(entry: str) -> threading.Lock:
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(entry, threading.Lock())


def _inflate_stream(src, dst, total: int, should_stop, on_progress) -> None:
    """zlib straight into the output (gzip's own reader copies more), member after member (``gzip``
    concatenations are valid gzip files)."""
    inflater = zlib.decompressobj(wbits=31)
    done = 0
    at_boundary = False  # the last byte read ended a gzip member
    while True:
        chunk = src.read(READ_CHUNK)
        if not chunk:
            break
        done += len(chunk)
        while chunk:
            try:
                dst.write(inflater.decompress(chunk))
            except zlib.error as exc:
                raise JobError(f"The gzip file is damaged: {exc}") from exc
            at_boundary = inflater.eof
            if inflater.eof:  # another gzip member may follow
                chunk = inflater.unused_data
                inflater = zlib.decompressobj(wbits=31)
            else:
                chunk = b""
        if should_stop is not None and should_stop():
            raise Cancelled
        if on_progress is not None:
            on_progress(done, total)
    if done and not at_boundary:
        raise JobError("The gzip file is truncated: it ends before its compressed data does.")
