"""The member's ``calibrated/`` folder, where scriptForPI writes: the measurement sets it produced, what is on
disk there after a failed or cancelled run, and setting an existing one aside (renamed with a timestamp, never
deleted, never overwritten) so that scriptForPI, which stops when ``calibrated/`` exists, can run again."""

from __future__ import annotations

import contextlib
import os
import time

from ..jobs import JobError
from ..words import human_size, plural
from .preflight import tree_bytes

CALIBRATED = "calibrated"


def produced(member: str) -> list[tuple[str, int]]:
    """The calibrated measurement sets in ``calibrated/``: (name, bytes)."""
    folder = os.path.join(member, CALIBRATED)
    names = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
    return [(n, tree_bytes(os.path.join(folder, n))) for n in names
            if n.endswith((".ms.split.cal", ".ms")) and os.path.isdir(os.path.join(folder, n))]  # fmt: skip


def left_on_disk(member: str) -> list[tuple[str, int]]:
    """What ``calibrated/`` holds (after a failure or a cancel too): its entries with their sizes in bytes (a
    folder's: all it holds), folders named with a trailing ``/``; [] when there is no ``calibrated/``."""
    folder = os.path.join(member, CALIBRATED)
    left = []
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if entry.is_dir(follow_symlinks=False):
                left.append((entry.name + "/", tree_bytes(entry.path)))
            else:
                left.append((entry.name, entry.stat(follow_symlinks=False).st_size))
    return left


def left_text(left: list[tuple[str, int]]) -> str:
    """One sentence on what was left, for the window and the command line."""
    if not left:
        return "Nothing was left on disk: calibrated/ was not created."
    total = sum(size for _, size in left)
    items = ", ".join(f"{name} ({human_size(size)})" for name, size in left)
    return (f"calibrated/ holds {plural(len(left), 'item')} ({human_size(total)}): {items}. Set it aside (or "
            "delete it) before restoring again: scriptForPI stops when calibrated/ exists.")  # fmt: skip


def set_aside(member: str) -> str:
    """Rename the member's ``calibrated/`` to ``calibrated.<YYYYmmdd-HHMMSS>`` and return the new path. Raises
    :class:`JobError` when there is no ``calibrated/`` or the new name is taken (nothing is overwritten)."""
    folder = os.path.join(member, CALIBRATED)
    if not os.path.lexists(folder):
        raise JobError(f"No calibrated/ to set aside in {member}.")
    aside = f"{folder}.{time.strftime('%Y%m%d-%H%M%S')}"
    if os.path.lexists(aside):
        raise JobError(f"Cannot set calibrated/ aside: {os.path.basename(aside)} already exists in {member}.")
    os.rename(folder, aside)
    return aside
