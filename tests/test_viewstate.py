"""What the window shows, driven without any widget: open, select, switch views, reload."""

import os

from qa2explorer.delivery.opening import load
from qa2explorer.demo import layout
from qa2explorer.present.pages import folder_page_for
from qa2explorer.present.text import page_lines
from qa2explorer.viewstate import FOLDERS, PRODUCTS, ViewState

GROUP = f"science_goal.{layout.SOUS}/group.{layout.GOUS}"
M12 = f"{GROUP}/member.{layout.M12}"
CUBE = f"member.{layout.M12}.NGC_3627_sci.spw17.cube.I.pbcor.fits"
README = f"member.{layout.M12}.README.txt"


def opened_state(project, focus=None):
    state = ViewState()
    topics = []
    for topic in ("opening", "listed", "listing_done", "opened", "view_mode", "selection"):
        state.subscribe(topic, lambda t=topic: topics.append(t))
    opened = load(project)
    state.start_opening(project, focus)
    state.first_listed(opened.root)
    state.listing_done(opened.root, opened.stats)
    state.finish_opening(opened)
    return state, topics


def test_opening_goes_through_its_stages(demo_project):
    state, topics = opened_state(demo_project)
    assert topics == ["opening", "listed", "listing_done", "opened"]
    assert state.shown_root is state.folder_root and len(state.summary.members) == 2


def test_select_and_switch_views_keep_the_same_file(demo_project):
    state, topics = opened_state(demo_project)
    cube = os.path.join(demo_project, M12, "product", CUBE)
    node = state.select_path(cube)
    assert node is state.selection and node.path == cube
    state.set_view_mode(PRODUCTS)
    assert state.shown_root is state.products_root
    leaf = state.selection
    assert leaf.path is None and leaf.ref.path == cube and leaf.label == "pbcor"
    assert leaf.parent.role == "image_set" and leaf.parent.label == "cube · Stokes I"
    # a file the products view does not hold: back to the folders, selected there
    readme = os.path.join(demo_project, M12, README)
    assert state.select_path(readme).path == readme and state.view_mode == FOLDERS
    assert topics[4:] == ["selection", "view_mode", "selection", "view_mode", "selection", "selection"]


def test_reload_target(demo_project):
    state, _ = opened_state(demo_project)
    node = state.select_path(os.path.join(demo_project, M12, "product", CUBE))
    assert state.reload_target() == (demo_project, node.path)


def test_the_page_for_each_kind_of_folder(demo_project):
    state, _ = opened_state(demo_project)
    summary = state.summary

    def page(path):
        return "\n".join(page_lines(folder_page_for(state.select_path(path), summary)))

    assert page(demo_project).startswith("Project 2023.1.99999.S")
    assert page(os.path.join(demo_project, M12)).startswith("Member uid://A001/X2f6a/X1c2")
    qa = page(os.path.join(demo_project, M12, "qa"))
    assert qa.startswith(f"qa/ of member.{layout.M12}") and "QA0 report" in qa and "pipeline weblog" in qa
    state.set_view_mode(PRODUCTS)
    target = state.products_root.children[0].children[0]
    state.select(target)
    text = "\n".join(page_lines(folder_page_for(target, summary)))
    assert text.startswith("NGC 3627 (science target)") and "Spectral windows    17, 19, 21, 23" in text
    assert "cube · selfcal · Stokes I" in text and " MB" in text  # image sets with their sizes
