"""What the app keeps in the user cache folder (never in a delivery): how much it holds, and clearing what can
be made again — thumbnails, inflated FITS copies, unpacked weblogs, weblog runs read, restore launchers. The
demo delivery and the restore run logs stay. Qt-free: the window runs these in jobs."""

from __future__ import annotations

import glob
import os
import shutil
from dataclasses import dataclass

import platformdirs

from ..imaging.gzcache import cache_dir as inflated_dir
from ..imaging.thumbnails import thumbnail_dir
from ..qa.pipeline_run import runs_cache_dir
from ..qa.weblog import cache_root as weblogs_dir
from ..qa.weblog import tree_size
from ..restore.run import cache_dir as restore_dir


def root() -> str:
    return platformdirs.user_cache_dir("qa2explorer")


def clearable() -> list[tuple[str, list[str]]]:
    """(what, the paths) of each part Clear Cache removes: whole folders, and the launchers among restore's logs."""
    return [
        ("thumbnails", [thumbnail_dir()]),
        ("inflated FITS copies", [inflated_dir()]),
        ("unpacked weblogs", [weblogs_dir()]),
        ("weblog runs read", [runs_cache_dir()]),
        ("restore launchers", sorted(glob.glob(os.path.join(glob.escape(restore_dir()), "*.run.py")))),
    ]


def size_of(path: str) -> int:
    """Bytes in ``path`` (a file, or a folder's files at any depth; links not followed, unreadable parts skipped)."""
    if os.path.islink(path) or os.path.isfile(path):
        try:
            return os.lstat(path).st_size
        except OSError:
            return 0
    return tree_size(path)


@dataclass
class Cleared:
    freed: int
    problems: list[str]  # one line each: what could not be removed


def clear(token=None, report=None) -> Cleared:
    """Remove the clearable parts (a job: large caches take a while). Only paths inside the user cache folder are
    touched, whatever the parts' functions return."""
    top = os.path.realpath(root())
    freed, problems = 0, []
    parts = clearable()
    for n, (what, paths) in enumerate(parts):
        if report is not None:
            report.progress(n / len(parts), f"Clearing {what}…")
        for path in paths:
            if token is not None and token.cancelled:
                return Cleared(freed, problems)
            if not os.path.lexists(path) or not os.path.realpath(path).startswith(top + os.sep):
                continue
            size = size_of(path)
            try:
                if os.path.isdir(path) and not os.path.islink(path):
                    shutil.rmtree(path)
                else:
                    os.remove(path)
                freed += size
            except OSError as exc:
                freed += size - size_of(path)
                problems.append(f"{what}: {exc.strerror or exc}")
    return Cleared(freed, problems)
