"""Facts built once, rendered as text (CLI) and HTML (window); labels and words for people."""

import json
import os
import subprocess
import sys

from qa2explorer.delivery.names import decode
from qa2explorer.delivery.opening import load
from qa2explorer.present.facts import Page
from qa2explorer.present.html import page_html
from qa2explorer.present.labels import field_rows, fit_name, shared_prefix
from qa2explorer.present.member import delivery_page, member_page
from qa2explorer.present.text import page_lines
from qa2explorer.words import human_size, plural

CONT = "member.uid___A001_X133d_X325._G31.41p0.31__sci.spw25_27_29_31.cont.I.tt0.pbcor.fits.gz"


def visible_texts(page: Page) -> list[str]:
    texts = [page.title, page.subtitle or ""]
    for s in page.sections:
        texts += [s.title or ""] + [f.label for f in s.facts] + [c.text for f in s.facts for c in f.value]
        texts += [f.evidence or "" for f in s.facts] + [c.text for row in s.rows for c in row]
        texts += [c.text for c in s.notes + s.bullets] + s.headers
    return [t for t in texts if t]


def test_text_and_html_say_the_same_facts(demo_project):
    opened = load(demo_project)
    pages = [delivery_page(opened.summary)] + [member_page(m) for m in opened.summary.members]
    for page in pages:
        text = "\n".join(page_lines(page))
        html = page_html(page)
        for t in visible_texts(page):
            assert t in text, t
            assert t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in html, t


def test_plurals_and_sizes():
    assert plural(1, "member") == "1 member" and plural(2, "member") == "2 members"
    assert plural(0, "file") == "0 files" and plural(12345, "file") == "12,345 files"
    assert plural(3, "index") == "3 indices" and plural(2, "pass") == "2 passes"
    assert human_size(999) == "999 B" and human_size(4_300_000_000) == "4.3 GB" and human_size(None) == ""


def test_fields_are_plain_labels_and_words():
    rows = dict(field_rows(decode(CONT)))
    assert rows["Target"] == "G31.41+0.31  (written between underscores in the name)"
    assert rows["Intent"] == "science target  (sci)" and rows["Spectral windows"] == "25, 27, 29, 31"
    assert rows["File type"] == "FITS, gzip-compressed" and rows["Taylor term"] == "tt0 — Taylor term 0"
    for label, value in rows.items():
        assert "_" not in label and label[0].isupper(), label
        assert value not in ("True", "False", "None"), (label, value)
    assert "target_quoted" not in str(rows) and "compressed" not in rows


def test_tokens_placed_nowhere_are_listed_as_not_recognised():
    d = decode("weird name with spaces.fits")
    assert d.unparsed == ["weird name with spaces"] and d.kind == "fits_file"
    assert dict(field_rows(d))["Not recognised"] == "weird name with spaces"
    r = subprocess.run([sys.executable, "-m", "qa2explorer", "decode", "--json", "weird name with spaces.fits",
                        "2019.1.01056.S_notes.tar.gz"], capture_output=True, text=True, timeout=60)  # fmt: skip
    first, second = (json.loads(line) for line in r.stdout.splitlines())
    assert first["unparsed"] == ["weird name with spaces"] and second["unparsed"] == ["notes"]
    assert decode(CONT).unparsed == []  # a fully placed product name keeps it empty


def test_long_names_keep_what_tells_them_apart():
    def width(n):
        return lambda text: len(text) <= n

    plots = [f"uid___A002_X10e5ab2_X88f1__qa2_part{i}.png" for i in (1, 2)] + [
        "uid___A002_X10e9c47_X2c5a__textfile.txt"
    ]
    prefix = shared_prefix(plots)
    assert prefix == "uid___A002_"  # cut back to a token boundary
    short = fit_name(plots[0], prefix, width(28))
    assert short.endswith("X88f1__qa2_part1.png") and len(short) <= 28
    product = "NGC_3627_sci.spw17_19_21_23.cont.I.selfcal.alpha.error.fits"
    assert fit_name(product, "", width(60)) == product
    assert fit_name(product, "", width(32)) == "NGC_3627_sci…alpha.error.fits"  # target, end cut at a token
    # siblings sharing their target keep it: only an archive identifier counts as a droppable start
    assert shared_prefix(["NGC_3627_sci.spw16.cube.I.pb.fits", "NGC_3627_sci.spw16_18.cont.I.pb.fits"]) == ""
    assert shared_prefix(["only-one.fits"]) == ""


def test_cli_help_describes_every_argument():
    for command, words in (("decode", ["NAME", "--json", "not recognised"]), ("summary", ["PATH", "--json", "Exit"]),
                           ("demo", ["DIR", "default"])):  # fmt: skip
        r = subprocess.run([sys.executable, "-m", "qa2explorer", command, "--help"], capture_output=True, text=True,
                           timeout=60, env=dict(os.environ, COLUMNS="200"))  # fmt: skip
        assert r.returncode == 0
        for word in words:
            assert word in r.stdout, (command, word)
