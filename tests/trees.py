"""Build real delivery trees on disk from listings (seed documents, corpus ``tree`` output)."""

from __future__ import annotations

import os
import re
from pathlib import Path

_MARK = re.compile(r"[├└]── ?")
# Folders that a listing may show without children.
_KNOWN_DIRS = re.compile(r"^(product|calibration|qa|script|log|raw|calibrated|rawdata|working|tar|pipeline-\w+)$")


def parse_tree_listing(text: str) -> list[str]:
    """Paths (folders end with '/') from ``tree`` output with box-drawing characters.

    The corpus copy mixes no-break spaces and tabs, so depth comes from the column of the branch mark after
    expanding tabs to 4 columns. The first line without a mark is the root and is not part of the paths.
    """
    entries: list[tuple[int, str]] = []
    for line in text.splitlines():
        line = line.replace("\u00a0", " ").expandtabs(4)
        m = _MARK.search(line)
        if not m:
            continue
        name = line[m.end() :].strip()
        if not name:
            continue
        entries.append(((m.start() + 1) // 4, name))
    paths: list[str] = []
    stack: list[str] = []
    for i, (depth, name) in enumerate(entries):
        stack[depth:] = [name]
        is_dir = (i + 1 < len(entries) and entries[i + 1][0] > depth) or bool(_KNOWN_DIRS.match(name))
        paths.append("/".join(stack) + ("/" if is_dir and " -> " not in name else ""))
    return paths


def build(base: Path, paths: list[str], *, asdm_dirs: bool = True) -> Path:
    """Create ``paths`` under ``base``: folders for entries ending in '/', symlinks for "name -> target",
    small files otherwise. Raw ASDMs (``*.asdm.sdm``) become folders with an ASDM.xml, as unpacked ASDMs are."""
    for p in paths:
        if " -> " in p:
            link, dest = p.split(" -> ", 1)
            (base / link).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(dest, base / link)
            continue
        target = base / p
        if p.endswith("/"):
            target.mkdir(parents=True, exist_ok=True)
        elif asdm_dirs and p.endswith(".asdm.sdm"):
            target.mkdir(parents=True, exist_ok=True)
            (target / "ASDM.xml").write_text("<ASDM/>\n")
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(f"{os.path.basename(p)}\n")
    return base


def expand_member(mous: str, names: list[str]) -> list[str]:
    """Seed listings write ``member..X`` for ``member.<MOUS>.X``; put the MOUS back."""
    return [n.replace("member..", f"member.{mous}.") for n in names]
