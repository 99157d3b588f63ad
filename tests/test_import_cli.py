"""``qa2explorer import`` through the entry point: the gap report at the end and exit 0 when everything given
was unpacked, a second import that duplicates nothing, the default target beside the archives, JSON, and exit 2
with one line for an archive refused or corrupt, a file clashing with the tree or a target that cannot be
written (nothing written then), and with --json the same reason and the plan as JSON."""

import json
import os

from qa2explorer.main import main
from tests.archives import MEMBER, MOUS, PROJECT, broken_set, download_set


def test_importing_a_folder_of_tarballs_unpacks_beside_them_and_reports_the_raw_data_not_downloaded(tmp_path, capsys):
    download_set(tmp_path)
    assert main(["import", str(tmp_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [f"{tmp_path / PROJECT}: 9 files written, 0 already there",
                   f"member {MOUS}: raw data not downloaded, 1 ASDM: uid___A002_Xe1d2cb_X5678"]  # fmt: skip
    assert (tmp_path / MEMBER / "README").is_file()
    assert main(["import", str(tmp_path)]) == 0  # again: nothing written, nothing duplicated
    assert capsys.readouterr().out.splitlines()[0] == f"{tmp_path / PROJECT}: 0 files written, 9 already there"


def test_json_gives_the_result_and_the_plan(tmp_path, capsys):
    paths = download_set(tmp_path / "dl")
    assert main(["import", paths["product_tar"], paths["readme_tar"], "--into", str(tmp_path / "t"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["imported"]["root"] == str(tmp_path / "t" / PROJECT)
    assert data["imported"]["written"] == 5
    assert data["plan"]["raw_missing"] == {MOUS: ["uid://A002/Xe1d2cb/X1234", "uid://A002/Xe1d2cb/X5678"]}
    assert any("auxiliary tarball not downloaded" in g for g in data["plan"]["gaps"])


def test_an_html_page_saved_as_tar_stops_the_import_with_one_line_and_exit_2(tmp_path, capsys):
    download_set(tmp_path)
    (tmp_path / f"{PROJECT}_{MOUS}_auxiliary.tar").write_text("<html><body>Session expired</body></html>")
    assert main(["import", str(tmp_path), "--into", str(tmp_path / "t")]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[-1].startswith(f"qa2explorer: not imported, {PROJECT}_{MOUS}_auxiliary.tar: an HTML page")
    assert not os.path.exists(tmp_path / "t")


def test_a_path_that_does_not_exist_is_one_line(tmp_path, capsys):
    assert main(["import", str(tmp_path / "nothing.tar")]) == 2
    assert capsys.readouterr().err == f"qa2explorer: {tmp_path / 'nothing.tar'} does not exist\n"


def json_of(capsys) -> tuple[dict, list[str]]:
    captured = capsys.readouterr()
    return json.loads(captured.out), captured.err.splitlines()


def test_json_names_a_corrupt_archive_with_the_plan_and_exit_2(tmp_path, capsys):
    broken_set(tmp_path / "dl")
    assert main(["import", str(tmp_path / "dl"), "--into", str(tmp_path / "t"), "--json"]) == 2
    data, err = json_of(capsys)
    truncated = f"{PROJECT}_{MOUS}_003_of_003.tar"
    assert data["error"] == f"not imported, {truncated}: truncated: download it again"
    assert data["imported"] is None
    assert {os.path.basename(a["path"]): a["status"] for a in data["plan"]["archives"]} == {
        f"{PROJECT}_{MOUS}_001_of_003.tar": "ok", truncated: "truncated", f"{PROJECT}_{MOUS}_auxiliary.tar": "html",
        f"member_{MOUS}_README.txt.tar": "ok"}  # fmt: skip
    assert {"kind": "part", "name": f"{PROJECT}_{MOUS}_002_of_003.tar", "member": MOUS} in data["plan"]["missing"]
    assert err == [f"qa2explorer: {data['error']}"]  # the one line for people, on stderr
    assert not os.path.exists(tmp_path / "t")


def test_json_says_why_when_nothing_could_be_read(tmp_path, capsys):
    assert main(["import", str(tmp_path / "nothing.tar"), "--json"]) == 2
    data, _ = json_of(capsys)
    assert data == {"error": f"{tmp_path / 'nothing.tar'} does not exist", "imported": None, "plan": None}


def test_a_file_clashing_with_the_tree_is_refused_in_one_line_or_as_json(tmp_path, capsys):
    download_set(tmp_path)
    readme = tmp_path / MEMBER / "README"
    readme.parent.mkdir(parents=True)
    readme.write_text("my own notes")
    assert main(["import", str(tmp_path)]) == 2
    err = capsys.readouterr().err.splitlines()
    tarball = f"member_{MOUS}_README.txt.tar"
    assert (
        err[-1]
        == f"qa2explorer: refused: {readme} exists and differs from the one in {tarball}; nothing was overwritten"
    )
    assert main(["import", str(tmp_path), "--json"]) == 2
    data, _ = json_of(capsys)
    assert data["error"] == err[-1].removeprefix("qa2explorer: ") and data["plan"]["problems"] == []
    assert readme.read_text() == "my own notes"


def test_a_target_that_cannot_be_written_is_one_line_or_json(tmp_path, capsys):
    download_set(tmp_path / "dl")
    (tmp_path / "t").write_text("a file, not a folder")
    assert main(["import", str(tmp_path / "dl"), "--into", str(tmp_path / "t")]) == 2
    assert (
        capsys.readouterr().err.splitlines()[-1]
        == f"qa2explorer: not imported, {tmp_path / 't'} is a file, not a folder"
    )
    assert main(["import", str(tmp_path / "dl"), "--into", str(tmp_path / "t"), "--json"]) == 2
    assert json_of(capsys)[0]["error"] == f"not imported, {tmp_path / 't'} is a file, not a folder"
