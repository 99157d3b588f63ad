"""Find the delivery around a path a user gave: any level of the tree, a file in it, or a folder above it."""

from __future__ import annotations

import os
from collections import deque
from dataclasses import dataclass, field

from ..jobs import JobError
from ..words import plural
from . import structure
from .names import decode
from .vocabulary import ARCHIVE_SUFFIXES, FITS, download_tarball_kind, preview_of_extension

PROBE_DEPTH = 6  # folder of projects / project / science goal / group / member (+1 for renamed trees)
PROBE_DIR_LIMIT = 20_000


class NotADelivery(JobError):
    """The path holds no ALMA delivery. ``str(exc)`` is a one-line message for the user."""


@dataclass
class Location:
    root: str  # the folder the tree is built from
    focus: str  # what the user pointed at (to select in the window)
    members: list[str] = field(default_factory=list)
    truncated_probe: bool = False
    loose_file: bool = False  # a FITS image outside any delivery, opened on its own (its folder listed)


def locate(path: str, allow_loose_images: bool = False) -> Location:
    """Work out which folder to show for ``path``. Raises :class:`NotADelivery` with a readable message."""
    if not path:
        raise NotADelivery("No path given.")
    path = os.path.abspath(os.path.expanduser(path))
    if not os.path.lexists(path):
        raise NotADelivery(f"{path} does not exist.")
    if os.path.islink(path) and not os.path.exists(path):
        raise NotADelivery(f"{path} is a broken link: it points to {_link_target(path)}, which does not exist.")
    if not os.path.isdir(path):
        return _locate_file(path, allow_loose_images)
    try:
        with os.scandir(path):
            pass
    except PermissionError:
        raise NotADelivery(f"{path} cannot be read: permission denied.") from None
    except OSError as exc:
        raise NotADelivery(f"{path} cannot be read: {exc.strerror or exc}.") from None

    inside = _inside_tree(path, focus=path)
    if inside is not None:
        return inside
    members, truncated = _probe_members(path)
    if members:
        return Location(root=path, focus=path, members=members, truncated_probe=truncated)
    raise NotADelivery(_why_not(path))


def _link_target(path: str) -> str:
    try:
        target = os.readlink(path)
    except OSError:
        return "a target that cannot be read"
    return os.path.normpath(os.path.join(os.path.dirname(path), target))


def _inside_tree(folder: str, focus: str) -> Location | None:
    """The location when ``folder`` is part of a delivery tree (any level of it), else None."""
    top = _structural_top(folder)
    if top is None:
        return None
    members, truncated = _probe_members(top)
    inner = member_containing(folder)
    if inner and inner not in members:
        members.append(inner)
    return Location(root=top, focus=focus, members=members, truncated_probe=truncated)


def _locate_file(path: str, allow_loose_images: bool = False) -> Location:
    inside = _inside_tree(os.path.dirname(path), focus=path)
    if inside is not None:
        return inside
    if allow_loose_images and preview_of_extension(decode(os.path.basename(path)).extension) == FITS:
        return Location(root=os.path.dirname(path), focus=path, loose_file=True)
    name = os.path.basename(path)
    if download_tarball_kind(name) or name.endswith(ARCHIVE_SUFFIXES):
        raise NotADelivery(
            f"{name} is a download tarball. Import it (qa2explorer import {name}): it is unpacked safely beside "
            "it, then open the folder it creates."
        )
    raise NotADelivery(f"{path} is a file, not a delivery folder. Open the folder of an unpacked ALMA delivery.")


def member_containing(path: str) -> str | None:
    """The member folder that ``path`` is in (or is), walking up at most a few levels."""
    p = path
    for _ in range(PROBE_DEPTH + 2):
        name = os.path.basename(p)
        if name and structure.looks_like_member(name, structure.child_dir_names(p)):
            return p
        parent = os.path.dirname(p)
        if parent == p:
            return None
        p = parent
    return None


def _structural_top(path: str) -> str | None:
    """The highest folder at or above ``path`` that is part of the delivery tree (project, science goal,
    group, member, or a section inside a member), or None when ``path`` is not inside a delivery tree."""
    member = member_containing(path)
    start = member if member is not None else path
    top = member
    p = start
    while True:
        parent = os.path.dirname(p)
        if parent == p:
            break
        level = structure.level_of_dirname(os.path.basename(p))
        if level is None:
            break
        top = p
        p = parent
    if top is None and structure.level_of_dirname(os.path.basename(path)) is not None:
        top = path
    return top


def _probe_members(top: str) -> tuple[list[str], bool]:
    """Member folders under ``top`` (``top`` itself included), breadth-first, without entering members."""
    found: list[str] = []
    queue = deque([(top, 0)])
    seen = 0
    truncated = False
    visited = set()
    while queue:
        path, depth = queue.popleft()
        real = os.path.realpath(path)
        if real in visited:
            continue
        visited.add(real)
        subdirs = structure.child_dir_names(path)
        seen += 1
        if structure.looks_like_member(os.path.basename(path), subdirs):
            found.append(path)
            continue
        if depth >= PROBE_DEPTH:
            continue
        if seen >= PROBE_DIR_LIMIT:
            truncated = True
            break
        for name in sorted(subdirs):
            queue.append((os.path.join(path, name), depth + 1))
    return found, truncated


def _why_not(path: str) -> str:
    try:
        names = os.listdir(path)
    except OSError as exc:
        return f"{path} cannot be read: {exc.strerror or exc}."
    if not names:
        return f"{path} is empty: no ALMA delivery found."
    tarballs = [n for n in names if download_tarball_kind(n)]
    if tarballs:
        return (
            f"{path} holds {plural(len(tarballs), 'ALMA download tarball')} not unpacked yet. "
            f"Import {'it' if len(tarballs) == 1 else 'them'} (qa2explorer import {path}) and open this folder again."
        )
    return (
        f"No ALMA delivery found in {path}: expected <project>/science_goal.uid___…/group.uid___…/"
        "member.uid___…/ with product/, qa/, script/… inside."
    )
