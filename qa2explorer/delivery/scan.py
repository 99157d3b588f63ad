"""Walk a delivery on disk into a tree of :class:`Node`.

Two passes, so a window can show the tree as soon as the folders are listed:

1. :func:`scan` lists folders breadth-first (``os.scandir`` only, no per-file ``stat``) and reports each listed
   folder through ``on_dir``. It never follows a link back into the tree or above it, stops at the entry limit,
   and records unreadable folders on their node instead of failing.
2. :func:`measure` stats every file (sizes), sums folder totals and decodes every file name.

Nodes are written once by the pass that creates them and read by anyone afterwards; a node's ``children`` list
is complete when it is assigned, so another thread may read it at any time.
"""

from __future__ import annotations

import gc
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import attrgetter

from ..jobs import Cancelled
from ..words import readable
from . import structure
from .names import DecodedName, decode

DEFAULT_ENTRY_LIMIT = 3_000_000


class Node:
    """A file or folder of the delivery (or a virtual grouping folder, ``path`` None)."""

    # Set for every node when it is listed: slots. Set for few nodes, or later by the second pass: class-level
    # defaults, stored in the instance ``__dict__`` (created on first assignment) when set.
    __slots__ = ("name", "path", "parent", "row", "is_dir", "children", "__dict__")
    is_link: bool = False
    size: int | None = None  # files: bytes; folders: total of what was listed below
    error: str | None = None
    role: str | None = None  # folders: root/project/science_goal/group/member/section/…
    link_target: str | None = None
    _decoded: DecodedName | None = None
    ref: Node | None = None  # virtual nodes: the real node they stand for
    label: str | None = None  # virtual nodes: a readable title

    def __init__(self, name: str, path: str | None, parent: Node | None, is_dir: bool, row: int = 0):
        self.name = name
        self.path = path
        self.parent = parent
        self.row = row
        self.is_dir = is_dir
        self.children: list[Node] | None = None  # None: not listed (yet, or never)

    @property
    def decoded(self) -> DecodedName:
        """The decoded name: set by :func:`measure` (or for virtual leaves, their file's), else decoded now."""
        d = self._decoded
        if d is None:
            d = self._decoded = decode(self.name)
        return d

    @decoded.setter
    def decoded(self, value: DecodedName) -> None:
        self._decoded = value

    @property
    def display_name(self) -> str:
        """The name as text; bytes that are not UTF-8 show as U+FFFD."""
        return readable(self.name)

    def iter_files(self) -> Iterable[Node]:
        stack = [self]
        while stack:
            node = stack.pop()
            for child in node.children or ():
                if child.is_dir:
                    stack.append(child)
                else:
                    yield child

    def iter_dirs(self) -> Iterable[Node]:
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(c for c in node.children or () if c.is_dir)

    def child(self, name: str) -> Node | None:
        for c in self.children or ():
            if c.name == name:
                return c
        return None

    def ancestors(self) -> Iterable[Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def __repr__(self) -> str:
        return f"Node({self.path or self.name!r}, role={self.role})"


@dataclass
class ScanStats:
    dirs: int = 0
    files: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, message)
    truncated: bool = False

    @property
    def entries(self) -> int:
        return self.dirs + self.files


def _error_text(exc: OSError) -> str:
    reason = exc.strerror or exc.__class__.__name__
    return reason[0].upper() + reason[1:] if reason else "Unreadable"


_SECTION_ORDER = {name: i for i, name in enumerate(structure.SECTIONS)}
_BY_NAME = attrgetter("name")


def _dir_key(entry: os.DirEntry) -> tuple:
    return (_SECTION_ORDER.get(entry.name, 99), entry.name.lower())


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while building many long-lived objects: it can free none of
    them, and each full collection would re-walk all of them (0.1 s and more on large trees)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _inside(path: str, top: str) -> bool:
    return path == top or path.startswith(top.rstrip(os.sep) + os.sep)


