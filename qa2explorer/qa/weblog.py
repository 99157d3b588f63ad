"""Weblog archives, unpacked once into the user cache and found again (which archives a member has is
:func:`.documents.find_weblogs`): the cache folder of each (keyed by the archive's path, size and modification
time: a changed archive is unpacked again, an unchanged one reused at once), the page a browser should open in it,
and a bound on what the cache keeps (the least recently used go first).

Unpacking goes through :mod:`.safe_extract`: every entry checked before anything is written, and into a
partial folder renamed into place, so an interrupted extraction leaves nothing half made."""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import os
import shutil
import threading
import time
from dataclasses import dataclass

import platformdirs

from ..jobs import CancelToken, JobError, Reporter
from . import safe_extract

KEEP_ENTRIES = 5  # the cache keeps the most recently used weblogs…
KEEP_BYTES = 10 * 1024**3  # …and at most this much of them
STALE_PARTIAL_SECONDS = 24 * 3600  # a partial folder this old was left by a process that died
_INFO = ".info.json"  # beside each entry: the archive it came from and its expanded size


def cache_root() -> str:
    return os.path.join(platformdirs.user_cache_dir("qa2explorer"), "weblogs")


def key(archive: str) -> str:
    st = os.stat(archive)
    ident = f"{os.path.realpath(archive)}\0{st.st_size}\0{st.st_mtime_ns}"
    return hashlib.sha256(ident.encode("utf-8", "surrogateescape")).hexdigest()[:24]


def cached(archive: str, root: str | None = None) -> str | None:
    """The unpacked folder of ``archive`` when the cache holds it (as the archive is now), else None."""
    folder = os.path.join(root or cache_root(), key(archive))
    return folder if os.path.isdir(folder) else None


_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def _lock(folder: str) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(folder, threading.Lock())


def unpack(archive: str, token: CancelToken | None = None, report: Reporter | None = None,
           root: str | None = None) -> str:  # fmt: skip
    """The unpacked folder of ``archive``: from the cache, or unpacked into it now (then the cache is trimmed).
    Raises :class:`JobError` with one line for a refused, truncated or unreadable archive."""
    root = root or cache_root()
    try:
        folder = os.path.join(root, key(archive))
    except OSError as exc:
        raise JobError(f"cannot read {archive}: {exc.strerror or exc}") from None
    with _lock(folder):  # a second request for the same archive waits, then finds it unpacked
        if os.path.isdir(folder):
            _touch(folder)
            return folder
        if report is not None:
            report.phase("unpack", f"Unpacking {os.path.basename(archive)}…", 0.0)
        try:
            safe_extract.extract(archive, folder, token, report)
        except JobError:
            if os.path.isdir(folder):  # another process unpacked it meanwhile
                return folder
            raise
        _write_info(folder, archive)
    trim(root, protect=folder)
    return folder


@dataclass(frozen=True)
class Entry:
    folder: str
    archive: str  # where it came from ("" when not recorded)
    size: int  # expanded bytes
    used: float  # last used (epoch seconds)


def entries(root: str | None = None) -> list[Entry]:
    """What the cache holds, most recently used first."""
    root = root or cache_root()
    found = []
    with contextlib.suppress(FileNotFoundError), os.scandir(root) as it:
        for e in it:
            if e.is_dir(follow_symlinks=False) and not e.name.startswith("."):
                info = _read_info(e.path)
                size = info.get("size")
                if not isinstance(size, int):
                    size = tree_size(e.path)
                used = _used(e.path)
                found.append(Entry(e.path, str(info.get("archive", "")), size, used))
    return sorted(found, key=lambda en: -en.used)


def trim(root: str | None = None, keep: int | None = None, max_bytes: int | None = None,
         protect: str | None = None) -> list[Entry]:  # fmt: skip
    """Remove the least recently used weblogs beyond the ``keep`` most recent (default :data:`KEEP_ENTRIES`) or
    beyond ``max_bytes`` in all (:data:`KEEP_BYTES`), never ``protect`` (counted as the most recent), and
    partial folders left by a process that died; returns what was removed."""
    root = root or cache_root()
    keep = KEEP_ENTRIES if keep is None else keep
    max_bytes = KEEP_BYTES if max_bytes is None else max_bytes
    removed = []
    total = 0
    for i, entry in enumerate(sorted(entries(root), key=lambda e: e.folder != protect)):
        total += entry.size
        if entry.folder != protect and (i >= keep or total > max_bytes):
            _remove(entry.folder)
            removed.append(entry)
            total -= entry.size
    now = time.time()
    for partial in glob.glob(os.path.join(glob.escape(root), ".partial-*")):
        with contextlib.suppress(OSError):
            if now - os.path.getmtime(partial) > STALE_PARTIAL_SECONDS:
                shutil.rmtree(partial, ignore_errors=True)
    return removed


def entry_page(folder: str, archive_name: str = "") -> str:
    """The page to open, relative to ``folder`` (with ``/``): the pipeline's ``pipeline-*/html/index.html``,
    else a ``t1-1.html`` (the weblog's home page), else an ``index.html`` (a manual weblog's), else the first
    html page nearest the top."""
    for pattern in ("pipeline-*/html/index.html", "pipeline-*/html/t1-1.html"):
        hits = sorted(glob.glob(os.path.join(glob.escape(folder), pattern)))
        if hits:
            return _relative(hits[-1], folder)  # the latest run when there are several
    pages = _html_pages(folder, depth=3)
    for name in ("t1-1.html", "index.html"):
        named = [p for p in pages if os.path.basename(p) == name]
        if named:
            return _relative(named[0], folder)
    if pages:
        return _relative(pages[0], folder)
    raise JobError(f"no index.html in {archive_name or os.path.basename(folder)}: it holds no html page")


def _html_pages(folder: str, depth: int) -> list[str]:
    """Html files at most ``depth`` levels below ``folder``, the shallowest first, then by name."""
    pages = []
    for here, dirs, files in os.walk(folder):
        level = here[len(folder) :].count(os.sep)
        if level >= depth - 1:
            dirs[:] = []
        pages += [os.path.join(here, f) for f in files if f.lower().endswith((".html", ".htm"))]
    return sorted(pages, key=lambda p: (p.count(os.sep), p))


def _relative(path: str, folder: str) -> str:
    return os.path.relpath(path, folder).replace(os.sep, "/")


def _info_path(folder: str) -> str:
    return folder + _INFO


def _write_info(folder: str, archive: str) -> None:
    with contextlib.suppress(OSError), open(_info_path(folder), "w", encoding="utf-8") as f:
        json.dump({"archive": os.path.abspath(archive), "size": tree_size(folder)}, f)


def _read_info(folder: str) -> dict:
    try:
        with open(_info_path(folder), encoding="utf-8") as f:
            info = json.load(f)
        return info if isinstance(info, dict) else {}
    except (OSError, ValueError):
        return {}


def _touch(folder: str) -> None:
    with contextlib.suppress(OSError):
        os.utime(_info_path(folder) if os.path.exists(_info_path(folder)) else folder)


def _used(folder: str) -> float:
    for path in (_info_path(folder), folder):
        with contextlib.suppress(OSError):
            return os.path.getmtime(path)
    return 0.0


def _remove(folder: str) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    with contextlib.suppress(OSError):
        os.remove(_info_path(folder))


def tree_size(folder: str) -> int:
    """Bytes of the files below ``folder`` at any depth (links not followed, unreadable files skipped)."""
    total = 0
    for here, _dirs, files in os.walk(folder):
        for f in files:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(here, f)).st_size
    return total
