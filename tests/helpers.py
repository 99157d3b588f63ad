"""Test helpers that need the operating system: running code as an unprivileged user, the processes running, a
folder's listing with times and sizes."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess

NOBODY = 65534


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


@contextlib.contextmanager
def unreadable(path: str):
    """Make ``path`` unreadable for the code inside the block. As root, permissions do not stop reads, so the
    block runs with the effective uid/gid of 'nobody' (the tree must then be world-readable elsewhere)."""
    mode = os.stat(path).st_mode
    os.chmod(path, 0)
    try:
        if running_as_root():
            os.setegid(NOBODY)
            os.seteuid(NOBODY)
            try:
                yield
            finally:
                os.seteuid(0)
                os.setegid(0)
        else:
            yield
    finally:
        os.chmod(path, stat.S_IMODE(mode))


def world_readable_copy(src: str, dest: str) -> str:
    """Copy a tree so that every folder on the way is readable by 'nobody' (pytest's tmp dirs are 0700)."""
    shutil.copytree(src, dest, symlinks=True)
    os.chmod(os.path.dirname(dest), 0o755)
    for root, _dirs, files in os.walk(dest):
        os.chmod(root, 0o755)
        for f in files:
            p = os.path.join(root, f)
            if not os.path.islink(p):
                os.chmod(p, 0o644)
    return dest


def running(text: str) -> list[str]:
    """The command lines of running processes that contain ``text``."""
    out = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if text in line]


def listing(folder) -> dict[str, tuple[float, int]]:
    """Every path under ``folder`` (links not followed) with its modification time and size."""
    out = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            st = os.lstat(os.path.join(root, name))
            out[os.path.relpath(os.path.join(root, name), folder)] = (st.st_mtime, st.st_size)
    return out
