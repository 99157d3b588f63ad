"""Decode ALMA delivery file names into their fields.

The documented product grammar (QA2 products for Cycle 7/12, §4.3) is

    <MOUS>.<target>_<intent>.spw<ids>.<mfs|cube|cont|repBW>[.selfcal].<Stokes>[.<comment>]
        [.tt0|.tt1|.alpha|.alpha.error].<pbcor|pb|mask|sd>.fits[.gz]

but real names break it in many ways (``pb.tt0`` next to ``tt0.pbcor``, ``manual.image.pbcor``, TP
``<target>.spw17.I.sd.im.fits`` without intent or specmode, ``ari_l.`` products with a frequency and an array,
quoted targets ``._G31.41p0.31__sci.``, names without ``member.`` or without any MOUS, LP group releases).
So the decoder anchors on the one token every image product has (``spw<ids>``), places the tokens around it
from small vocabularies in any order, keeps the raw name, never raises, and lists what it could not place.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from . import kinds, uids, vocabulary

SPECMODES = {"mfs": "mfs", "cube": "cube", "cont": "cont", "repbw": "repBW"}
CALIBRATIONS = {"selfcal", "regcal"}
LAYERS = {
    "pbcor": "pbcor",
    "pb": "pb",
    "mask": "mask",
    "sd": "sd",
    "residual": "residual",
    "model": "model",
    "psf": "psf",
    "sumwt": "sumwt",
    "weight": "weight",
}
STOKES = re.compile(r"(?:I|Q|U|V|IQUV|IQU|IQ|IV|QU|UV|XX|YY|XY|YX|XXYY|RR|LL|RRLL|P|A)")
STOKES_WITH_COMMENT = re.compile(rf"({STOKES.pattern})_(\w+)")
TAYLOR = re.compile(r"tt\d")
ITERATION = re.compile(r"iter(\d+)")
STAGE = re.compile(r"s\d+_\d+")
VERSION = re.compile(r"v\d+")
ARRAY = re.compile(r"(?:12m|7m|TP|ACA)(?:[A-Za-z0-9-]*)")  # 12m, 7m, 12m7mTP, 12m7mMopra, 12mGBT-MUSTANG
SPW = re.compile(r"spw(\d+(?:_\d+)*?)(?:_(\d+(?:\.\d+)?[MG]Hz))?")
LP_FREQUENCY = re.compile(r"(\d+(?:\.\d+)?(?:-\d+(?:\.\d+)?)?GHz(?:_bw\d+(?:\.\d+)?GHz)?)(?:\.|$)")
TARBALL = re.compile(
    r"^(?P<project>\d{4}\.[0-9A-Z]\.\d{5}\.[A-Z])_(?P<rest>.+)$"
)  # <project>_<uid>_001_of_001.tar, <project>_<eb>.asdm.sdm.tar, <project>_<date>_006_of_011.tar
MANUAL_QA_PART = re.compile(r"_qa2_part(\d+)\.png$")
SESSION = re.compile(r"(?:^|\.)(session_?\w+?)\.(?:aux)?caltables\.")
RECIPE = re.compile(
    r"(?:^|\.)((?:hifa|hif|hifv|hsd|hsdn|manual)_(?:cal|calimage|imaging|image|calsurvey))(?:\.|_weblog)"
)
PREFIX = re.compile(r"^(member|group|oussid)\.")
LEADING_OUS = re.compile(rf"^({uids.OUS_IN_NAME.pattern})(?:\.|_|$)")


@dataclass
class DecodedName:
    """Every field a delivery file name can carry, in the order the app lists them. Unknown fields are None
    (or empty)."""

    raw: str
    kind: str = "other"
    mous: str | None = None
    gous: str | None = None
    project: str | None = None
    eb: str | None = None
    target: str | None = None
    intent: str | None = None
    spws: list[int] = field(default_factory=list)
    specmode: str | None = None
    calibration: str | None = None
    stokes: str | None = None
    comment: str | None = None
    taylor: str | None = None
    layer: str | None = None
    session: str | None = None
    part: int | None = None
    recipe: str | None = None
    array: str | None = None
    frequency: str | None = None
    origin: str | None = None
    stage: str | None = None
    iteration: int | None = None
    version: str | None = None
    extension: str | None = None
    compressed: bool = False
    target_quoted: bool = False
    unparsed: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def _split_extension(name: str) -> tuple[str, str | None, bool]:
    """'x.pb.fits.gz' -> ('x.pb', 'fits', True); 'x.tgz' -> ('x', 'tgz', True); 'README' -> ('README', None, False)."""
    stem, compressed = name, False
    lower = stem.lower()
    if lower.endswith(".gz") and len(stem) > 3:
        stem, compressed = stem[:-3], True
        lower = stem.lower()
    if lower.endswith(".tgz"):
        if (m := re.search(r"\.fits?\.tgz$", lower)) is not None:  # LP releases tar single FITS files
            return stem[: m.start()], "fits.tgz", True
        return stem[:-4], "tgz", True
    for ext in vocabulary.SIMPLE_EXTENSIONS:
        if lower.endswith("." + ext) and len(stem) > len(ext) + 1:
            return stem[: -len(ext) - 1], ext, compressed
    return stem, None, compressed


def _split_target_intent(text: str, decoded: DecodedName) -> None:
    target = text
    for intent in vocabulary.INTENT_SUFFIXES:
        if text.endswith("_" + intent) and len(text) > len(intent) + 1:
            target, decoded.intent = text[: -len(intent) - 1], intent
            break
    if len(target) > 2 and target.startswith("_") and target.endswith("_"):
        target, decoded.target_quoted = target[1:-1], True
    decoded.target = target or None


def _place_tokens(tokens: list[str], decoded: DecodedName, *, free_comment: bool) -> None:
    """Place the tokens after the spw (or array) token. ``free_comment`` lets unknown tokens become comment
    even without a Stokes token (LP releases carry no Stokes)."""
    comment: list[str] = []
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i]
        later = tokens[i + 1 :]
        low = tok.lower()
        if decoded.specmode is None and low in SPECMODES:
            decoded.specmode = SPECMODES[low]
        elif tok in CALIBRATIONS:
            decoded.calibration = tok
        elif decoded.stokes is None and decoded.layer is None and STOKES.fullmatch(tok):
            decoded.stokes = tok
        elif decoded.stokes is None and decoded.layer is None and (m := STOKES_WITH_COMMENT.fullmatch(tok)):
            decoded.stokes = m.group(1)
            comment.append(m.group(2))
        elif TAYLOR.fullmatch(tok) and decoded.taylor is None:
            decoded.taylor = tok
        elif tok == "alpha" and decoded.taylor is None:
            if later[:1] == ["error"]:
                decoded.taylor = "alpha.error"
                i += 1
            else:
                decoded.taylor = "alpha"
        elif low in LAYERS and decoded.layer is None:
            decoded.layer = LAYERS[low]
        elif tok == "flux" and decoded.layer is None and not later:
            decoded.layer = "pb"  # older deliveries name the primary beam ".flux.fits"
        elif tok == "image" and decoded.layer is None:
            # "image" is the CASA image type; it only stands as the layer when nothing more specific follows.
            if not any(t.lower() in LAYERS or TAYLOR.fullmatch(t) for t in later):
                decoded.layer = "image"
        elif tok == "im" and decoded.layer == "sd":
            pass  # TP products end in ".sd.im.fits"
        elif (m := ITERATION.fullmatch(tok)) and decoded.iteration is None:
            decoded.iteration = int(m.group(1))
        elif VERSION.fullmatch(tok) and not later:
            decoded.version = tok
        elif ARRAY.fullmatch(tok) and decoded.array is None:
            decoded.array = tok
        elif free_comment or (decoded.layer is None and decoded.taylor is None and decoded.stokes is not None):
            comment.append(tok)
        else:
            decoded.unparsed.append(tok)
        i += 1
    if comment:
        decoded.comment = ".".join(comment)


def _decode_product(stem: str, decoded: DecodedName) -> bool:
    """Fill the image-product fields from ``stem`` (name without prefix uid and extension). False if ``stem``
    does not look like an image product."""
    tokens = stem.split(".")
    while tokens and tokens[0] == "":
        tokens.pop(0)  # "member..NGC_628_sci…": listings that drop the MOUS
    if tokens and tokens[0] == "ari_l" or decoded.gous and tokens and tokens[0].startswith("lp_"):
        decoded.origin = tokens.pop(0)
    if tokens and STAGE.fullmatch(tokens[0]):
        decoded.stage = tokens.pop(0)
        decoded.origin = decoded.origin or "pipeline_working"

    spw_at = next((i for i, t in enumerate(tokens) if SPW.fullmatch(t)), None)
    if spw_at is not None and spw_at > 0:
        m = SPW.fullmatch(tokens[spw_at])
        decoded.spws = [int(s) for s in m.group(1).split("_")]
        decoded.frequency = m.group(2)
        _split_target_intent(".".join(tokens[:spw_at]), decoded)
        _place_tokens([t for t in tokens[spw_at + 1 :] if t], decoded, free_comment=False)
        return True

    # LP group releases: <target>.<array>.<frequency>.<specmode>.<layer> with no spw token.
    array_at = next((i for i, t in enumerate(tokens) if ARRAY.fullmatch(t)), None)
    if decoded.origin and array_at:
        decoded.target = ".".join(tokens[:array_at])
        decoded.array = tokens[array_at]
        rest = ".".join(tokens[array_at + 1 :])
        if (m := LP_FREQUENCY.search(rest)) is not None:
            decoded.frequency = m.group(1)
            rest = (rest[: m.start()] + "." + rest[m.end() :]).strip(".")
        _place_tokens([t for t in rest.split(".") if t], decoded, free_comment=True)
        return True
    return False


def _strip_prefix(stem: str, decoded: DecodedName) -> str:
    """Remove ``member.uid___…`` / ``group.uid___…`` / ``oussid.`` / ``uid___A001…`` and record the uid."""
    m = PREFIX.match(stem)
    prefix = m.group(1) if m else None
    rest = stem[m.end() :] if m else stem
    if prefix == "oussid":
        return rest
    u = LEADING_OUS.match(rest)
    if u:
        uri = uids.to_uri(u.group(1))
        if prefix == "group":
            decoded.gous = uri
        else:
            decoded.mous = uri
        rest = rest[len(u.group(1)) :].lstrip(".")
    return rest


def _decode(raw: str) -> DecodedName:
    decoded = DecodedName(raw=raw)
    name = raw.rstrip("/").rsplit("/", 1)[-1]
    if not name:
        return decoded
    stem, decoded.extension, decoded.compressed = _split_extension(name)
    decoded.project = uids.find_project(name)
    ebs = uids.find_ebs(name)
    decoded.eb = ebs[0] if ebs else None

    tar = TARBALL.match(name)
    rest = _strip_prefix(tar.group("rest") if tar else stem, decoded)
    if tar and decoded.mous is None and (u := uids.OUS_IN_NAME.match(tar.group("rest"))):
        decoded.mous = uids.to_uri(u.group(0))

    if (s := SESSION.search(name)) is not None:
        decoded.session = s.group(1)
    if (r := RECIPE.search(name)) is not None:
        decoded.recipe = r.group(1)
    if (p := MANUAL_QA_PART.search(name)) is not None:
        decoded.part = int(p.group(1))

    kind = kinds.kind_by_rules(name)
    if kind is not None:
        decoded.kind = kind
        if tar is None and kind == "measurement_set":
            decoded.extension = None
        return decoded

    product_like = decoded.extension in ("fits", "fit", "fts", "fits.tgz", None) or name.endswith(".mask.tgz")
    if product_like and decoded.eb is None and _decode_product(rest, decoded):
        decoded.kind = "image_product"
        return decoded
    if name.endswith(".mask.tgz"):
        decoded.kind = "casa_image_archive"
        decoded.layer = "mask"
        return decoded
    decoded.kind = vocabulary.kind_by_extension(decoded.extension)
    decoded.unparsed = _unplaced(rest if tar is None else _split_extension(rest)[0])
    return decoded


def _unplaced(rest: str) -> list[str]:
    """The tokens of a name (without prefix and extension) that neither a rule nor the product grammar
    placed; uids and project codes are placed wherever they stand."""
    return [t for t in rest.split(".") if t and not uids.EB_IN_NAME.fullmatch(t) and not uids.PROJECT_CODE.fullmatch(t)]


DECODER_ERROR = "<decoder error>"  # in ``unparsed`` when the decoder failed internally (a bug to fix)


def decode(raw: str) -> DecodedName:
    """Decode one file name (a base name or a path). Never raises: a name it cannot read comes back with
    kind 'other' and the raw text."""
    try:
        return _decode(raw)
    except Exception:  # the contract is "never fails"; a bug here must not take the app down
        return DecodedName(raw=raw if isinstance(raw, str) else repr(raw), unparsed=[DECODER_ERROR])
