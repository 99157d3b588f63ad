"""Manual QA of a member: plots grouped by EB whatever the underscores, ordered by part number, captions, the
textfile's key figures — from the demo's textfile and from layouts written here.

No real QA2 textfile is public (corpus/NOTES.md, "Not found"): the layouts below other than the demo's are
plausible ones written for these tests (a Requested / Achieved table, prose in the "Check of a target image and
sensitivity" section, sections with a beam given axis by axis, key = value lines), not copies of real files."""

import json
import os

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from qa2explorer.demo import layout, texts  # noqa: E402
from qa2explorer.jobs import JobError  # noqa: E402
from qa2explorer.qa.manual import (  # noqa: E402
    EMPTY_TEXTFILE,
    NO_FIGURES,
    NO_TEXTFILE,
    PLOT_LIST,
    eb_of,
    manual_qa,
    part_of,
    textfile_figures,
)

EB_A = "uid://A002/Xd81670/X867e"
EB_B = "uid://A002/Xe5aacf/X29ee"


def png(path, title: str) -> None:
    fig = plt.figure(figsize=(4, 3), dpi=50)
    fig.add_subplot().plot([0, 1, 2], [1, 0, 2])
    fig.suptitle(title)
    fig.savefig(path)
    plt.close(fig)


def demo_textfile() -> str:
    return texts.manual_textfile("uid___A002_X10e5ab2_X88f1", "2023-12-18 05:40:12", layout.ANTENNAS_7M,
                                 layout.ANTENNAS_7M[-1], "7.29 x 4.72 arcsec (PA 81 deg)",
                                 "0.41 mJy/beam (aggregate continuum)")  # fmt: skip


@pytest.fixture
def member(tmp_path):
    """A member whose qa/ holds EB A's parts 1, 2, 9, 10 under four spellings and its textfile, EB B's three parts
    (the older ``uid__`` names, one underscore before the suffix) without textfile, and other QA files."""
    qa = tmp_path / "member.uid___A001_X1_X2" / "qa"
    qa.mkdir(parents=True)
    names_a = {
        1: "member.uid___A001_X1_X2.uid___A002_Xd81670_X867e__qa2_part1.png",
        10: "member.uid___A001_X1_X2.uid___A002_Xd81670_X867e__qa2_part10.png",  # sorts before part2 by name
        2: "uid__A002_Xd81670_X867e__qa2_part2.png",
        9: "uid____A002_Xd81670_X867e_qa2_part9.png",
    }
    for part, name in names_a.items():
        png(qa / name, f"A part {part}")
    (qa / "member.uid___A001_X1_X2.uid___A002_Xd81670_X867e__textfile.txt").write_text(demo_textfile())
    for part in (3, 1, 2):
        png(qa / f"uid__A002_Xe5aacf_X29ee_qa2_part{part}.png", f"B part {part}")
    (qa / "uid___A002_Xd81670_X867e.qa0_report.pdf").write_bytes(b"%PDF-1.4\n")
    (qa / "member.uid___A001_X1_X2.qa2_report.pdf").write_bytes(b"%PDF-1.4\n")
    return str(qa.parent)


def test_plots_grouped_by_eb_and_ordered_by_part(member):
    a, b = manual_qa(member)
    assert (a.eb, b.eb) == (EB_A, EB_B)
    assert a.parts == [1, 2, 9, 10]
    assert [os.path.basename(p).split("qa2_")[1] for p in a.plots] == ["part1.png", "part2.png", "part9.png",
                                                                       "part10.png"]  # fmt: skip
    assert all(os.path.isabs(p) and os.path.isfile(p) for p in a.plots + b.plots)
    assert a.textfile.endswith("X867e__textfile.txt") and os.path.isabs(a.textfile)
    assert b.parts == [1, 2, 3] and b.textfile is None and b.figures == [] and b.note == NO_TEXTFILE


def test_captions_only_where_a_part_is_one_plot(member):
    a, b = manual_qa(member)
    # four parts: one plot a page, captioned with the README's items 1, 2, 9, 10
    assert a.captions == [PLOT_LIST[0], PLOT_LIST[1], PLOT_LIST[8], PLOT_LIST[9]]
    assert b.captions == ["", "", ""]  # three pages that each combine several plots: not named


def test_the_qa_folder_itself_and_a_member_without_qa(member, tmp_path):
    assert [e.eb for e in manual_qa(os.path.join(member, "qa"))] == [EB_A, EB_B]
    empty = tmp_path / "member.uid___A001_X1_X9"
    empty.mkdir()
    assert manual_qa(str(empty)) == []
    assert manual_qa(str(tmp_path / "gone")) == []


