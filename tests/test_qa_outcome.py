"""The QA verdicts the reports state: phrasings of QA2 and QA0 status, read from real PDFs written here with
matplotlib; SemiPass EBs named on the card; reports that state nothing or cannot be read give nothing."""

import pytest
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from qa2explorer.present.facts import GOOD, PROBLEM
from qa2explorer.present.qa import verdict_facts
from qa2explorer.qa.member_qa import MemberQA
from qa2explorer.qa.outcome import report_verdict, verdict_in


def pdf(path, lines: list[str], pages: int = 1) -> str:
    with PdfPages(path) as out:
        for p in range(pages):
            fig = Figure(figsize=(8.27, 11.69))
            for i, line in enumerate(lines if p == pages - 1 else ["Contents", "1. Summary"]):
                fig.text(0.1, 0.9 - 0.03 * i, line, fontsize=10)
            out.savefig(fig)
    return str(path)


@pytest.mark.parametrize(
    "text, level, status",
    [
        ("QA2 status:          PASS", "QA2", "Pass"),
        ("QA2 Result: Semi-Pass (timed out)", "QA2", "SemiPass"),
        ("The data were declared QA2_SEMIPASS", "QA2", "SemiPass"),
        ("QA0 Status: SemiPass", "QA0", "SemiPass"),
        ("QA0 status:      Pass\nQA2 status: FAIL", "QA2", "Fail"),
        ("QA0 status:      Pass", "QA2", None),  # another level's verdict is not this one's
        ("passed all checks", "QA2", None),
        ("This member does not meet the QA2 pass criteria.\nQA2 status: SemiPass", "QA2", "SemiPass"),
        ("QA0 passed for EB X\nQA0 status: SemiPass", "QA0", "SemiPass"),  # the stated status wins
        ("meets the QA2 pass criteria", "QA2", None),
    ],
)
def test_phrasings(text, level, status):
    assert verdict_in(text, level) == status


def test_from_report_pdfs(tmp_path):
    qa0 = pdf(tmp_path / "uid___A002_Xc27dd7_X2fc3.qa0_report.pdf", ["QA0 Report", "QA0 status:      SemiPass"])
    verdict = report_verdict(qa0, "QA0")
    assert (verdict.status, verdict.eb, verdict.flagged) == ("SemiPass", "uid://A002/Xc27dd7/X2fc3", True)
    qa2 = pdf(tmp_path / "member.uid___A001_X1_X2.qa2_report.pdf", ["QA2 Report", "QA2 status: PASS"], pages=2)
    assert report_verdict(qa2, "QA2").status == "Pass"  # on the second page
    assert report_verdict(pdf(tmp_path / "n.qa2_report.pdf", ["Summary", "nothing said"]), "QA2") is None
    damaged = tmp_path / "d.qa2_report.pdf"
    damaged.write_bytes(b"%PDF-1.4\n%truncated")
    assert report_verdict(str(damaged), "QA2") is None


def test_the_card_names_semipass_ebs(tmp_path):
    ok = pdf(tmp_path / "uid___A002_X1_X1.qa0_report.pdf", ["QA0 status: Pass"])
    semi = pdf(tmp_path / "uid___A002_X1_X2.qa0_report.pdf", ["QA0 status: SemiPass"])
    qa = MemberQA(str(tmp_path), qa0=[report_verdict(ok, "QA0"), report_verdict(semi, "QA0")])
    (qa0,) = verdict_facts(qa)
    assert [(c.text, c.tone) for c in qa0.value] == [("X2 SemiPass;", PROBLEM), ("1 EB Pass", GOOD)]


def test_requested_and_achieved_from_a_report_table(tmp_path):
    from qa2explorer.present.qa import requested_facts
    from qa2explorer.qa.outcome import report_text
    from qa2explorer.qa.report_figures import report_figures

    path = pdf(tmp_path / "member.uid___A001_X1_X2.qa2_report.pdf", [
        "Requested and achieved", "Requested        Achieved", "Angular resolution     450 mas     0.52 x 0.41 arcsec",
        "Line sensitivity (10 km/s)   1.5 mJy/beam    1.8 mJy/beam",
        "Continuum sensitivity   60 uJy/beam   45 µJy/beam",
        "Comments from the reviewer", "Continuum rms 0.05 mJy/beam 0.04 mJy/beam"])  # fmt: skip
    figures = report_figures(report_text(path))
    assert [(f.key, f.value) for f in figures] == [
        ("requested_resolution", "450 mas"),
        ("beam", "0.52 x 0.41 arcsec"),
        ("requested_rms", "1.5 mJy/beam"),
        ("rms", "1.8 mJy/beam"),
        ("requested_rms", "60 uJy/beam"),
        ("rms", "45 µJy/beam"),
    ]  # fmt: skip  (the line after the table is not read into it)
    assert figures[0].number == pytest.approx(0.45) and figures[5].number == pytest.approx(0.045)
    facts = {f.label: f for f in requested_facts(MemberQA(str(tmp_path), report_figures=figures))}
    assert list(facts) == ["Resolution", "Line sensitivity (10 km/s)", "Continuum sensitivity"]
    assert facts["Line sensitivity (10 km/s)"].value[1].text == "not met: 1.20× the request"
    assert facts["Resolution"].value[1].text == "(1.03× the request)"  # √(0.52 × 0.41) against 0.45
    assert facts["Continuum sensitivity"].value[1].text == "met" and facts["Resolution"].evidence == "QA2 report"
    assert report_figures("Summary\nAngular resolution 1.2 arcsec 1.3 arcsec\n") == []  # no table header: nothing


def test_unreadable_and_silent_reports_are_said(tmp_path, monkeypatch):
    from qa2explorer.qa.member_qa import member_qa

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    qa_dir = tmp_path / "member.uid___A001_X1_X2" / "qa"
    qa_dir.mkdir(parents=True)
    (qa_dir / "member.uid___A001_X1_X2.qa2_report.pdf").write_bytes(b"%PDF-1.4 damaged")
    pdf(qa_dir / "uid___A002_X1_X1.qa0_report.pdf", ["QA0 status: Pass"])
    pdf(qa_dir / "uid___A002_X1_X2.qa0_report.pdf", ["Weather: fine"])
    (qa_dir / "uid___A002_X1_X3.qa0_report.pdf").write_bytes(b"")
    qa = member_qa(str(qa_dir.parent))
    facts = {f.label: " ".join(c.text for c in f.value) for f in verdict_facts(qa)}
    assert facts["QA2 outcome"] == "not known: its QA2 report cannot be read"
    assert facts["QA0"] == "1 EB Pass; 1 report cannot be read; 1 report without a status"
    html = qa_dir / "member.uid___A001_X1_X2.qa2_report.html"
    html.write_text("<html><body><h1>QA2 Report</h1><table><tr><td>QA2 status</td><td>FAIL</td></tr></table>")
    (qa_dir / "member.uid___A001_X1_X2.qa2_report.pdf").unlink()
    assert member_qa(str(qa_dir.parent)).qa2.status == "Fail"  # an older delivery's HTML report
