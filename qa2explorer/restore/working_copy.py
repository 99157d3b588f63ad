"""Restoring into another folder, when the member's folder is not writable (or by choice): a working copy
``DIR/<member folder name>/`` with copies of what scriptForPI writes into or beside (``script/``, where it runs,
and ``calibration/``, where it unpacks auxiliary files), the member's small top-level files (README…), and links
to what it only reads: ``raw/`` (never copied: the ASDMs are the bulk of the data), ``product/`` (scriptForPI
looks there for pipeline images), ``qa/`` and ``log/`` (the CASA version the delivery asks for). scriptForPI then
runs in the copy and writes ``calibrated/`` there; the member itself is never written."""

from __future__ import annotations

import os
import shutil
import stat
import uuid

from ..jobs import CancelToken, JobError

COPIED = ("script", "calibration")
LINKED = ("raw", "product", "qa", "log")
SMALL_FILE = 1_000_000  # bytes: top-level files up to this size are copied


def copy_path(member: str, into: str) -> str:
    """Where the working copy of ``member`` in ``into`` is (or would be)."""
    return os.path.join(os.path.abspath(into), os.path.basename(os.path.abspath(member)))


def is_working_copy(folder: str, member: str) -> bool:
    """Whether ``folder`` is a working copy of ``member``: its raw/ a link to the member's raw/."""
    raw = os.path.join(folder, "raw")
    return os.path.islink(raw) and os.path.realpath(raw) == os.path.realpath(os.path.join(member, "raw"))


def working_copy(member: str, into: str, token: CancelToken | None = None) -> str:
    """Make (or reuse) the working copy of ``member`` in ``into`` and return its path. Refuses (JobError) when
    ``DIR/<member>`` exists and is not a working copy of this member, or already has ``calibrated/``. The copy is
    made under a temporary name and renamed when complete, so a cancel (``token``) leaves nothing behind."""
    member = os.path.abspath(member)
    target = copy_path(member, into)
    if os.path.commonpath([os.path.realpath(into), os.path.realpath(member)]) == os.path.realpath(member):
        raise JobError(f"Cannot restore into {into}: it is inside the member itself.")
    if os.path.lexists(target):
        if not is_working_copy(target, member):
            raise JobError(f"{target} exists and is not a working copy of {member}: choose another folder.")
        if os.path.lexists(os.path.join(target, "calibrated")):
            raise JobError(f"{target} already has calibrated/: set it aside or choose another folder.")
        return target
    os.makedirs(into, exist_ok=True)
    partial = os.path.join(os.path.abspath(into), f".{os.path.basename(member)}.{uuid.uuid4().hex[:8]}.partial")
    os.mkdir(partial)
    try:
        for name in LINKED:
            if name == "raw" or os.path.isdir(os.path.join(member, name)):
                os.symlink(os.path.join(member, name), os.path.join(partial, name))
        for entry in sorted(os.scandir(member), key=lambda e: e.name):
            if token is not None:
                token.check()
            if entry.name in COPIED and entry.is_dir():
                _copy_tree(entry.path, os.path.join(partial, entry.name), token)
            elif entry.is_file(follow_symlinks=False) and entry.stat().st_size <= SMALL_FILE:
                shutil.copyfile(entry.path, os.path.join(partial, entry.name))
        os.rename(partial, target)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return target


def _copy_tree(source: str, dest: str, token: CancelToken | None) -> None:
    """Copy a folder (links as links), every file and folder of the copy writable by its owner (the member may
    be read-only: its copy must not be)."""

    def copy(src: str, dst: str) -> str:
        if token is not None:
            token.check()
        return shutil.copyfile(src, dst)

    shutil.copytree(source, dest, symlinks=True, copy_function=copy)
    for root, _dirs, _files in os.walk(dest):
        os.chmod(root, stat.S_IMODE(os.stat(root).st_mode) | stat.S_IWUSR)
