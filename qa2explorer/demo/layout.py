"""Write the demo delivery: one project, one science goal, one group with two members.

* 12-m, pipeline-calibrated and pipeline-imaged (Cycle 10 naming): science target NGC_3627 and its bandpass and
  phase calibrators; per-spw mfs and cubes, aggregate continuum with tt0/tt1/alpha/alpha.error, regular and
  self-calibrated products, pb.fits.gz and mask.fits.gz, weblog, QA2/QA0 report PDFs, pipeline scripts.
* 7-m, manually calibrated and manually imaged: per-EB calibration scripts, per-EB manual QA pngs and
  textfiles, manual continuum and CO(2-1) cube with their primary beams, CASA logs.

No raw data are included (the optional download), so the overview shows raw data as missing.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import tarfile
import tempfile
import time

import numpy as np

from . import texts, weblog
from .documents import ReportFacts, manual_qa_png, qa0_report, qa2_report, small_plot_png
from .fitswrite import Observation, Pointing, Spectral
from .images import CO21_HZ, SEVEN_M, TWELVE_M, Spw, Writer, continuum_sky, point_source
from .sky import C_KMS, Field, Galaxy

DEMO_VERSION = "2"
MARKER = ".qa2explorer-demo"

PROJECT = "2023.1.99999.S"
SOUS = "uid___A001_X2f6a_X1c0"
GOUS = "uid___A001_X2f6a_X1c1"
M12 = "uid___A001_X2f6a_X1c2"
M7 = "uid___A001_X2f6a_X1c4"
SESSIONS_12M = {"session_1": ["uid___A002_X10f72bf_X3a41"], "session_2": ["uid___A002_X1108b3c_X1d07"]}
EBS_7M = ["uid___A002_X10e5ab2_X88f1", "uid___A002_X10e9c47_X2c5a"]

TARGET = Pointing("NGC_3627", 170.062520, 12.991540)
BANDPASS = Pointing("J1058+0133", 164.623355, 1.566340)
PHASE = Pointing("J1118+1234", 169.738700, 12.578250)
VSYS_KMS = 727.0
ALPHA = 3.0
ANTENNAS_12M = [
    "DA41",
    "DA42",
    "DA44",
    "DA45",
    "DA46",
    "DA49",
    "DA52",
    "DA55",
    "DV03",
    "DV05",
    "DV08",
    "DV11",
    "DV13",
    "DV17",
    "DV19",
    "DV22",
    "DV24",
]
ANTENNAS_7M = ["CM01", "CM02", "CM03", "CM04", "CM05", "CM07", "CM08", "CM09", "CM10", "CM11", "CM12"]

_PLACEHOLDER_NOTE = (
    "qa2explorer demo: this archive stands where the calibration tables of a real delivery are.\n"
    "The entries are named like real tables but are placeholders; the demo cannot be restored.\n"
)


def _line_freq(v_kms: float) -> float:
    return CO21_HZ * (1.0 - v_kms / C_KMS)


SPWS_12M = [
    Spw(17, _line_freq(VSYS_KMS), 7.8125e6, 64, has_line=True),
    Spw(19, 231.90e9, 15.625e6, 24),
    Spw(21, 244.00e9, 15.625e6, 24),
    Spw(23, 246.00e9, 15.625e6, 24),
]
SPWS_7M = [
    Spw(16, _line_freq(VSYS_KMS), 7.6923e6, 32, has_line=True),
    Spw(18, 231.90e9, 15.625e6, 1),
    Spw(20, 244.00e9, 15.625e6, 1),
    Spw(22, 246.00e9, 15.625e6, 1),
]


def _cube_spectral(spw: Spw) -> Spectral:
    start = spw.center_hz - spw.width_hz * (spw.nchan // 2)
    return Spectral(start, spw.width_hz, spw.nchan, CO21_HZ if spw.has_line else spw.center_hz)


def _mfs_spectral(spw: Spw) -> Spectral:
    return Spectral(spw.center_hz, 1.875e9, 1, spw.center_hz)


def _cont_spectral(spws: list[Spw]) -> Spectral:
    freqs = [s.center_hz for s in spws]
    return Spectral(float(np.mean(freqs)), max(freqs) - min(freqs) + 1.875e9, 1, float(np.mean(freqs)))


def _placeholder_tgz(path: str, members: list[str]) -> None:
    with tarfile.open(path, "x:gz") as tar:
        for name in members:
            raw = _PLACEHOLDER_NOTE.encode()
            info = tarfile.TarInfo(f"{name}/PLACEHOLDER.txt")
            info.size, info.mtime, info.mode = len(raw), time.time(), 0o644
            tar.addfile(info, io.BytesIO(raw))


def _tgz_of_files(path: str, files: dict[str, bytes | str]) -> None:
    with tarfile.open(path, "x:gz") as tar:
        for name, data in files.items():
            raw = data.encode() if isinstance(data, str) else data
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(raw), time.time(), 0o644
            tar.addfile(info, io.BytesIO(raw))


def _write(path: str, text: str) -> None:
    with open(path, "x", encoding="utf-8") as f:
        f.write(text)


# --------------------------------------------------------------------------------------------------------
def _pipeline_products(product: str, obs: Observation) -> None:
    w = Writer(product, f"member.{M12}", TWELVE_M, obs, seed=12)
    grid = Field(TWELVE_M.npix, TWELVE_M.cell_arcsec)
    galaxy = Galaxy()
    name = f"{TARGET.target}_sci"
    for i, spw in enumerate(SPWS_12M):
        mfs = _mfs_spectral(spw)
        beam = w._beam(spw.center_hz)
        filnam = [
            M12,
            f"s{texts.imaging_stage('mfs')}_{i}",
            name,
            f"spw{spw.spw_id}",
            "mfs",
            "I",
            "iter1",
            "image",
            "pbcor",
        ]
        w.image_set(
            {
                "pbcor": f"{name}.spw{spw.spw_id}.mfs.I.pbcor.fits",
                "pb": f"{name}.spw{spw.spw_id}.mfs.I.pb.fits.gz",
                "mask": f"{name}.spw{spw.spw_id}.mfs.I.mask.fits.gz",
            },
            TARGET,
            mfs,
            continuum_sky(galaxy, grid, spw.center_hz, ALPHA)[None],
            TWELVE_M.mfs_rms,
            beam=beam,
            grid=grid,
            filnam=filnam,
        )
        cube = _cube_spectral(spw)
        velocities = C_KMS * (1.0 - cube.freqs / CO21_HZ)
        line = (
            galaxy.line_cube(grid, velocities, VSYS_KMS, 0.009)
            if spw.has_line
            else np.zeros((cube.nchan,) + (grid.npix,) * 2)
        )
        layers = {
            "pbcor": f"{name}.spw{spw.spw_id}.cube.I.pbcor.fits",
            "pb": f"{name}.spw{spw.spw_id}.cube.I.pb.fits.gz",
        }
        if spw.has_line:
            layers["mask"] = f"{name}.spw{spw.spw_id}.cube.I.mask.fits.gz"
        filnam = [
            M12,
            f"s{texts.imaging_stage('cube')}_{i}",
            name,
            f"spw{spw.spw_id}",
            "cube",
            "I",
            "iter1",
            "image",
            "pbcor",
        ]
        w.image_set(
            layers,
            TARGET,
            cube,
            line,
            TWELVE_M.chan_rms,
            beam=beam,
            grid=grid,
            per_plane_beams=spw.has_line,
            filnam=filnam,
        )
        if spw.has_line:
            w.image_set(
                {
                    "pbcor": f"{name}.spw{spw.spw_id}.cube.I.selfcal.pbcor.fits",
                    "pb": f"{name}.spw{spw.spw_id}.cube.I.selfcal.pb.fits.gz",
                    "mask": f"{name}.spw{spw.spw_id}.cube.I.selfcal.mask.fits.gz",
                },
                TARGET,
                cube,
                line,
                0.8 * TWELVE_M.chan_rms,
                beam=w._beam(spw.center_hz, selfcal=True),
                grid=grid,
                per_plane_beams=True,
                filnam=filnam,
            )
    cont = _cont_spectral(SPWS_12M)
    spw_token = "spw" + "_".join(str(s.spw_id) for s in SPWS_12M)
    cont_sky = continuum_sky(galaxy, grid, cont.freq0_hz, ALPHA)[None]
    filnam = [M12, f"s{texts.imaging_stage('cont')}_0", name, spw_token, "cont", "I", "iter1", "image", "tt0", "pbcor"]
    w.continuum_mtmfs(
        f"{name}.{spw_token}.cont.I",
        TARGET,
        cont,
        cont_sky,
        ALPHA,
        TWELVE_M.cont_rms,
        w._beam(cont.freq0_hz),
        grid,
        filnam=filnam,
    )
    w.continuum_mtmfs(
        f"{name}.{spw_token}.cont.I.selfcal",
        TARGET,
        cont,
        cont_sky,
        ALPHA,
        0.6 * TWELVE_M.cont_rms,
        w._beam(cont.freq0_hz, selfcal=True),
        grid,
        filnam=filnam,
    )

    cal_grid = Field(64, TWELVE_M.cell_arcsec)
    for pointing, intent, flux in ((BANDPASS, "bp", 3.12), (PHASE, "ph", 0.62)):
        for i, spw in enumerate(SPWS_12M):
            stem = f"{pointing.target}_{intent}.spw{spw.spw_id}.mfs.I"
            filnam = [
                M12,
                f"s{texts.imaging_stage('PHASE,BANDPASS,CHECK')}_{i}",
                f"{pointing.target}_{intent}",
                f"spw{spw.spw_id}",
                "mfs",
                "I",
                "iter1",
                "image",
                "pbcor",
            ]
            f = flux * (spw.center_hz / 230e9) ** -0.6
            w.image_set(
                {"pbcor": f"{stem}.pbcor.fits", "pb": f"{stem}.pb.fits.gz", "mask": f"{stem}.mask.fits.gz"},
                pointing,
                _mfs_spectral(spw),
                point_source(cal_grid, f)[None],
                4e-4 * f,
                beam=w._beam(spw.center_hz),
                grid=cal_grid,
                filnam=filnam,
            )


def _pipeline_member(member: str, obs: Observation) -> None:
    prefix = f"member.{M12}"
    ebs = [e for es in SESSIONS_12M.values() for e in es]
    sessions = [s for s, es in SESSIONS_12M.items() for _ in es]
    for sec in ("product", "calibration", "qa", "script"):
        os.mkdir(os.path.join(member, sec))
    _write(os.path.join(member, f"{prefix}.README.txt"), texts.readme(M12))

    _pipeline_products(os.path.join(member, "product"), obs)

    cal = os.path.join(member, "calibration")
    spw_list = ",".join(str(s.spw_id) for s in SPWS_12M)
    for session, es in SESSIONS_12M.items():
        _placeholder_tgz(
            os.path.join(cal, f"{prefix}.{session}.caltables.tgz"),
            [f"{e}.ms.hifa_bandpass.s13_4.spw{spw_list.replace(',', '_')}.channel.solintinf.bcal.tbl" for e in es]
            + [f"{e}.ms.hifa_timegaincal.s17_11.spw{spw_list.replace(',', '_')}.solintinf.gacal.tbl" for e in es],
        )
    for i, eb in enumerate(ebs):
        _write(os.path.join(cal, f"{eb}.ms.calapply.txt"), texts.calapply(eb, spw_list))
        _placeholder_tgz(os.path.join(cal, f"{eb}.ms.flagversions.tgz"), [f"{eb}.ms.flagversions/flags.Original"])
        _write(os.path.join(cal, f"{eb}.flagtemplate.txt"), texts.flagtemplate(eb, ANTENNAS_12M[5 + 3 * i]))
    cont_ranges = {
        17: ["229.512~229.801GHz", "230.160~230.436GHz"],
        19: ["230.987~232.812GHz"],
        21: ["243.088~244.912GHz"],
        23: ["245.088~246.912GHz"],
    }
    _tgz_of_files(
        os.path.join(cal, f"{prefix}.hifa_calimage.auxproducts.tgz"),
        {
            f"{prefix}.cont.dat": texts.cont_dat(TARGET.target, cont_ranges),
            "flux.csv": texts.flux_csv(
                [(f"{e}.ms", BANDPASS.target, s.spw_id, 3.12, -0.62) for e in ebs for s in SPWS_12M]
            ),
            "antennapos.csv": texts.antennapos_csv(ANTENNAS_12M),
            f"{prefix}.hifa_calimage.selfcal.json": json.dumps(
                {TARGET.target: {"solints": ["inf_EB", "inf", "60s"], "final_solint": "60s"}}, indent=2
            ),
        },
    )

    qa = os.path.join(member, "qa")
    weblog.pipeline_weblog(
        os.path.join(qa, f"{prefix}.hifa_calimage.weblog.tgz"),
        run="20240110T091200",
        project=PROJECT,
        mous="uid://A001/X2f6a/X1c2",
        pi="qa2explorer",
        ebs=ebs,
        sessions=sessions,
        obs_start="2024-01-02 04:10:33",
        obs_end="2024-01-05 05:31:02",
    )
    dates = ["2024-01-02 04:10:33", "2024-01-05 04:02:11"]
    for i, eb in enumerate(ebs):
        qa0_report(
            os.path.join(qa, f"{eb}.qa0_report.pdf"), eb, dates[i], "1:19:50", ANTENNAS_12M, 1.1 + 0.3 * i, 40 + i
        )
    image_tt0 = _read_primary(
        os.path.join(member, "product", f"{prefix}.{TARGET.target}_sci.spw17_19_21_23.cont.I.tt0.pbcor.fits")
    )
    spectrum = _peak_spectrum(os.path.join(member, "product", f"{prefix}.{TARGET.target}_sci.spw17.cube.I.pbcor.fits"))
    qa2_report(
        os.path.join(qa, f"{prefix}.qa2_report.pdf"),
        ReportFacts(
            project=PROJECT,
            mous="uid://A001/X2f6a/X1c2",
            sb_name="NGC_3627_a_06_TM1",
            pi="qa2explorer demo",
            array="12-m (C-4)",
            band="Band 6",
            casa="6.5.4-9",
            pipeline="2023.1.0.124",
            calibration="pipeline",
            imaging="pipeline (with self-calibration)",
            ebs=[(eb, d, "1:19:50") for eb, d in zip(ebs, dates, strict=True)],
            targets=[TARGET.target],
            rows=[
                ("Angular resolution", "1.20 arcsec", "1.29 x 1.01 arcsec"),
                ("Line sensitivity (10 km/s)", "1.5 mJy/beam", "1.2 mJy/beam"),
                ("Continuum sensitivity", "0.06 mJy/beam", "0.05 mJy/beam"),
            ],
            comments=[
                "The science goals are met. Continuum and CO(2-1) are detected at high S/N.",
                "Self-calibration improved the continuum rms by a factor 1.7.",
            ],
            restore_command=f"casa --pipeline -c \"execfile('{prefix}.scriptForPI.py')\"",
        ),
        image_tt0,
        spectrum,
    )

    script = os.path.join(member, "script")
    _write(os.path.join(script, f"{prefix}.scriptForPI.py"), texts.script_for_pi(M12, pipeline=True))
    _write(
        os.path.join(script, f"{prefix}.hifa_calimage.casa_piperestorescript.py"), texts.restore_script(ebs, sessions)
    )
    _write(os.path.join(script, f"{prefix}.hifa_calimage.casa_pipescript.py"), texts.pipescript(ebs, sessions))
    _write(
        os.path.join(script, f"{prefix}.hifa_calimage.pprequest.xml"),
        texts.ppr(PROJECT, SOUS, GOUS, M12, SESSIONS_12M, "2024-01-10T09:11:48.201"),
    )
    _write(os.path.join(script, f"{prefix}.hifa_calimage.pipeline_manifest.xml"), texts.pipeline_manifest(M12, ebs))
    _write(os.path.join(script, f"{prefix}.calimage.product_rename.txt"), "\n")
    _write(os.path.join(script, f"{prefix}.hifa_calimage.casa_commands.log"), texts.casa_commands_log(ebs))
    _write(os.path.join(script, f"{prefix}.scriptForImaging.py"), texts.imaging_script(True, M12, TARGET.target, ""))


def _read_primary(path: str) -> np.ndarray:
    from astropy.io import fits

    with fits.open(path) as hdul:
        return np.asarray(hdul[0].data[0, 0])


def _peak_spectrum(path: str) -> tuple[np.ndarray, np.ndarray]:
    from astropy.io import fits

    with fits.open(path) as hdul:
        data = np.asarray(hdul[0].data[0])
        h = hdul[0].header
    freqs = (h["CRVAL3"] + h["CDELT3"] * (np.arange(data.shape[0]) + 1 - h["CRPIX3"])) / 1e9
    with np.errstate(invalid="ignore"):
        peak_map = np.nanmax(np.where(np.isfinite(data), data, -np.inf), axis=0)
    peak = np.unravel_index(np.argmax(peak_map), peak_map.shape)
    return freqs, data[:, peak[0], peak[1]]


# --------------------------------------------------------------------------------------------------------
def _manual_member(member: str, obs: Observation) -> None:
    prefix = f"member.{M7}"
    for sec in ("product", "calibration", "qa", "script", "log"):
        os.mkdir(os.path.join(member, sec))
    _write(os.path.join(member, f"{prefix}.README.txt"), texts.readme(M7))

    product = os.path.join(member, "product")
    w = Writer(product, prefix, SEVEN_M, obs, seed=7)
    grid = Field(SEVEN_M.npix, SEVEN_M.cell_arcsec)
    galaxy = Galaxy()
    name = f"{TARGET.target}_sci"
    cont = _cont_spectral(SPWS_7M)
    token = "spw" + "_".join(str(s.spw_id) for s in SPWS_7M)
    w.image_set(
        {"pbcor": f"{name}.{token}.cont.I.manual.image.pbcor.fits", "pb": f"{name}.{token}.cont.I.manual.pb.fits.gz"},
        TARGET,
        cont,
        continuum_sky(galaxy, grid, cont.freq0_hz, ALPHA, scale=1.6)[None],
        SEVEN_M.cont_rms,
        beam=w._beam(cont.freq0_hz),
        grid=grid,
    )
    spw = SPWS_7M[0]
    cube = _cube_spectral(spw)
    velocities = C_KMS * (1.0 - cube.freqs / CO21_HZ)
    w.image_set(
        {
            "pbcor": f"{name}.spw{spw.spw_id}.cube.I.manual.image.pbcor.fits",
            "pb": f"{name}.spw{spw.spw_id}.cube.I.manual.pb.fits.gz",
        },
        TARGET,
        cube,
        galaxy.line_cube(grid, velocities, VSYS_KMS, 0.26),
        SEVEN_M.chan_rms,
        beam=w._beam(spw.center_hz),
        grid=grid,
    )

    spw_ids = [s.spw_id for s in SPWS_7M]
    cal, qa, script, log = (os.path.join(member, s) for s in ("calibration", "qa", "script", "log"))
    dates = ["2023-12-18 05:40:12", "2023-12-21 05:12:40"]
    scripts: dict[str, str] = {}
    for i, eb in enumerate(EBS_7M):
        _placeholder_tgz(
            os.path.join(cal, f"{eb}.calibration.tgz"),
            [f"{eb}.calibration/{eb}.ms.split.bandpass", f"{eb}.calibration/{eb}.ms.split.phase_int"],
        )
        plots = {}
        for title in ("tsys", "bandpass", "phase_vs_time"):
            buf = io.BytesIO()
            small_plot_png(buf, f"{eb} {title}", 70 + i)
            plots[f"{eb}.calibration.plots/{title}.png"] = buf.getvalue()
        _tgz_of_files(os.path.join(cal, f"{eb}.calibration.plots.tgz"), plots)
        _write(os.path.join(cal, f"{eb}.ms.wvrgcal.txt"), texts.wvrgcal_report(eb, ANTENNAS_7M))

        qa0_report(
            os.path.join(qa, f"{eb}.qa0_report.pdf"), eb, dates[i], "0:58:12", ANTENNAS_7M, 0.9 + 0.4 * i, 60 + i
        )
        for part in (1, 2, 3):
            manual_qa_png(os.path.join(qa, f"{prefix}.{eb}__qa2_part{part}.png"), eb, part, ANTENNAS_7M, 100 * i + part)
        _write(
            os.path.join(qa, f"{prefix}.{eb}__textfile.txt"),
            texts.manual_textfile(
                eb,
                dates[i],
                ANTENNAS_7M,
                ANTENNAS_7M[-1],
                ("7.29 x 4.72 arcsec (PA 81 deg)", "7.41 x 4.66 arcsec (PA 79 deg)")[i],  # each EB imaged alone
                ("0.52 mJy/beam (aggregate continuum)", "0.55 mJy/beam (aggregate continuum)")[i],
            ),
        )

        name_cal = f"{eb}.ms.scriptForCalibration.py"
        scripts[name_cal] = texts.manual_calibration_script(eb, ANTENNAS_7M, ANTENNAS_7M[1], spw_ids)
        _write(os.path.join(script, name_cal), scripts[name_cal])
        _write(
            os.path.join(log, f"{prefix}.{eb}.log"),
            texts.casa_log_lines(
                dates[i][:10],
                eb,
                [
                    "importasdm",
                    "listobs",
                    "flagdata",
                    "wvrgcal",
                    "gencal",
                    "applycal",
                    "split",
                    "gaincal",
                    "bandpass",
                    "setjy",
                    "fluxscale",
                    "applycal",
                    "split",
                ],
            ),
        )
    for fname, content in (
        (f"{prefix}.scriptForPI.py", texts.script_for_pi(M7, pipeline=False)),
        (f"{prefix}.scriptForImagingPrep.py", texts.imaging_prep_script(EBS_7M)),
        (f"{prefix}.scriptForImaging.py", texts.imaging_script(False, M7, TARGET.target, "calibrated.ms")),
    ):
        scripts[fname] = content
        _write(os.path.join(script, fname), content)
    _write(
        os.path.join(log, f"{prefix}.Imaging.log"),
        texts.casa_log_lines("2024-01-08", "calibrated", ["tclean", "tclean", "exportfits", "exportfits"]),
    )
    weblog.manual_weblog(
        os.path.join(qa, f"{prefix}.manual_calimage.weblog.tgz"),
        run="20240108T140455",
        mous="uid://A001/X2f6a/X1c4",
        ebs=EBS_7M,
        scripts=scripts,
    )
    qa2_report(
        os.path.join(qa, f"{prefix}.qa2_report.pdf"),
        ReportFacts(
            project=PROJECT,
            mous="uid://A001/X2f6a/X1c4",
            sb_name="NGC_3627_a_06_7M",
            pi="qa2explorer demo",
            array="7-m (ACA)",
            band="Band 6",
            casa="6.5.4-9",
            pipeline=None,
            calibration="manual",
            imaging="manual",
            ebs=[(eb, d, "0:58:12") for eb, d in zip(EBS_7M, dates, strict=True)],
            targets=[TARGET.target],
            rows=[
                ("Angular resolution", "7.0 arcsec", "7.29 x 4.72 arcsec"),
                ("Line sensitivity (10 km/s)", "10 mJy/beam", "9.0 mJy/beam"),
            ],
            comments=[
                "Manual calibration: antenna CM12 flagged (high Tsys).",
                "Run scriptForPI with CASA 6.5.4 to reproduce the calibrated data.",
            ],
            restore_command=f"casa -c \"execfile('{prefix}.scriptForPI.py')\"",
        ),
        None,
        None,
    )


def write_demo(dest: str) -> str:
    """Write the demo delivery into ``dest`` (created if needed) and return the project folder. Refuses to
    touch an existing project folder of that name."""
    os.makedirs(dest, exist_ok=True)
    final = os.path.join(dest, PROJECT)
    if os.path.lexists(final):
        raise FileExistsError(f"{final} already exists; choose another folder for the demo delivery.")
    staging = tempfile.mkdtemp(prefix=".qa2explorer-demo-", dir=dest)
    try:
        project = os.path.join(staging, PROJECT)
        group = os.path.join(project, f"science_goal.{SOUS}", f"group.{GOUS}")
        os.makedirs(group)
        m12, m7 = os.path.join(group, f"member.{M12}"), os.path.join(group, f"member.{M7}")
        os.mkdir(m12)
        os.mkdir(m7)
        _pipeline_member(m12, Observation("2024-01-02T04:10:33.000", "qa2demo"))
        _manual_member(m7, Observation("2023-12-18T05:40:12.000", "qa2demo"))
        os.rename(project, final)
        marker = os.path.join(dest, MARKER)
        if not os.path.exists(marker):
            _write(marker, f"qa2explorer demo delivery, version {DEMO_VERSION}\n")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return final
