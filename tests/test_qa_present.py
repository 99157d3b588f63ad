"""The QA card's words without a window: requested against achieved (met, or by how much not), manual-QA rows,
documents counted, the pipeline's bands as tones."""

from qa2explorer.present.facts import BAD, FAIR, GOOD, PROBLEM
from qa2explorer.present.qa import documents_section, manual_section, requested_facts, score_cell
from qa2explorer.qa.manual import EbManualQA
from qa2explorer.qa.manual_figures import textfile_figures
from qa2explorer.qa.member_qa import MemberQA
from qa2explorer.qa.scores import Stage

TEXT = """Check of a target image and sensitivity
Requested resolution:  0.50 arcsec
Requested sensitivity: 0.050 mJy/beam
Beam:                  0.62 x 0.48 arcsec (PA 80 deg)
Continuum rms:         {rms} mJy/beam
Total data flagged after calibration: 9.5 %.
"""


def member(rms: str) -> MemberQA:
    eb = EbManualQA("uid://A002/X1/X2", ["/m/qa/a__qa2_part1.png"], "/m/qa/a__textfile.txt",
                    textfile_figures(TEXT.format(rms=rms)))  # fmt: skip
    return MemberQA("/m", {"manual_qa_plot": ["/m/qa/a__qa2_part1.png"]}, manual=[eb])


def test_sensitivity_met_or_not():
    met = {f.label: f for f in requested_facts(member("0.045"))}
    assert [c.text for c in met["Sensitivity"].value] == ["0.045 mJy/beam achieved, 0.050 mJy/beam requested", "met"]
    assert met["Sensitivity"].value[1].tone == GOOD
    missed = {f.label: f for f in requested_facts(member("0.060"))}["Sensitivity"]
    assert missed.value[1].text == "not met: 1.20× the request" and missed.value[1].tone == PROBLEM
    assert {f.label for f in requested_facts(member("0.060"))} == {"Resolution", "Sensitivity"}


def test_manual_rows_and_counted_documents():
    qa = member("0.045")
    (row,) = manual_section(qa).rows
    assert row[0].text == "X2" and row[0].link == "/m/qa/a__qa2_part1.png" and row[1].text == "1 plot"
    assert "achieved rms 0.045 mJy/beam" in row[2].text and "flagged data 9.5 %" in row[2].text
    (doc,) = documents_section(qa).rows
    assert doc[1].text == "1 file, by EB below"


def test_bands_as_tones():
    tones = [score_cell(Stage(1, "t", s)).tone for s in (0.2, 0.5, 0.8, 0.95)]
    assert tones == [BAD, PROBLEM, FAIR, GOOD]
    assert score_cell(Stage(1, "t", None)).text == "–"
