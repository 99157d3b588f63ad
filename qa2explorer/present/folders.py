"""Facts of the folders below a member: a section (product/, qa/…), a target, its spectral windows, an image
set, and any other folder. Built from listed :class:`~qa2explorer.delivery.scan.Node` trees."""

from __future__ import annotations

from collections import Counter, defaultdict

from ..delivery import uids
from ..delivery.describe import KIND_WORDS, describe, display_target
from ..delivery.scan import Node
from ..delivery.vocabulary import intent_words
from ..qa import manual
from ..words import human_size, plural
from .facts import DIM, PROBLEM, Cell, Page, Picture, Section, fact
from .labels import drop_mous_prefix, node_title, node_what

SHOWN_NAMES = 3  # a kind with this many files or fewer lists their names


def _files_of(node: Node) -> list[Node]:
    """The real file nodes below ``node`` (virtual leaves stand for their file)."""
    return [f.ref or f for f in node.iter_files()]


def _size(files: list[Node]) -> int:
    return sum(f.size or 0 for f in files)


def section_page(node: Node) -> Page:
    """A section of a member (product/, calibration/, qa/, script/, log/, raw/): its content by kind."""
    files = _files_of(node)
    member = f" of {node.parent.display_name}" if node.parent is not None else ""
    title = f"{node.display_name}/{member}"
    page = Page(title, f"{plural(len(files), 'file')}, {human_size(_size(files)) or '0 B'}")
    by_kind: dict[str, list[Node]] = defaultdict(list)
    for f in files:
        by_kind[f.decoded.kind].append(f)
    kinds = Section("Content by kind", headers=["What", "Files", "Size", "Detail"])
    for kind, members in sorted(by_kind.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        detail = ""
        if kind == "image_product":
            layers = Counter(f.decoded.layer or f.decoded.taylor or "none" for f in members)
            detail = ", ".join(f"{k} {v}" for k, v in sorted(layers.items()))
        elif ebs := sorted({uids.short(f.decoded.eb) for f in members if f.decoded.eb}):
            detail = ("EB " if len(ebs) == 1 else "EBs ") + ", ".join(ebs)
        elif len(members) <= SHOWN_NAMES:
            detail = ", ".join(drop_mous_prefix(f.display_name) for f in members)
        example = members[0].path if len(members) == 1 else None
        kinds.rows.append(
            [Cell(_kind_title(members), link=example), Cell(str(len(members))), Cell(human_size(_size(members))),
             Cell(detail, tone=DIM)]
        )  # fmt: skip
    if not files:
        kinds.notes.append(Cell("This section is empty.", tone=DIM))
    page.sections.append(kinds)
    if manual := _manual_qa_section(files):
        page.sections.append(manual)
    folders = [c for c in node.children or () if c.is_dir]
    if folders:
        sub = Section("Folders", headers=["Folder", "What", "Size"])
        for c in folders:
            sub.rows.append([Cell(c.display_name, link=c.path), Cell(node_what(c)), Cell(human_size(c.size))])
        page.sections.append(sub)
    _add_error(page, node)
    return page


def _manual_qa_section(files: list[Node]) -> Section | None:
    """One row per EB with manual-QA plots or a textfile, linked to its first plot (the gallery opens there)."""
    by_eb: dict[str, list[Node]] = defaultdict(list)
    for f in files:
        if f.decoded.kind in ("manual_qa_plot", "manual_qa_text") and (eb := manual.eb_of(f.name)) is not None:
            by_eb[eb].append(f)
    if not by_eb:
        return None
    section = Section("Manual QA", headers=["Execution block", "Plots", "Textfile"])
    for eb, members in sorted(by_eb.items(), key=lambda kv: (not kv[0], kv[0])):
        plots = sorted((p for p in members if p.decoded.kind == "manual_qa_plot"), key=lambda p: manual.part_of(p.name))
        text = next((t for t in members if t.decoded.kind == "manual_qa_text"), None)
        first = plots[0] if plots else text
        title = f"Manual QA of EB {uids.short(eb) or '(no uid in the names)'}"
        section.rows.append(
            [Cell(title, link=first.path), Cell(str(len(plots))),
             Cell("yes" if text else "none", tone=None if text else PROBLEM)]
        )  # fmt: skip
    section.notes.append(Cell("Each opens the EB's plots beside its textfile and the key figures read from it.",
                              tone=DIM))  # fmt: skip
    return section


def _kind_title(files: list[Node]) -> str:
    """What these files (of one kind) are, in a few words: their description up to its first colon or dash,
    the same for all of them (a manual weblog is not a pipeline weblog), for several of them ("each EB")."""
    kind = files[0].decoded.kind
    if kind == "image_product":
        return "image products (FITS)"
    titles = {describe(f.decoded).split(":")[0].split(" — ")[0] for f in files}
    title = titles.pop() if len(titles) == 1 else KIND_WORDS.get(kind, kind).split(":")[0]
    return title.replace("one execution block", "each execution block") if len(files) > 1 else title


def target_page(node: Node) -> Page:
    """A target of the products view: its intents, spectral windows and image sets with their sizes."""
    files = _files_of(node)
    intents = sorted({f.decoded.intent for f in files if f.decoded.intent})
    spws = sorted({s for f in files for s in f.decoded.spws})
    page = Page(node_title(node), f"{plural(len(files), 'file')}, {human_size(_size(files)) or '0 B'}")
    page.sections.append(
        Section(
            facts=[
                fact("Intents", ", ".join(intent_words(i) or i for i in intents) or "–"),
                fact("Spectral windows", ", ".join(map(str, spws)) or "–"),
                fact("Member", (node.parent.label or node.parent.display_name) if node.parent else "–"),
            ]
        )
    )
    sets = Section("Image sets", headers=["Spectral windows", "Image set", "Files", "Size"])
    for group in node.children or ():
        for image_set in group.children or ():
            set_files = _files_of(image_set)
            primary = _primary_path(image_set)
            sets.rows.append(
                [Cell(group.label or group.display_name, tone=DIM), Cell(image_set.label or "", link=primary),
                 Cell(", ".join(c.label or "" for c in image_set.children or ())), Cell(human_size(_size(set_files)))]
            )  # fmt: skip
    page.sections.append(sets)
    pictures = [Picture(path, f"{group.label} · {image_set.label}") for group in node.children or ()
                for image_set in group.children or () if (path := _primary_path(image_set))]  # fmt: skip
    if pictures:
        page.sections.append(Section("Thumbnails", pictures=pictures))
    return page


PRIMARY_ROLES = ("pbcor", "pbcor.tt0", "sd", "image", "image.tt0")


def primary_leaf(image_set: Node) -> Node | None:
    """The leaf of an image set (products view) a user looks at first: the pb-corrected image."""
    leaves = [leaf for leaf in image_set.children or () if leaf.ref is not None]
    return next(
        (leaf for role in PRIMARY_ROLES for leaf in leaves if leaf.label == role), leaves[0] if leaves else None
    )


def _primary_path(image_set: Node) -> str | None:
    leaf = primary_leaf(image_set)
    return leaf.ref.path if leaf is not None else None


def spw_group_page(node: Node) -> Page:
    target = node.parent.label if node.parent is not None else ""
    files = _files_of(node)
    page = Page(f"{target} — {node.label}", f"{plural(len(files), 'file')}, {human_size(_size(files)) or '0 B'}")
    sets = Section("Image sets", headers=["Image set", "Files", "Size"])
    for image_set in node.children or ():
        sets.rows.append(
            [Cell(image_set.label or "", link=_primary_path(image_set)),
             Cell(", ".join(c.label or "" for c in image_set.children or ())),
             Cell(human_size(_size(_files_of(image_set))))]
        )  # fmt: skip
    page.sections.append(sets)
    return page


def image_set_page(node: Node) -> Page:
    target = display_target(next((f.decoded.target for f in _files_of(node)), None))
    page = Page(f"{target} — {node.label}", "Image set: the files that belong to one image.")
    files = Section(headers=["Role", "What", "Size"])
    for leaf in node.children or ():
        if leaf.ref is None:
            continue
        files.rows.append(
            [Cell(leaf.label or leaf.display_name, link=leaf.ref.path), Cell(describe(leaf.decoded)),
             Cell(human_size(leaf.ref.size))]
        )  # fmt: skip
    page.sections.append(files)
    return page


def folder_page(node: Node, reading: bool = False) -> Page:
    """Any other folder: what it is, where, how much it holds."""
    real = node.ref or node
    files = list(real.iter_files())
    what = node_what(node)
    page = Page(node_title(node), what or None)
    section = Section()
    if real.path:
        section.notes.append(Cell(real.path, tone=DIM))
    listed = "" if real.children is not None else " (not listed)"
    size = f", {human_size(real.size)}" if real.size else ""
    section.notes.append(Cell(f"{plural(len(files), 'file')}{listed}{size}"))
    if reading:
        section.notes.append(Cell("Reading the delivery…", tone=DIM))
    page.sections.append(section)
    _add_error(page, real)
    return page


def _add_error(page: Page, node: Node) -> None:
    if node.error:
        page.sections.append(Section(notes=[Cell(node.error, tone=PROBLEM)]))