def test_an_unlistable_folder_is_one_clear_error(tmp_path):
    not_a_folder = tmp_path / "member.uid___A001_X1_X2"
    not_a_folder.write_text("")
    with pytest.raises(JobError, match="cannot list"):
        manual_qa(str(not_a_folder))


def test_json_shape(member):
    a = manual_qa(member)[0].to_dict()
    assert {"eb", "plots", "textfile", "figures"} <= a.keys()
    beam = next(f for f in a["figures"] if f["key"] == "beam")
    assert beam == {"key": "beam", "label": "Achieved beam", "value": "7.29 x 4.72 arcsec (PA 81 deg)", "line": 26,
                    "unit": "arcsec", "major": 7.29, "minor": 4.72, "pa": 81.0}  # fmt: skip
    json.dumps(a)


def test_names(member):
    assert eb_of("uid____A002_Xd81670_X867e_qa2_part9.png") == EB_A
    assert eb_of("member.uid___A001_X1_X2.uid___A002_Xd81670_X867e__textfile.txt") == EB_A
    assert eb_of("uid___A002_Xd81670_X867e.qa0_report.pdf") is None
    assert part_of("uid__A002_Xd81670_X867e__qa2_part12.png") == 12
    assert part_of("uid__A002_Xd81670_X867e__textfile.txt") is None
    assert eb_of("NGC253_qa2_part1.png") == "" and part_of("NGC253_qa2_part1.png") == 1  # no EB uid in the name
    assert eb_of("textfile.txt") is None


def test_files_without_an_eb_uid_come_last_as_one(member):
    qa = os.path.join(member, "qa")
    png(os.path.join(qa, "NGC253_qa2_part2.png"), "no uid")
    *_, unknown = manual_qa(member)
    assert unknown.eb == "" and unknown.parts == [2] and unknown.note == NO_TEXTFILE


def figures(text: str) -> dict:
    return {f.key: f for f in textfile_figures(text)}


def assert_lines(text: str, found: dict) -> None:
    """Each figure's line holds what it shows."""
    lines = text.splitlines()
    for f in found.values():
        assert f.value.split()[0] in lines[f.line - 1], (f, lines[f.line - 1])


def test_demo_textfile_figures():
    text = demo_textfile()
    f = figures(text)
    assert (f["beam"].major, f["beam"].minor, f["beam"].pa) == (7.29, 4.72, 81.0)
    assert (f["rms"].number, f["rms"].unit, f["rms"].value) == (0.41, "mJy/beam", "0.41 mJy/beam (aggregate continuum)")
    assert f["flagged"].number == 6.8  # the total, not the shadowed 2.1 % before it
    assert f["target"].value == "NGC_3627" and f["refant"].value == "CM02" and f["antennas"].number == 11
    assert f["array"].value == "7-m (ACA)" and f["date"].value == "2023-12-18 05:40:12"
    assert f["phase_cal"].value == "J1118+1234"
    assert (f["requested_resolution"].number, f["requested_rms"].number) == (7.0, 0.5)
    assert not {"requested_beam", "pwv"} & f.keys()
    assert_lines(text, f)
    assert [x.key for x in textfile_figures(text)][:3] == ["beam", "rms", "requested_resolution"]  # summary order


TABLE = """\
QA2 report for EB uid___A002_Xd81670_X867e
Project 2019.1.01056.S, SB NGC_628_a_06_TM1

Observed on: 2019-10-03T04:12:55   PWV: 1.35 mm
Number of antennas: 43            Refant: DA45

Science goal check
                    Requested      Achieved
Angular resolution  0.50 arcsec    0.52 x 0.41 arcsec, PA -72.3 deg
Sensitivity         0.30 mJy/beam  0.28 mJy/beam
Flagged data        -              12.4 %
"""


def test_requested_achieved_table():
    f = figures(TABLE)
    assert (f["beam"].major, f["beam"].minor, f["beam"].pa, f["beam"].line) == (0.52, 0.41, -72.3, 9)
    assert (f["requested_resolution"].number, f["requested_resolution"].line) == (0.5, 9)
    assert (f["rms"].number, f["requested_rms"].number) == (0.28, 0.30)
    assert f["flagged"].number == 12.4 and f["pwv"].number == 1.35
    assert f["date"].value == "2019-10-03T04:12:55"  # not the PWV beside it
    assert f["refant"].value == "DA45" and f["antennas"].number == 43
    assert_lines(TABLE, f)


