"""Filter a listed tree by typed text: keep the files whose path (from the root) holds every typed term."""

from __future__ import annotations

from collections.abc import Callable

from ..jobs import Cancelled
from .scan import Node


def filter_tree(root: Node, text: str, should_stop: Callable[[], bool] | None = None) -> dict[Node, list[Node]] | None:
    """Children to show per folder, in listing order, for the folders on the way to a
    match. Terms are whitespace-separated and case-insensitive; a folder whose own path matches keeps its whole
    listed content. Returns None for an empty filter (show everything)."""
    terms = [t for t in text.lower().split() if t]
    if not terms:
        return None
    kept: dict[Node, list[Node]] = {}

    def matches(path: str) -> bool:
        return all(t in path for t in terms)

    # Iterative post-order: a folder is kept when it matches or any child is kept.
    stack: list[tuple[Node, str, int]] = [(root, "", 0)]
    keep_flag: dict[Node, bool] = {}
    while stack:
        node, path, state = stack.pop()
        children = node.children or ()
        if state == 0:
            if should_stop is not None and should_stop():
                raise Cancelled
            stack.append((node, path, 1))
            for child in children:
                if child.is_dir:
                    stack.append((child, f"{path}/{child.display_name.lower()}", 0))
            continue
        shown: list[Node] = []
        for child in children:
            if child.is_dir:
                if keep_flag.pop(child, False):
                    shown.append(child)
            elif matches(f"{path}/{child.display_name.lower()}"):
                shown.append(child)
        own = matches(path) if path else False
        if shown or own:
            kept[node] = shown if not own else list(children)
            keep_flag[node] = True
    kept.setdefault(root, [])
    return kept


def count_matches(kept: dict[Node, list[Node]]) -> int:
    """Files shown by a filter."""
    return sum(1 for kids in kept.values() for c in kids if not c.is_dir)


def first_match(root: Node, kept: dict[Node, list[Node]]) -> Node | None:
    """The first file a filter shows, in tree order (where the selection goes when the filter hides it)."""
    stack = [root]
    while stack:
        node = stack.pop()
        kids = kept.get(node, [])
        for child in kids:
            if not child.is_dir:
                return child
        stack.extend(reversed([c for c in kids if c.is_dir]))
    return None
