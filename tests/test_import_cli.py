"""``qa2explorer import`` through the entry point: the gap report at the end and exit 0 when everything given
was unpacked, a second import that duplicates nothing, the default target beside the archives, JSON, and exit 2
with one line for an archive refused or corrupt (nothing written then)."""

import json
import os

from qa2explorer.main import main
from tests.archives import MEMBER, MOUS, PROJECT, download_set


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
