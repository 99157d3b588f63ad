"""Which page tells about a folder of the tree (real or virtual): a delivery level, a member, a section, a
target, its spectral windows, an image set, or any other folder."""

from __future__ import annotations

from collections import Counter

from ..delivery.overview import DeliverySummary, MemberOverview
from ..delivery.scan import Node
from .facts import Page, Section
from .folders import folder_page, image_set_page, section_page, spw_group_page, target_page
from .member import delivery_page, level_section, level_title, member_page, members_inside

DELIVERY_LEVELS = ("root", "project", "science_goal", "group", "products_root")
_VIRTUAL_PAGES = {"target": target_page, "spw_group": spw_group_page, "image_set": image_set_page}


def member_of(node: Node, summary: DeliverySummary | None) -> MemberOverview | None:
    """The member a folder page is about (its page gets a QA card read in a job), or None."""
    real = node.ref or node
    if summary is None or real.role != "member":
        return None
    return next((m for m in summary.members if m.path == real.path), None)


def folder_page_for(node: Node, summary: DeliverySummary | None, qa: list[Section] | None = None) -> Page:
    """The page of a folder; a member's page gets ``qa`` (its QA card) in place of the QA documents' counts."""
    real = node.ref or node
    if node.path is None and node.ref is None and node.role in _VIRTUAL_PAGES:
        return _VIRTUAL_PAGES[node.role](node)
    if summary is not None:
        ov = member_of(node, summary)
        if ov is not None:
            return member_page(ov, qa)
        if real.role in DELIVERY_LEVELS:
            if real.path is None:
                return delivery_page(summary, "Products by target")
            inside = members_inside(summary, real.path)
            if real.role == "root":
                return delivery_page(inside, level_title(real.role, real.display_name))
            counts = Counter(n.role for n in real.iter_dirs() if n is not real)
            level = level_section(real.role, real.name, inside, counts)
            return delivery_page(inside, level_title(real.role, real.display_name), level)
    if real.role == "section":
        return section_page(real)
    return folder_page(node, reading=summary is None)
