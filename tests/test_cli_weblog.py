"""``qa2explorer weblog`` through the real command line: unpack only, serve until Ctrl+C (SIGINT), pick a member's
pipeline weblog, and refuse a hostile or truncated archive with one line and exit status 2."""

import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

from qa2explorer.demo import layout
from tests.archives import make_tgz

HTML = "pipeline-20240110T091200/html"


def run(*args, timeout=120):
    return subprocess.run([sys.executable, "-m", "qa2explorer", "weblog", *args], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONIOENCODING="utf-8"), timeout=timeout)  # fmt: skip


def member(demo_project: str, mous: str = layout.M12) -> str:
    return os.path.join(demo_project, f"science_goal.{layout.SOUS}", f"group.{layout.GOUS}", f"member.{mous}")


def test_extract_only_prints_the_unpacked_folder_and_reuses_it(tmp_path):
    archive = make_tgz(tmp_path / "x.weblog.tgz", {f"{HTML}/index.html": b"<html>home</html>"})
    r = run(archive, "--extract-only")
    assert r.returncode == 0, r.stderr
    folder = r.stdout.strip()
    assert folder.startswith(str(tmp_path / "cache" / "qa2explorer" / "weblogs"))
    assert Path(folder, HTML, "index.html").read_bytes() == b"<html>home</html>"
    assert run(archive, "--extract-only").stdout.strip() == folder


def test_a_member_folder_gives_its_pipeline_weblog_and_names_the_others(demo_project, tmp_path):
    r = run(os.path.join(member(demo_project), "product"), "--extract-only")
    assert r.returncode == 0, r.stderr
    assert os.path.isfile(os.path.join(r.stdout.strip(), HTML, "t1-4.html"))
    r = run(member(demo_project, layout.M7), "--extract-only")  # the 7-m member has a manual weblog only
    assert r.returncode == 0, r.stderr
    assert any(Path(r.stdout.strip()).glob("manual-*/html/index.html"))
    r = run(str(tmp_path), "--extract-only")
    assert r.returncode == 2 and r.stderr.startswith("qa2explorer: ") and r.stderr.count("\n") == 1


def test_served_until_ctrl_c(demo_project):
    proc = subprocess.Popen([sys.executable, "-m", "qa2explorer", "weblog", member(demo_project)], text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    try:
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and url.endswith(f"{HTML}/index.html"), url
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == 200 and response.headers["Content-Type"].startswith("text/html")
            assert b"url=t1-1.html" in response.read()  # the demo's index leads to the home page, as a real one does
        with urllib.request.urlopen(url.replace("index.html", "t1-1.html"), timeout=10) as response:
            assert b"<html" in response.read().lower()
        assert "Ctrl+C stops it" in proc.stderr.readline()
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
        assert "Traceback" not in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_hostile_and_truncated_archives_exit_2_with_one_line(tmp_path):
    hostile = make_tgz(tmp_path / "evil.weblog.tgz", {f"{HTML}/index.html": b"x", "../../../tmp/evil": b"x"})
    r = run(hostile)
    assert r.returncode == 2
    says = "qa2explorer: refused: the entry '../../../tmp/evil' leads outside the folder it is unpacked into\n"
    assert r.stderr == says
    assert r.stdout == ""
    whole = make_tgz(tmp_path / "w.tgz", {f"{HTML}/p{i}.png": os.urandom(30_000) for i in range(6)})
    cut = tmp_path / "cut.weblog.tgz"
    cut.write_bytes(Path(whole).read_bytes()[:100_000])
    r = run(str(cut), "--extract-only")
    assert (r.returncode, r.stderr) == (2, "qa2explorer: cannot unpack cut.weblog.tgz: truncated\n")
    root = tmp_path / "cache" / "qa2explorer" / "weblogs"
    assert not root.exists() or os.listdir(root) == []


def test_a_file_of_the_member_gives_its_weblog_and_bad_ports_are_one_line(demo_project):
    report = os.path.join(member(demo_project), "qa", f"member.{layout.M12}.qa2_report.pdf")
    r = run(report, "--extract-only")  # not a weblog: the member's own is meant
    assert r.returncode == 0, r.stderr
    assert os.path.isfile(os.path.join(r.stdout.strip(), HTML, "t1-4.html"))
    for port in ("70000", "-1", "http"):
        r = run(member(demo_project), "--port", port)
        assert r.returncode == 2 and "Traceback" not in r.stderr and "--port" in r.stderr.splitlines()[-1]
