"""PDF reports read with PDFium (qa.pdf): real PDFs written with matplotlib, broken and encrypted ones."""

import os
import threading

import numpy as np
import pytest

from qa2explorer.jobs import JobError
from qa2explorer.qa.pdf import PasswordError, PdfFile
from tests.pdf_files import CALIBRATOR, SECRET_TEXT, write_encrypted, write_image_only, write_report

A4_POINTS = (595.44, 841.68)  # matplotlib's 8.27 × 11.69 inches


@pytest.fixture
def report(tmp_path):
    path = str(tmp_path / "member.uid___A001_X1_X2.qa2_report.pdf")
    counts = write_report(path)
    pdf = PdfFile(path)
    yield pdf, counts
    pdf.close()


def test_pages_sizes_and_metadata(report):
    pdf, _counts = report
    assert pdf.info.pages == 3
    assert pdf.info.sizes[0] == pytest.approx(A4_POINTS, abs=0.01)
    assert pdf.info.sizes[2] == pytest.approx(A4_POINTS[::-1], abs=0.01)  # the landscape page
    assert pdf.info.title == "QA2 report uid://A001/X1/X2" and pdf.info.author == "ALMA QA2 analyst"
    assert pdf.has_text()


def test_render_sizes_follow_the_scale(report):
    pdf, _counts = report
    for scale in (0.5, 150 / 72, 4.0):
        pixels = pdf.render(0, scale)
        assert pixels.dtype == np.uint8 and pixels.shape[2] == 4
        assert pixels.shape[:2] == pytest.approx((A4_POINTS[1] * scale, A4_POINTS[0] * scale), abs=1)
    landscape = pdf.render(2, 1.0)
    assert landscape.shape[:2] == pytest.approx(A4_POINTS, abs=1)  # rows: its height, 595 points


def test_render_draws_text_and_the_image(report):
    pdf, _counts = report
    text_page = pdf.render(0, 1.0)
    assert (text_page[0, 0, :3] == 255).all()  # white paper
    assert (text_page[:, :, :3] < 100).any()  # black text somewhere
    image_page = pdf.render(1, 1.0).astype(int)
    # the inferno image: coloured pixels (red well above blue) fill the middle of the page
    middle = image_page[300:500, 150:450, :3]
    assert ((middle[:, :, 0] - middle[:, :, 2]) > 40).mean() > 0.2


def test_search_finds_the_calibrator_on_the_right_pages(report):
    pdf, counts = report
    hits = pdf.search(CALIBRATOR.lower())  # case does not matter
    per_page = {page: sum(1 for h in hits if h.page == page) for page in counts}
    assert per_page == counts
    width, height = A4_POINTS
    for hit in hits:
        assert len(hit.rects) == 1
        x0, y0, x1, y1 = hit.rects[0]
        w, h = pdf.info.sizes[hit.page]
        assert 0 <= x0 < x1 <= w and 0 <= y0 < y1 <= h
        assert 20 < x1 - x0 < 120 and 5 < y1 - y0 < 20  # ten characters of 10-point text
    # the first line of page 1 sits near its top (0.88 of the height, counted from the bottom): y is flipped
    first = hits[0].rects[0]
    assert first[1] == pytest.approx(height * 0.12, abs=8)
    assert pdf.search(CALIBRATOR, match_case=True) and not pdf.search(CALIBRATOR.lower(), match_case=True)
    assert pdf.search("no such words") == []


def test_a_second_search_skips_pages_that_cannot_match(report):
    pdf, counts = report
    first = pdf.search(CALIBRATOR)
    for page in list(pdf._pages):  # forget the parsed pages: what a search parses again shows up here
        pdf._pages.pop(page).close()
    assert pdf.search(CALIBRATOR) == first
    assert sorted(pdf._pages) == [p for p, n in counts.items() if n]  # the image page was not parsed again
    assert pdf.search("19242914") == [] and pdf.search("Phase Calibrator: J1751+0939")  # case, not hyphens


def test_search_page_counts_characters(report):
    pdf, _counts = report
    hits, chars = pdf.search_page(1, CALIBRATOR)
    assert hits == [] and chars > 0  # the image page's title and axis labels


def test_a_page_without_text(tmp_path):
    path = str(tmp_path / "scan.pdf")
    write_image_only(path)
    pdf = PdfFile(path)
    try:
        assert not pdf.has_text()
        assert pdf.search_page(0, "anything") == ([], 0)
        assert pdf.render(0, 0.5).shape[2] == 4
    finally:
        pdf.close()


def test_used_on_another_thread_is_refused(report):
    pdf, _counts = report
    errors = []

    def other():
        try:
            pdf.render(0, 0.5)
        except RuntimeError as exc:
            errors.append(str(exc))

    thread = threading.Thread(target=other)
    thread.start()
    thread.join()
    assert errors and "thread" in errors[0]


def _write(path, data: bytes) -> str:
    with open(path, "wb") as f:
        f.write(data)
    return str(path)


@pytest.mark.parametrize(
    "make, expected",
    [
        (lambda d, good: str(d / "missing.pdf"), "no such file: "),
        (lambda d, good: _write(d / "empty.pdf", b""), "not a PDF or damaged: empty.pdf (the file is empty)"),
        (lambda d, good: _write(d / "half.pdf", good[: len(good) // 2]), "not a PDF or damaged: half.pdf"),
        (
            lambda d, good: _write(d / "page.qa2_report.pdf", b"<html><body>404 Not Found</body></html>\n"),
            "not a PDF or damaged: page.qa2_report.pdf",
        ),
        (lambda d, good: _write(d / "noise.pdf", b"%PDF-1.4\n" + os.urandom(5000)), "not a PDF or damaged: noise"),
        (lambda d, good: str(d), "not a file: "),
    ],
    ids=["missing", "empty", "truncated", "html-renamed", "garbage", "folder"],
)
def test_broken_files_say_so_in_one_line(tmp_path, make, expected):
    good = str(tmp_path / "good.pdf")
    write_report(good)
    with open(good, "rb") as f:
        path = make(tmp_path, f.read())
    with pytest.raises(JobError) as caught:
        PdfFile(path)
    message = str(caught.value)
    assert expected in message and "\n" not in message


def test_encrypted_needs_its_password(tmp_path):
    path = str(tmp_path / "locked.qa0_report.pdf")
    write_encrypted(path, "alma")
    with pytest.raises(PasswordError, match="locked.qa0_report.pdf is protected by a password"):
        PdfFile(path)
    with pytest.raises(PasswordError, match="the password is not right"):
        PdfFile(path, password="wrong")
    pdf = PdfFile(path, password="alma")
    try:
        assert pdf.info.pages == 1
        (hit,) = pdf.search(SECRET_TEXT)
        assert hit.page == 0 and hit.rects[0][1] == pytest.approx(842 - 700 - 24, abs=8)  # the text's top
    finally:
        pdf.close()


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions, and root reads every file"
)
def test_unreadable_file(tmp_path):
    path = str(tmp_path / "private.pdf")
    write_report(path)
    os.chmod(path, 0)
    with pytest.raises(PermissionError):
        PdfFile(path)
