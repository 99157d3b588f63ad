"""Inflate gzipped FITS files once into the user cache, so any channel of them reads like a plain file.

Entries are keyed by the file's real path, size and modification time (a changed file is inflated again),
written under a temporary name and renamed when complete (a cancelled or failed inflation leaves nothing
half-written), and evicted oldest-used first when the cache grows beyond its limit. The delivery itself is
never written to.

ISA-L's inflater (``isal``: 1.6× zlib's speed on a real pb cube; zlib where it is not installed) runs on the
calling thread, in pieces of bounded size (a gzip bomb takes no more memory than a real file), while a writer
thread writes them out, flushes them to disk and drops them from the page cache: both release the GIL, so
writing overlaps inflating, and a 2 GB inflation neither evicts the user's other cached files nor leaves
gigabytes of dirty pages for the kernel to throttle on.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import queue
import tempfile
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import platformdirs

from ..jobs import Cancelled, JobError, Reporter
from .fitsfile import ImageFile

try:  # Intel ISA-L's inflater: the same gzip streams, decoded faster
    from isal import isal_zlib as _LIB
except ImportError:  # pragma: no cover - isal has wheels for x86-64 and ARM64; elsewhere, zlib
    _LIB = zlib

DEFAULT_LIMIT_BYTES = 20 * 1000**3
READ_CHUNK = 1 << 20  # compressed bytes per read
PIECE = 4 << 20  # inflated bytes at most per inflater call: memory stays bounded whatever the compression ratio
QUEUED_PIECES = 8  # between the inflater and the writer
FLUSH_EVERY = 64 << 20  # the writer flushes to disk and drops from the page cache this much at a time
_SUFFIX = ".fits"


LIMIT_ENV = "QA2EXPLORER_INFLATED_LIMIT_GB"  # the user's limit in GB (the window's Preferences set it)


def default_limit() -> int:
    given = os.environ.get(LIMIT_ENV, "").strip()
    return int(given) * 1000**3 if given.isdigit() and int(given) > 0 else DEFAULT_LIMIT_BYTES


def cache_dir() -> str:
    return os.path.join(platformdirs.user_cache_dir("qa2explorer"), "inflated")


@dataclass
class GzCache:
    folder: str
    limit_bytes: int = DEFAULT_LIMIT_BYTES

    @classmethod
    def default(cls) -> GzCache:
        return cls(cache_dir(), default_limit())

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
            dst, partial = tempfile.mkstemp(dir=self.folder, suffix=".part")
            try:
                try:
                    src = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
                    try:
                        inflate_fd(src, dst, total, should_stop, on_progress)
                    finally:
                        os.close(src)
                finally:
                    os.close(dst)
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


def inflate_fd(src: int, dst: int, total: int, should_stop: Callable[[], bool] | None = None,
               on_progress: Callable[[int, int], None] | None = None, *, lib=None,
               to_disk: bool = True) -> int:  # fmt: skip
    """Inflate the gzip file open as ``src`` into ``dst`` (both file descriptors, read and written from where they
    are) and return the inflated size. Member after member (concatenated gzip files are valid gzip files);
    ``should_stop`` is asked after every piece, ``on_progress(compressed bytes read, total)`` told after every
    read. ``to_disk``: flush what is written to disk as it goes (and at the end) and drop it from the page cache
    (False: leave it to the kernel, e.g. for ``/dev/null``)."""
    if hasattr(os, "posix_fadvise"):
        with contextlib.suppress(OSError):
            os.posix_fadvise(src, 0, 0, os.POSIX_FADV_SEQUENTIAL)  # larger read-ahead
    writer = _Writer(dst, to_disk)
    writer.start()
    try:
        _inflate(src, writer.put, total, should_stop, on_progress, lib or _LIB)
    except BaseException:
        writer.abandon()
        raise
    return writer.finish()


def _inflate(src: int, put: Callable[[bytes], None], total: int, should_stop, on_progress, lib) -> None:
    errors = (zlib.error, lib.error)
    inflater = lib.decompressobj(wbits=31)
    done = 0
    at_boundary = False  # the last byte read ended a gzip member
    while chunk := os.read(src, READ_CHUNK):
        done += len(chunk)
        while True:
            try:
                piece = inflater.decompress(chunk, PIECE)
            except errors as exc:
                raise JobError(f"The gzip file is damaged: {exc}") from exc
            if piece:
                put(piece)
            at_boundary = inflater.eof
            if inflater.eof:  # another gzip member may follow
                chunk = inflater.unused_data
                inflater = lib.decompressobj(wbits=31)
                more = bool(chunk)
            else:
                chunk = inflater.unconsumed_tail
                more = bool(chunk) or len(piece) == PIECE  # a full piece: the inflater may hold more output
            if should_stop is not None and should_stop():
                raise Cancelled
            if not more:
                break
        if on_progress is not None:
            on_progress(done, total)
    if done and not at_boundary:
        raise JobError("The gzip file is truncated: it ends before its compressed data does.")


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


_sync = getattr(os, "fdatasync", os.fsync)


class _Writer(threading.Thread):
    """Writes the pieces it is given to ``fd`` in order, while the inflater goes on (both release the GIL)."""

    def __init__(self, fd: int, to_disk: bool):
        super().__init__(name="gzcache-writer", daemon=True)
        self.fd, self.to_disk = fd, to_disk
        self.pieces: queue.Queue[bytes | None] = queue.Queue(QUEUED_PIECES)
        self.written = 0
        self.error: BaseException | None = None
        self.abandoned = threading.Event()

    def put(self, piece: bytes) -> None:
        self._raise_error()
        self.pieces.put(piece)

    def finish(self) -> int:
        """Wait until everything is written and on disk; raise what writing raised."""
        self.pieces.put(None)
        self.join()
        self._raise_error()
        return self.written

    def _raise_error(self) -> None:
        if isinstance(self.error, OSError):
            raise JobError(f"Cannot write the inflated file into the cache: {self.error}") from self.error
        if self.error is not None:
            raise self.error

    def abandon(self) -> None:
        """Stop at once, writing nothing more (the partial file is removed)."""
        self.abandoned.set()
        self.pieces.put(None)
        self.join()

    def run(self) -> None:
        flushed = 0
        while (piece := self.pieces.get()) is not None:
            if self.error is not None or self.abandoned.is_set():
                continue  # take the rest, so that the inflater never waits on a full queue
            try:
                _write_all(self.fd, piece)
                self.written += len(piece)
                if self.to_disk and self.written - flushed >= FLUSH_EVERY:
                    flushed = self._flush(flushed)
            except BaseException as exc:  # given to the inflater at its next piece
                self.error = exc
        if self.to_disk and self.error is None and not self.abandoned.is_set():
            try:
                self._flush(flushed)  # complete on disk before it is renamed into the cache
            except BaseException as exc:
                self.error = exc

    def _flush(self, flushed: int) -> int:
        _sync(self.fd)
        if hasattr(os, "posix_fadvise"):
            os.posix_fadvise(self.fd, flushed, self.written - flushed, os.POSIX_FADV_DONTNEED)
        return self.written
