"""cont.dat: the continuum frequency ranges per field and spw that the pipeline's findcont chose (and that
continuum subtraction uses). Read from the member's calibration/ (or its auxproducts archive, without
unpacking)."""

from __future__ import annotations

import os
import re
import tarfile
from dataclasses import dataclass, field

_RANGE = re.compile(r"^\s*([\d.]+)~([\d.]+)\s*(GHz|MHz|kHz|Hz)\s*(\w+)?", re.IGNORECASE)
_UNITS = {"ghz": 1e9, "mhz": 1e6, "khz": 1e3, "hz": 1.0}
MAX_BYTES = 2_000_000


@dataclass
class SpwRanges:
    ranges: list[tuple[float, float, str]] = field(default_factory=list)  # (low Hz, high Hz, frame)
    flags: list[str] = field(default_factory=list)  # e.g. ALLCONT; ALL / NONE written as a line of their own
    name: str = ""  # PL2024+: the spw's name after its id


def parse_cont_dat(text: str) -> dict[str, dict[int, SpwRanges]]:
    """{field: {spw: SpwRanges}}; lines it does not know are skipped."""
    fields: dict[str, dict[int, SpwRanges]] = {}
    current: dict[int, SpwRanges] | None = None
    spw: SpwRanges | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("Field:"):
            current = fields.setdefault(stripped[6:].strip(), {})
            spw = None
        elif stripped.startswith("SpectralWindow:") and current is not None:
            token = stripped[15:].split()
            if token and token[0].isdigit():
                spw = current.setdefault(int(token[0]), SpwRanges(name=" ".join(token[1:])))
        elif stripped.startswith("Flags:") and spw is not None:
            spw.flags.extend(stripped[6:].split())
        elif stripped.upper() in ("ALL", "NONE") and spw is not None:
            spw.flags.append(stripped.upper())
        elif spw is not None and (m := _RANGE.match(stripped)):
            scale = _UNITS[m.group(3).lower()]
            lo, hi = sorted((float(m.group(1)) * scale, float(m.group(2)) * scale))
            spw.ranges.append((lo, hi, (m.group(4) or "").upper()))
    return fields


def _normal(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.lower())


def ranges_for(
    fields: dict[str, dict[int, SpwRanges]], target: str | None, spws: list[int]
) -> list[tuple[float, float, str]]:
    """The ranges of ``target`` (names compared without case, spaces or punctuation) in any of ``spws``."""
    if not target:
        return []
    wanted = _normal(target)
    for name, by_spw in fields.items():
        if _normal(name) == wanted:
            return [r for s in spws for r in (by_spw.get(s).ranges if s in by_spw else [])]
    return []


def read_member_cont_dat(member: str) -> str | None:
    """The text of the member's cont.dat: a plain file in calibration/, product/ or script/, else the one in
    an auxproducts archive of calibration/ (read from the archive, not extracted)."""
    for section in ("calibration", "product", "script"):
        folder = os.path.join(member, section)
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for name in names:
            if name.endswith("cont.dat"):
                with open(os.path.join(folder, name), "rb") as f:
                    return f.read(MAX_BYTES).decode("utf-8", "replace")
        for name in names:
            if name.endswith(("auxproducts.tgz", "auxproducts.tar")):
                text = _from_archive(os.path.join(folder, name))
                if text is not None:
                    return text
    return None


def _from_archive(path: str) -> str | None:
    try:
        with tarfile.open(path, "r:*") as tar:
            for entry in tar:
                if entry.isfile() and entry.name.endswith("cont.dat") and entry.size <= MAX_BYTES:
                    data = tar.extractfile(entry)
                    return data.read().decode("utf-8", "replace") if data is not None else None
    except (tarfile.TarError, OSError, EOFError):
        return None
    return None


def member_of_product(path: str) -> str | None:
    """The member folder of a file in its product/ section."""
    folder = os.path.dirname(os.path.abspath(path))
    return os.path.dirname(folder) if os.path.basename(folder) == "product" else None