PROSE = """\
ALMA manual QA2 -- uid://A002/Xe5aacf/X29ee

1. Observation
The EB was observed on 2019 Dec 03 with 46 antennas and a median PWV of 0.9 mm.
About 4.5% of the data were flagged (shadowing and bad Tsys), 9.8% in total after calibration.

2. Check of a target image and sensitivity
A continuum image of the target gives an achieved resolution of 1.2"x0.9" (PA = -85.1 deg) and an rms of 45 uJy/beam; the requested sensitivity was 60 µJy/beam, and the theoretical rms is 38 uJy/beam. The primary beam is 25 arcsec.
"""  # noqa: E501


def test_prose():
    f = figures(PROSE)
    assert (f["beam"].major, f["beam"].minor, f["beam"].pa) == (1.2, 0.9, -85.1)
    assert f["beam"].value == '1.2"x0.9" (PA = -85.1 deg)'
    assert f["rms"].number == pytest.approx(0.045) and f["rms"].unit == "mJy/beam" and f["rms"].value == "45 uJy/beam"
    assert f["requested_rms"].number == pytest.approx(0.06)
    assert f["theoretical_rms"].number == pytest.approx(0.038)
    assert f["flagged"].number == 9.8 and f["flagged"].line == 5  # "in total", not the 4.5 % before it
    assert f["antennas"].number == 46 and f["pwv"].number == 0.9
    assert "resolution" not in f  # the primary beam's 25 arcsec is not the resolution
    assert_lines(PROSE, f)


SECTIONS = """\
# qa2 textfile  EB uid___A002_X9ee74a_X26f0
Source = W51
Date = 2014-12-13
Ref. antenna = DV08

Requested (PI)
  resolution .......... 0.25"
  sensitivity ......... 1.5 mJy

Achieved
  Beam major (arcsec) : 0.31
  Beam minor (arcsec) : 0.24
  Beam PA (deg)       : 88
  rms                 : 1.2e-3 Jy/beam
  flagged fraction    : 3 %
"""


def test_sections_and_a_beam_axis_by_axis():
    f = figures(SECTIONS)
    assert (f["beam"].major, f["beam"].minor, f["beam"].pa, f["beam"].line) == (0.31, 0.24, 88.0, 11)
    assert f["rms"].number == pytest.approx(1.2) and f["rms"].unit == "mJy/beam"
    assert (f["requested_resolution"].number, f["requested_rms"].number, f["requested_rms"].unit) == (0.25, 1.5, "mJy")
    assert f["target"].value == "W51" and f["date"].value == "2014-12-13" and f["refant"].value == "DV08"
    assert f["flagged"].number == 3


KEY_VALUES = """\
eb_uid                      = uid___A002_Xb70397_X9f06
target                      = FeO
synthesized beam            = 450 mas x 380 mas, PA 12.5 deg
image rms (line, 1 km/s)    = 2.1 mJy beam-1
requested beam              = 0.5"x0.5"
requested rms               = 2.5 mJy/beam
"""


def test_key_values_in_mas_and_beam_minus_one():
    f = figures(KEY_VALUES)
    assert (f["beam"].major, f["beam"].minor, f["beam"].pa) == (pytest.approx(0.45), pytest.approx(0.38), 12.5)
    assert (f["rms"].number, f["rms"].unit) == (2.1, "mJy/beam")
    assert (f["requested_beam"].major, f["requested_rms"].number) == (0.5, 2.5)
    assert f["target"].value == "FeO"


UNKNOWN = """\
12 0.3 0.4
13 0.5 0.1
end of listing
"""


def test_an_unknown_layout_gives_no_figures_and_says_so(member):
    assert textfile_figures(UNKNOWN) == []
    path = os.path.join(member, "qa", "uid___A002_Xd81670_X867e__textfile.txt")
    os.remove(os.path.join(member, "qa", "member.uid___A001_X1_X2.uid___A002_Xd81670_X867e__textfile.txt"))
    with open(path, "w") as f:
        f.write(UNKNOWN)
    a = manual_qa(member)[0]
    assert a.textfile == path and a.figures == [] and a.note == NO_FIGURES
    with open(path, "w") as f:
        f.write("\n  \n")
    assert manual_qa(member)[0].note == EMPTY_TEXTFILE


def test_an_unreadable_textfile_is_said_in_the_note(member):
    qa = os.path.join(member, "qa")
    os.remove(os.path.join(qa, "member.uid___A001_X1_X2.uid___A002_Xd81670_X867e__textfile.txt"))
    os.mkdir(os.path.join(qa, "uid___A002_Xd81670_X867e__textfile.txt"))  # a folder by that name
    a = manual_qa(member)[0]
    assert a.figures == [] and a.note.startswith("cannot read the textfile")
