"""Unpacking downloaded archives into one delivery tree. The tarballs of a download share their top folders
(project / science goal / group), so each is merged into the target rather than unpacked beside it: folders
that exist are entered, a file that exists is skipped when it is identical and refused (one line naming it,
nothing overwritten) when it is not. Identical means the same size and either the same modification time (what
an earlier import wrote: no byte is read) or the same bytes (compared with the archive's, as they stream).

Every entry of every archive is checked before anything is written (:mod:`qa2explorer.delivery.tar_safety`, plus
a size clash with an existing file), and again each folder's real path is checked to lie inside the target,
so a link unpacked earlier cannot lead a later entry out. Each file is written under a temporary name beside
it and renamed when complete: a cancel leaves no half file, and importing again finishes the job, skipping
what is complete. Before anything is written, the files not there yet must fit on the target's file system
(:func:`room`)."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tarfile
import time
from dataclasses import dataclass

from ..delivery.tar_safety import READ_ERRORS, check_member, open_tar, read_error_text
from ..jobs import CancelToken, JobError, Reporter
from ..words import human_size
from .contents import Plan

COPY_BUFFER = 1 << 20
COPY_RANGE = 2 << 20  # bytes per kernel copy between cancel checks and progress
_NO_COPY_RANGE = {errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.EPERM}
PARTIAL_SUFFIX = ".importing"  # a file being written: <name>.importing beside it, renamed when complete
_REPORT_SECONDS = 0.1
_BLOCK = 4096  # a file takes whole blocks of the file system


@dataclass
class Imported:
    root: str  # the delivery root made or completed (the one top folder, else the target)
    written: int = 0  # files written
    written_bytes: int = 0
    skipped: int = 0  # files already there, identical
    skipped_bytes: int = 0

    def to_dict(self) -> dict:
        return {"root": self.root, "written": self.written, "written_bytes": self.written_bytes,
                "skipped": self.skipped, "skipped_bytes": self.skipped_bytes}  # fmt: skip


@dataclass
class Room:
    needed: int  # bytes of the files not in the target yet (in whole blocks)
    free: int  # bytes free on the target's file system
    where: str  # the folder measured: the target, or its nearest parent that exists

    @property
    def fits(self) -> bool:
        return self.needed <= self.free


def room(plan: Plan, into: str, token: CancelToken | None = None) -> Room:
    """What unpacking ``plan`` into ``into`` needs and what its file system has free. A file already there with
    the archive's size needs nothing (it is skipped, or refused)."""
    token = token or CancelToken()
    into = os.path.abspath(into)
    needed = 0
    for archive in plan.archives:
        token.check()
        for name, size in archive.files:
            try:
                st = os.stat(os.path.join(into, name))
                there = stat.S_ISREG(st.st_mode) and st.st_size == size
            except OSError:
                there = False
            if not there:
                needed += -(-size // _BLOCK) * _BLOCK
    where = into
    while not os.path.isdir(where) and os.path.dirname(where) != where:
        where = os.path.dirname(where)
    return Room(needed, shutil.disk_usage(where).free, where)


def unpack(plan: Plan, into: str, token: CancelToken | None = None, report: Reporter | None = None) -> Imported:
    """Unpack every archive of ``plan`` into the folder ``into`` (made if needed). Raises :class:`JobError` with
    one line when the plan has a problem or does not fit (before anything is written), when an entry is refused
    or clashes with a different existing file, or when a file cannot be written. Progress: bytes done of
    ``plan.total``, with the rate and time left in the message; a partial result (the archive's path) each time
    an archive is complete."""
    token = token or CancelToken()
    if plan.problems:
        raise JobError(f"not imported, {plan.problems[0]}")
    if os.path.lexists(into) and not os.path.isdir(into):
        raise JobError(f"not imported, {into} is a file, not a folder")
    if not (space := room(plan, into, token)).fits:
        raise JobError(f"not imported, it needs {human_size(space.needed)} and {space.where} has "
                       f"{human_size(space.free)} free")  # fmt: skip
    os.makedirs(into, exist_ok=True)
    into = os.path.realpath(into)
    result = Imported(plan.root_in(into))
    meter = _Meter(plan.total, report)
    for write in (False, True):  # every archive checked before the first byte of any is written
        for archive in plan.archives:
            token.check()
            try:
                with open(archive.path, "rb") as raw, open_tar(raw) as tar:
                    tar.copybufsize = COPY_BUFFER
                    members = _checked(tar, into, token)
                    if write:
                        _Writer(tar, raw, into, token, meter, result).write(members)
            except READ_ERRORS as exc:
                raise JobError(f"cannot unpack {archive.name}: {read_error_text(exc)}") from None
            if write and report is not None:
                report.partial(archive.path, f"{archive.name} unpacked")
    meter.show(force=True)
    return result


def _checked(tar: tarfile.TarFile, into: str, token: CancelToken) -> list[tarfile.TarInfo]:
    """First pass over the headers: every entry checked, and no file clashing in size with an existing one."""
    members: list[tarfile.TarInfo] = []
    total = 0
    while (m := tar.next()) is not None:
        members.append(m)
        total += check_member(m, len(members), total)
        if len(members) % 500 == 0:
            token.check()
        target = os.path.join(into, m.name)
        if (
            m.isfile()
            and os.path.lexists(target)
            and (not os.path.isfile(target) or os.path.islink(target) or os.path.getsize(target) != m.size)
        ):
            raise _clash(target, tar)
    return members


def _clash(target: str, tar: tarfile.TarFile) -> JobError:
    name = os.path.basename(getattr(tar.fileobj, "name", "") or tar.name or "")
    return JobError(f"refused: {target} exists and differs from the one in {name}; nothing was overwritten")


class _Meter:
    """Bytes done of the total, with the rate and the time left: reported every 0.1 s or 1 % of the total."""

    def __init__(self, total: int, report: Reporter | None):
        self.total, self.report, self.done, self.shown = total, report, 0, 0
        self.start = self.last = time.monotonic()

    def add(self, n: int) -> None:
        self.done += n
        self.show()

    def show(self, force: bool = False) -> None:
        now = time.monotonic()
        if self.report is None:
            return
        if not force and now - self.last < _REPORT_SECONDS and self.done - self.shown < self.total / 100:
            return
        self.last, self.shown = now, self.done
        rate = self.done / max(now - self.start, 1e-6)
        text = f"{human_size(self.done)} of {human_size(self.total)}, {human_size(rate)}/s"
        if rate > 0 and self.done < self.total:
            text += f", {_duration((self.total - self.done) / rate)} left"
        self.report.progress(self.done / self.total if self.total else 1.0, text)


def _duration(seconds: float) -> str:
    if seconds < 1:
        return "under 1 s"
    seconds = int(seconds + 0.5)
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"


class _Writer:
    """Second pass: the checked entries written into the tree."""

    def __init__(self, tar, raw, into: str, token: CancelToken, meter: _Meter, result: Imported):
        self.tar, self.into, self.token, self.meter, self.result = tar, into, token, meter, result
        plain = tar.fileobj is raw and hasattr(os, "copy_file_range")  # Linux; elsewhere the stream
        self.raw_fd: int | None = raw.fileno() if plain else None
        self.inside: set[str] = set()  # folders whose real path was seen inside the target
        self._compared = 0  # bytes of the last file compared with an existing one

    def write(self, members: list[tarfile.TarInfo]) -> None:
        for m in members:
            self.token.check()
            target = os.path.join(self.into, m.name.strip("/"))
            if m.isdir():
                self._folder(target)
                continue
            self._folder(os.path.dirname(target))
            if m.isfile():
                self._file(m, target)
            elif m.issym():
                self._symlink(m, target)
            else:
                self._hardlink(m, target)

    def _folder(self, path: str) -> None:
        if path in self.inside:
            return
        if os.path.lexists(path) and not os.path.isdir(path):
            raise JobError(f"refused: {path} exists and is not a folder; nothing was overwritten")
        os.makedirs(path, exist_ok=True)
        real = os.path.realpath(path)
        if real != self.into and not real.startswith(self.into + os.sep):
            raise JobError(f"refused: {path} leads outside {self.into} (through a link)")
        self.inside.add(path)

    def _file(self, m: tarfile.TarInfo, target: str) -> None:
        source = self.tar.extractfile(m)
        if os.path.lexists(target):
            if self._identical(m, target, source):
                self.result.skipped += 1
                self.result.skipped_bytes += m.size
                self.meter.add(m.size - self._compared)
                return
            raise _clash(target, self.tar)
        partial = target + PARTIAL_SUFFIX
        try:
            with open(partial, "wb") as out:
                if not self._copy_range(m, out):
                    self._copy_stream(source, out)
            os.chmod(partial, (m.mode & 0o755) | 0o600)
            os.utime(partial, (m.mtime, m.mtime))
            os.replace(partial, target)
        except BaseException:
            if os.path.exists(partial):
                os.remove(partial)
            raise
        self.result.written += 1
        self.result.written_bytes += m.size

    def _copy_range(self, m: tarfile.TarInfo, out) -> bool:
        """A plain tar's data range copied by the kernel (``copy_file_range``: no pass through Python); False
        (nothing written) where that cannot be done: a compressed or sparse entry, a system or file system
        without it."""
        if self.raw_fd is None or m.sparse is not None:
            return False
        offset, left = m.offset_data, m.size
        while left:
            self.token.check()
            try:
                n = os.copy_file_range(self.raw_fd, out.fileno(), min(left, COPY_RANGE), offset)
            except OSError as exc:
                if offset != m.offset_data or exc.errno not in _NO_COPY_RANGE:
                    raise
                self.raw_fd = None  # refused at its first call: the stream from now on
                return False
            if n == 0:
                raise EOFError  # the archive ends inside this file
            offset, left = offset + n, left - n
            self.meter.add(n)
        return True

    def _copy_stream(self, source, out) -> None:
        while chunk := source.read(COPY_BUFFER):
            self.token.check()
            out.write(chunk)
            self.meter.add(len(chunk))

    def _identical(self, m: tarfile.TarInfo, target: str, source) -> bool:
        """Same size and time (no byte read), else the same bytes as the archive's (counted as progress)."""
        self._compared = 0
        st = os.lstat(target)
        if not os.path.isfile(target) or os.path.islink(target) or st.st_size != m.size:
            return False
        if int(st.st_mtime) == int(m.mtime):
            return True
        with open(target, "rb") as have:
            while chunk := source.read(COPY_BUFFER):
                self.token.check()
                self._compared += len(chunk)
                self.meter.add(len(chunk))
                if have.read(len(chunk)) != chunk:
                    return False
        return True

    def _symlink(self, m: tarfile.TarInfo, target: str) -> None:
        if os.path.lexists(target):
            if os.path.islink(target) and os.readlink(target) == m.linkname:
                return
            raise JobError(f"refused: {target} exists and is not the link in the archive; nothing was overwritten")
        os.symlink(m.linkname, target)

    def _hardlink(self, m: tarfile.TarInfo, target: str) -> None:
        """A hard link becomes a copy of the file it names (already unpacked: tar stores links after them)."""
        source = os.path.join(self.into, m.linkname)
        self._folder(os.path.dirname(source))
        if not os.path.isfile(source) or os.path.islink(source):
            raise JobError(f"refused: the hard link {m.name!r} names {m.linkname!r}, which is not a file in it")
        if os.path.lexists(target):
            if os.path.isfile(target) and os.path.getsize(target) == os.path.getsize(source):
                return
            raise JobError(f"refused: {target} exists and differs from the archive's; nothing was overwritten")
        partial = target + PARTIAL_SUFFIX
        try:
            shutil.copyfile(source, partial)
            os.replace(partial, target)
        except BaseException:
            if os.path.exists(partial):
                os.remove(partial)
            raise
