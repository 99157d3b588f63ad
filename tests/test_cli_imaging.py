"""The imaging commands through the real command line: render, stats, spectrum."""

import json
import os
import subprocess
import sys

import numpy as np
from astropy.io import fits

DATA = os.path.join(os.path.dirname(__file__), "data", "fits")
CUBE = os.path.join(DATA, "small_perplanebeam.fits")


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "qa2explorer", *args], capture_output=True, text=True, timeout=180,
                          env=env or dict(os.environ))  # fmt: skip


def demo_file(demo_project, fragment):
    return next(os.path.join(d, n) for d, _, names in os.walk(demo_project) for n in names if fragment in n)


def test_render_writes_a_png_with_wcs_axes(tmp_path, demo_project):
    out = tmp_path / "cont.png"
    cont = demo_file(demo_project, "X1c2.NGC_3627_sci.spw17_19_21_23.cont.I.tt0.pbcor.fits")
    r = run("render", cont, "--out", str(out), "--stretch", "asinh", "--clip", "zscale", "--cmap", "gray_r")
    assert r.returncode == 0, r.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 20_000
    bad = run("render", cont, "--out", str(tmp_path / "x.png"), "--cmap", "no-such-map")
    assert bad.returncode == 2 and "Unknown colour map" in bad.stderr and bad.stderr.count("\n") == 1


def test_stats_json_keys_and_beam_per_channel(tmp_path):
    r = run("stats", CUBE, "--channel", "3", "--json")
    assert r.returncode == 0, r.stderr
    stats = json.loads(r.stdout)
    assert set(stats) >= {"rms", "peak", "peak_snr", "beam", "unit", "method", "npix"}
    assert set(stats["beam"]) == {"bmaj_arcsec", "bmin_arcsec", "bpa_deg"} and stats["method"] == "mad_all"
    table = fits.getdata(CUBE, "BEAMS")
    assert (
        stats["beam"]["bmaj_arcsec"] == float(np.float32(table["BMAJ"][3]))
        or abs(stats["beam"]["bmaj_arcsec"] - table["BMAJ"][3]) < 1e-6
    )
    median = json.loads(run("stats", CUBE, "--json").stdout)["beam"]
    assert abs(median["bmin_arcsec"] - float(np.median(table["BMIN"]))) < 1e-6


def test_spectrum_csv_and_json(tmp_path):
    data = fits.getdata(CUBE)
    y, x = np.argwhere(np.isfinite(data).all(axis=0))[0]
    r = run("spectrum", CUBE, "--pixel", str(x), str(y))
    lines = r.stdout.strip().splitlines()
    assert r.returncode == 0 and lines[0] == "channel,frequency_hz,velocity_kms,value" and len(lines) == 12
    values = [float(line.split(",")[3]) for line in lines[1:]]
    np.testing.assert_allclose(values, data[:, y, x], rtol=1e-6)
    j = json.loads(run("spectrum", CUBE, "--pixel", str(x), str(y), "--box", "3", "--json").stdout)
    assert j["box"] == 3 and len(j["channels"]) == 11 and j["channels"][0]["frequency_hz"] > 8e10
    outside = run("spectrum", CUBE, "--pixel", "500", "500")
    assert outside.returncode == 2 and "outside the image" in outside.stderr


def test_bad_files_give_one_line(tmp_path):
    junk = tmp_path / "junk.fits"
    junk.write_bytes(b"not a fits file at all")
    for command in (["stats", str(junk)], ["render", str(junk), "--out", str(tmp_path / "j.png")],
                    ["spectrum", str(junk), "--pixel", "0", "0"]):  # fmt: skip
        r = run(*command)
        assert r.returncode == 2 and r.stderr.count("\n") == 1 and "Not a readable FITS file" in r.stderr, command


def test_bad_values_are_refused_in_one_line(tmp_path, demo_project):
    """Nonsense asked of the commands is refused with a line saying what is wrong, never a traceback."""
    cube = demo_file(demo_project, "X1c2.NGC_3627_sci.spw17.cube.I.pbcor.fits")
    plane = demo_file(demo_project, "X1c2.NGC_3627_sci.spw17.mfs.I.pbcor.fits")
    tt0 = demo_file(demo_project, "X1c2.NGC_3627_sci.spw17_19_21_23.cont.I.tt0.pbcor.fits")
    blank = tmp_path / "member.uid___A001_X1_X2.T_sci.spw5.mfs.I.pbcor.fits"
    fits.PrimaryHDU(np.full((8, 8), np.nan, dtype=np.float32)).writeto(blank)
    out = str(tmp_path / "x.png")
    cases = [
        (("render", plane, "--out", out, "--clip", "foo"), "a clip percentage"),
        (("render", plane, "--out", out, "--clip", "0"), "a clip percentage"),
        (("render", plane, "--out", out, "--clip", "120"), "a clip percentage"),
        (("render", str(blank), "--out", out), "blank"),
        (("spectrum", cube, "--pixel", "5", "5", "--redshift", "-1"), "redshift of -1"),
        (("spectrum", cube, "--pixel", "5", "5", "--restfreq", "230.538"), "in Hz"),
        (("spectrum", cube, "--pixel", "5", "5", "--box", "4"), "an odd number"),
        (("spectrum", cube, "--pixel", "5", "5", "--box", "0"), "an odd number"),
        (("spectrum", plane, "--pixel", "5", "5"), "not a cube"),
        (("stats", cube, "--pb", tt0), "not a primary beam"),
    ]
    for args, said in cases:
        r = run(*args)
        assert r.returncode == 2 and said in r.stderr and "Traceback" not in r.stderr, (args, r.stderr)
        assert not os.path.exists(out)
