"""The products of a delivery arranged as member → target → spectral windows → image set → files.

Built from virtual :class:`Node` objects (``path`` None) whose leaves point at the real file nodes (``ref``),
so the same tree model and filter serve both the folder view and this one.
"""

from __future__ import annotations

from .imagesets import group_image_sets, spw_title, target_title
from .overview import MemberOverview
from .scan import Node


def _virtual(name: str, parent: Node | None, role: str, label: str | None = None) -> Node:
    node = Node(name, None, parent, True)
    node.role = role
    node.label = label or name
    node.children = []
    return node


def _attach(parent: Node, child: Node) -> None:
    child.parent = parent
    child.row = len(parent.children)
    parent.children.append(child)


def product_tree(root: Node, overviews: dict[str, MemberOverview] | None = None) -> Node:
    """``overviews`` (by member path) label the members; without them the folder name is used."""
    top = _virtual(root.name, None, "products_root", "Products by target")
    for member in sorted((n for n in root.iter_dirs() if n.role == "member"), key=lambda n: n.path or n.name):
        product = member.child("product")
        files = {f.name: f for f in product.iter_files()} if product is not None else {}
        if not files:
            continue
        ov = (overviews or {}).get(member.path or "")
        label = f"{ov.mous or member.display_name}" if ov else member.display_name
        if ov and ov.array:
            label += f" · {ov.array}"
        m = _virtual(member.name, top, "member", label)
        m.ref = member
        _attach(top, m)
        decoded = [f.decoded for f in files.values()]
        targets: dict[tuple, Node] = {}
        spw_groups: dict[tuple, Node] = {}
        for s in group_image_sets(decoded):
            tkey = (s.target, s.intent)
            t = targets.get(tkey)
            if t is None:
                t = targets[tkey] = _virtual(s.target or "?", m, "target", target_title(s.target, s.intent))
                _attach(m, t)
            gkey = tkey + (s.spws,)
            g = spw_groups.get(gkey)
            if g is None:
                g = spw_groups[gkey] = _virtual("spw" + "_".join(map(str, s.spws)), t, "spw_group", spw_title(s.spws))
                _attach(t, g)
            set_node = _virtual(s.label, g, "image_set", s.label)
            _attach(g, set_node)
            for role, name in s.files.items():
                real = files[name]
                leaf = Node(real.name, None, set_node, False)
                leaf.ref = real
                leaf.label = role
                leaf.size = real.size
                leaf.decoded = real.decoded
                _attach(set_node, leaf)
        others = [f for f in files.values() if f.decoded.kind != "image_product"]
        if others:
            o = _virtual("other", m, "folder", "Other product files")
            _attach(m, o)
            for real in sorted(others, key=lambda n: n.name.lower()):
                leaf = Node(real.name, None, o, False)
                leaf.ref, leaf.size, leaf.decoded = real, real.size, real.decoded
                _attach(o, leaf)
    for node in reversed(list(top.iter_dirs())):  # children before parents: sizes of the virtual folders
        node.size = sum(c.size or 0 for c in node.children or ())
    return top
