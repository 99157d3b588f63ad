"""Group image products into image sets: everything that belongs to one image (pbcor, pb, mask, Taylor terms,
spectral index), and arrange sets as target → spectral windows → set."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..words import natural_key
from .describe import display_target, spw_words
from .names import DecodedName
from .vocabulary import intent_order, intent_words

SPECMODE_ORDER = {"cont": 0, "mfs": 1, "cube": 2, "repBW": 3, None: 4}


@dataclass
class ImageSet:
    mous: str | None
    target: str | None
    intent: str | None
    spws: tuple[int, ...]
    specmode: str | None
    calibration: str | None
    stokes: str | None
    comment: str | None
    files: dict[str, str] = field(default_factory=dict)  # role ("pbcor", "pb.tt0", "mask", "alpha"…) -> name

    @property
    def primary(self) -> str | None:
        """The file a user opens first: the pb-corrected image (Taylor term 0 for multi-term), else anything."""
        for role in ("pbcor", "pbcor.tt0", "sd", "image", "image.tt0"):
            if role in self.files:
                return self.files[role]
        return next(iter(self.files.values()), None)

    @property
    def label(self) -> str:
        parts = [self.specmode or ("single dish" if "sd" in self.files else "image")]
        if self.calibration == "selfcal":
            parts.append("selfcal")
        if self.stokes:
            parts.append(f"Stokes {self.stokes}")
        if self.comment:
            parts.append(self.comment)
        return " · ".join(parts)

    def to_dict(self) -> dict:
        return {
            "label": self.label,
            "mous": self.mous,
            "target": self.target,
            "intent": self.intent,
            "spws": list(self.spws),
            "specmode": self.specmode,
            "calibration": self.calibration,
            "stokes": self.stokes,
            "comment": self.comment,
            "primary": self.primary,
            "files": dict(self.files),
        }


def role_of(d: DecodedName) -> str:
    """Role of a product inside its image set: 'pbcor', 'pb', 'mask', 'pbcor.tt1', 'pb.tt0', 'alpha'…"""
    if d.taylor in ("alpha", "alpha.error"):
        return d.taylor
    role = d.layer or "image"
    return f"{role}.{d.taylor}" if d.taylor else role


def group_image_sets(products: list[DecodedName]) -> list[ImageSet]:
    sets: dict[tuple, ImageSet] = {}
    for d in products:
        if d.kind != "image_product":
            continue
        key = (d.mous, d.target, d.intent, tuple(d.spws), d.specmode, d.calibration, d.stokes, d.comment)
        s = sets.get(key)
        if s is None:
            s = sets[key] = ImageSet(*key)
        role = role_of(d)
        if role in s.files:  # same role twice (e.g. .fits and .fits.gz copies): keep both
            role = f"{role} ({d.raw})"
        s.files[role] = d.raw
    return sorted(sets.values(), key=_set_order)


def _set_order(s: ImageSet) -> tuple:
    return (
        intent_order(s.intent),
        natural_key(s.target or ""),
        len(s.spws) == 1,  # aggregate (several spws) first
        s.spws,
        SPECMODE_ORDER.get(s.specmode, 4),
        s.calibration or "",
        s.stokes or "",
        s.comment or "",
    )


def target_title(target: str | None, intent: str | None) -> str:
    title = display_target(target)
    if words := intent_words(intent):
        title += f" ({words})"
    return title


def spw_title(spws: tuple[int, ...]) -> str:
    return spw_words(list(spws)) or "no spw"
