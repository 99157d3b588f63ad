"""The other files of an image's set beside it on disk: its primary beam and its clean mask."""

from __future__ import annotations

import os

from ..delivery.imagesets import role_of
from ..delivery.names import DecodedName, decode


def _set_key(d: DecodedName) -> tuple:
    return (d.mous, d.target, d.intent, tuple(d.spws), d.specmode, d.calibration, d.stokes, d.comment)


def companions(path: str) -> dict[str, str]:
    """{'pb': path, 'mask': path} for the files of ``path``'s image set in its folder (either may be absent).
    A Taylor-term image pairs with the pb of its term (tt0 with pb.tt0) or the plain pb."""
    d = decode(os.path.basename(path))
    if d.kind != "image_product":
        return {}
    folder = os.path.dirname(path) or "."
    key = _set_key(d)
    found: dict[str, str] = {}
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return {}
    wanted_pb = {"pb", f"pb.{d.taylor}"} if d.taylor and not d.taylor.startswith("alpha") else {"pb", "pb.tt0"}
    for name in names:
        other = decode(name)
        if other.kind != "image_product" or _set_key(other) != key or name == os.path.basename(path):
            continue
        role = role_of(other)
        if role in wanted_pb and ("pb" not in found or role == f"pb.{d.taylor}"):
            found["pb"] = os.path.join(folder, name)
        elif role == "mask" and "mask" not in found:
            found["mask"] = os.path.join(folder, name)
    return found