def scan(
    root_path: str,
    *,
    member_paths: Iterable[str] = (),
    on_dir: Callable[[Node, ScanStats], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    entry_limit: int = DEFAULT_ENTRY_LIMIT,
) -> tuple[Node, ScanStats]:
    """List the tree under ``root_path`` breadth-first.

    Above the member level only folders that lead to a member (``member_paths``) are entered; everything at or
    below a member is listed. Roles (project, member, section, …) are set on folders as they are found.
    """
    with collector_paused():
        return _scan(root_path, member_paths, on_dir, should_stop, entry_limit)


def _scan(
    root_path: str,
    member_paths: Iterable[str],
    on_dir: Callable[[Node, ScanStats], None] | None,
    should_stop: Callable[[], bool] | None,
    entry_limit: int,
) -> tuple[Node, ScanStats]:
    root_path = os.path.abspath(root_path)
    root_real = os.path.realpath(root_path)
    members = {os.path.abspath(p) for p in member_paths}
    leading = set()  # folders above some member
    for m in members:
        p = m
        while _inside(p, root_path) and p != root_path:
            p = os.path.dirname(p)
            leading.add(p)

    root = Node(os.path.basename(root_path.rstrip(os.sep)) or root_path, root_path, None, True)
    root.role = "member" if root_path in members else (structure.level_of_dirname(root.name) or "root")
    stats = ScanStats()
    member_depth: dict[Node, int] = {root: 0} if root.role == "member" else {}
    visited_real = {root_real}
    queue: deque[Node] = deque([root])
    inside_any_member = any(_inside(root_path, m) for m in members)
    if inside_any_member and root.role != "member":
        member_depth[root] = 1  # opened at a section or deeper: everything is delivery content

    while queue:
        if should_stop is not None and should_stop():
            raise Cancelled
        node = queue.popleft()
        dirs: list[os.DirEntry] = []
        files: list[os.DirEntry] = []
        try:
            with os.scandir(node.path) as it:
                for entry in it:
                    try:
                        is_dir = entry.is_dir()
                    except OSError:  # a link whose target cannot be reached
                        is_dir = False
                    (dirs if is_dir else files).append(entry)
        except OSError as exc:
            node.error = _error_text(exc)
            stats.errors.append((node.path, node.error))
        dirs.sort(key=_dir_key)
        files.sort(key=_BY_NAME)  # byte order, as ls in the C locale: cheap for folders of 100 000 files
        n_dirs = len(dirs)
        children = [Node(e.name, e.path, node, True, i) for i, e in enumerate(dirs)]
        children += [Node(e.name, e.path, node, False, i) for i, e in enumerate(files, n_dirs)]
        stats.files += len(files)
        stats.dirs += n_dirs
        depth = member_depth.get(node)
        for child, entry in zip(children[:n_dirs], dirs, strict=True):
            if entry.is_symlink():
                child.is_link = True
            if child.path in members:
                child.role = "member"
                member_depth[child] = 0
            elif depth is not None:
                child.role = structure.role_inside_member(child.name, depth + 1)
                member_depth[child] = depth + 1
            else:
                child.role = structure.level_of_dirname(child.name) or "folder"
            if child.is_link and not _follow_link(child, root_real, visited_real):
                child.children = []
                continue
            if depth is None and child.path not in members and child.path not in leading:
                child.role = "outside"  # not part of the delivery: shown, not entered
                continue
            queue.append(child)
        node.children = children
        if on_dir is not None:
            on_dir(node, stats)
        if stats.entries >= entry_limit:
            stats.truncated = True
            for rest in queue:
                rest.children = []
                rest.error = "Not listed: the scan stopped at its entry limit"
            break
    return root, stats


def _follow_link(node: Node, root_real: str, visited_real: set[str]) -> bool:
    """Decide whether to enter a linked folder. Links into the tree are shown, not entered (their content is
    already listed where it lives); links to an ancestor would loop; other targets are entered once."""
    try:
        target = os.path.realpath(node.path)
    except OSError as exc:
        node.error = _error_text(exc)
        return False
    node.link_target = target
    if _inside(target, root_real):
        node.role = "link"
        return False
    if _inside(root_real, target):
        node.role = "link"
        node.error = "Link loop: points to a folder that contains this delivery"
        return False
    if target in visited_real:
        node.role = "link"
        return False
    visited_real.add(target)
    return True


def measure(
    root: Node,
    *,
    should_stop: Callable[[], bool] | None = None,
    on_progress: Callable[[int], None] | None = None,
    progress_every: int = 2000,
) -> None:
    """Stat every file, total every folder and decode every file name (the second pass)."""
    with collector_paused():
        _measure(root, should_stop, on_progress, progress_every)


def _measure(
    root: Node,
    should_stop: Callable[[], bool] | None,
    on_progress: Callable[[int], None] | None,
    progress_every: int,
) -> None:
    done = 0
    order: list[Node] = []
    stack = [root]
    while stack:
        node = stack.pop()
        order.append(node)
        for child in node.children or ():
            if child.is_dir:
                stack.append(child)
                if child._decoded is None:
                    child._decoded = decode(child.name)
                continue
            try:
                child.size = os.stat(child.path).st_size
            except OSError as exc:
                child.error = _error_text(exc)
                child.size = None
            child._decoded = decode(child.name)
            done += 1
            if done % progress_every == 0:
                if should_stop is not None and should_stop():
                    raise Cancelled
                if on_progress is not None:
                    on_progress(done)
    for node in reversed(order):  # children before parents
        node.size = sum(c.size or 0 for c in node.children or ())
    if on_progress is not None:
        on_progress(done)
