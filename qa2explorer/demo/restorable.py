"""``qa2explorer demo --with-raw``: the demo's 7-m member made restorable for real, with CASA's Python packages
(casatools, casatasks, casadata: ``pip install 'qa2explorer[casa]'``).

Each EB is simulated (a calibrator and the target, 7-m dishes), its antenna phases corrupted, and exported to a
real ASDM in raw/; the phase solutions of the calibrator are solved once and kept in calibration/ as the
member's calibration tables; script/ gets one ``<EB>.ms.scriptForCalibration.py`` per EB (import the ASDM,
apply the tables, split to ``<EB>.ms.split.cal``) and a scriptForPI.py that behaves as the real one does
(corpus NOTES.md: its checks, disk estimate, options and messages)."""

from __future__ import annotations

import os
import shutil
import tempfile
from textwrap import dedent

import platformdirs

from .layout import EBS_7M, GOUS, M7, PROJECT, SOUS

CALIBRATOR, TARGET = "J1058+0133", "NGC_3627"
DIRECTIONS = {CALIBRATOR: ("10h58m29.6s", "01d33m58.8s"), TARGET: ("11h20m15.0s", "12d59m30s")}
REFANT = "CM01"


def site_config(folder: str | None = None) -> str:
    """A CASA site configuration for offline use (measures from casadata, no updates, its log beside it), in
    ``folder`` (default: the user cache); CASA reads it on import when ``CASASITECONFIG`` names it. Returns its
    path."""
    folder = folder or os.path.join(platformdirs.user_cache_dir("qa2explorer"), "casa")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "config.py")
    text = dedent(f"""\
        import casadata
        measurespath = casadata.datapath
        measures_auto_update = False
        data_auto_update = False
        skipnetworkcheck = True
        logfile = {os.path.join(folder, "casa.log")!r}
        """)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def member_path(project: str) -> str:
    return os.path.join(project, f"science_goal.{SOUS}", f"group.{GOUS}", f"member.{M7}")


def make_restorable(project: str) -> str:
    """Give the demo's 7-m member real raw data, calibration tables and scripts; returns the member folder."""
    os.environ.setdefault("CASASITECONFIG", site_config())
    try:
        import casatasks
        from casatools import componentlist, measures, simulator
    except ImportError as exc:
        raise RuntimeError("CASA's Python packages are not installed: pip install 'qa2explorer[casa]'") from exc
    member = member_path(project)
    raw, calibration, script = (os.path.join(member, s) for s in ("raw", "calibration", "script"))
    os.makedirs(raw, exist_ok=True)
    work = tempfile.mkdtemp(prefix="qa2explorer-sim-")
    try:
        sky = os.path.join(work, "sky.cl")
        cl = componentlist()
        for name, flux in ((CALIBRATOR, 1.0), (TARGET, 0.2)):
            ra, dec = DIRECTIONS[name]
            cl.addcomponent(dir=f"J2000 {ra} {dec}", flux=flux, fluxunit="Jy", freq="230GHz", shape="point")
        cl.rename(sky)
        cl.close()
        for seed, eb in enumerate(EBS_7M, start=1):
            ms = os.path.join(work, f"{eb}.sim.ms")
            _simulate(simulator(), measures(), ms, sky, seed)
            casatasks.exportasdm(vis=ms, asdm=os.path.join(raw, f"{eb}.asdm.sdm"))
            imported = os.path.join(work, f"{eb}.ms")
            casatasks.importasdm(asdm=os.path.join(raw, f"{eb}.asdm.sdm"), vis=imported)
            table = os.path.join(calibration, f"{eb}.ms.phase_int.gcal")
            shutil.rmtree(table, ignore_errors=True)
            casatasks.gaincal(vis=imported, caltable=table, field=CALIBRATOR, solint="int", calmode="p",
                              refant=REFANT)  # fmt: skip
            _write(os.path.join(script, f"{eb}.ms.scriptForCalibration.py"), calibration_script(eb))
        _write(os.path.join(script, f"member.{M7}.scriptForPI.py"), script_for_pi(M7, EBS_7M))
        readme = os.path.join(member, f"member.{M7}.README.txt")
        with open(readme, encoding="utf-8") as f:
            text = f.read()
        _write(readme, text.replace("and its calibration tables are placeholders: it cannot be restored with "
                                    "scriptForPI.", "and its raw data simulated with CASA (qa2explorer demo "
                                    "--with-raw): it can be restored with scriptForPI."))  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return member


def _simulate(sm, me, ms: str, sky: str, seed: int) -> None:
    """Six 7-m antennas, 8 channels at 230 GHz, calibrator and target in turn, phases corrupted."""
    sm.open(ms)
    east = [0.0, 15.0, -12.0, 30.0, -25.0, 8.0]
    north = [0.0, 12.0, 24.0, -18.0, -6.0, -30.0]
    sm.setconfig(telescopename="ALMA", x=east, y=north, z=[0.0] * 6, dishdiameter=[7.0] * 6, mount=["alt-az"] * 6,
                 antname=[f"CM0{i + 1}" for i in range(6)], padname=[f"J50{i}" for i in range(6)],
                 coordsystem="local", referencelocation=me.observatory("ALMA"))  # fmt: skip
    sm.setspwindow(spwname="spw16", freq="230GHz", deltafreq="15.625MHz", freqresolution="15.625MHz", nchannels=8,
                   stokes="XX YY")  # fmt: skip
    sm.setfeed(mode="perfect X Y")
    for name, (ra, dec) in DIRECTIONS.items():
        sm.setfield(sourcename=name, sourcedirection=me.direction("J2000", ra, dec))
    sm.setlimits(shadowlimit=0.001, elevationlimit="8deg")
    sm.setauto(autocorrwt=0.0)
    sm.settimes(integrationtime="10s", usehourangle=True, referencetime=me.epoch("utc", "2023/12/18/05:40:12"))
    for i in range(3):
        sm.observe(CALIBRATOR, "spw16", starttime=f"{i * 240}s", stoptime=f"{i * 240 + 60}s")
        sm.observe(TARGET, "spw16", starttime=f"{i * 240 + 60}s", stoptime=f"{i * 240 + 240}s")
    sm.setdata()
    sm.predict(complist=sky)
    sm.close()
    _corrupt(ms, seed)


def _corrupt(ms: str, seed: int) -> None:
    """Antenna phases drifting by tens of degrees over the observation (a slow sine per antenna, the same for a
    given seed), applied to the visibilities: what the calibration has to take out."""
    import numpy as np
    from casatools import table

    tb = table()
    tb.open(ms, nomodify=False)
    try:
        data, time = tb.getcol("DATA"), tb.getcol("TIME")
        a1, a2 = tb.getcol("ANTENNA1"), tb.getcol("ANTENNA2")
        rng = np.random.default_rng(seed)
        amplitude, period, offset = rng.uniform(40, 80, 6), rng.uniform(300, 900, 6), rng.uniform(0, 2 * np.pi, 6)
        t = time - time.min()
        phase = np.radians(amplitude[:, None] * np.sin(2 * np.pi * t[None, :] / period[:, None] + offset[:, None]))
        rows = np.arange(len(t))
        data *= np.exp(1j * (phase[a1, rows] - phase[a2, rows]))[None, None, :]
        tb.putcol("DATA", data)
    finally:
        tb.close()


def _write(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def calibration_script(eb: str) -> str:
    """The steps of a manual calibration script as ALMA's are written: ``step_title``, ``thesteps`` (all by
    default, announced), each step printed and logged as ``Step <n> <title>`` before it runs."""
    return dedent(f"""\
        # ALMA Data Reduction Script: calibration of {eb} (qa2explorer demo, manual calibration)
        # Run by scriptForPI.py in calibrated/{eb}.calibration/, with the ASDM linked there as {eb}.
        import os
        import shutil

        step_title = {{0: 'Import of the ASDM', 1: 'Application of the phase calibration',
                      2: 'Split out the corrected data'}}
        try:
            print('List of steps to be executed ...', mysteps)
            thesteps = mysteps
        except NameError:
            thesteps = range(0, len(step_title))
            print('Executing all steps: ', thesteps)

        asap_vis = '{eb}.ms'

        mystep = 0
        if mystep in thesteps:
            casalog.post('Step ' + str(mystep) + ' ' + step_title[mystep], 'INFO')
            print('Step ', mystep, step_title[mystep])
            if os.path.exists(asap_vis):
                shutil.rmtree(asap_vis)
            importasdm(asdm='{eb}', vis=asap_vis)

        mystep = 1
        if mystep in thesteps:
            casalog.post('Step ' + str(mystep) + ' ' + step_title[mystep], 'INFO')
            print('Step ', mystep, step_title[mystep])
            applycal(vis=asap_vis, gaintable=['../../calibration/{eb}.ms.phase_int.gcal'],
                     gainfield=['{CALIBRATOR}'], interp=['linear'], calwt=False, flagbackup=False)

        mystep = 2
        if mystep in thesteps:
            casalog.post('Step ' + str(mystep) + ' ' + step_title[mystep], 'INFO')
            print('Step ', mystep, step_title[mystep])
            split(vis=asap_vis, outputvis=asap_vis + '.split', datacolumn='corrected')
            split(vis=asap_vis + '.split', outputvis=asap_vis + '.split.cal', datacolumn='data')
        """)


def script_for_pi(mous: str, ebs: list[str]) -> str:
    """A scriptForPI.py behaving as the real one (v1.34, Python 3): for manually calibrated EBs (one
    ``…ms.scriptForCalibration.py`` each, as the demo member has), and for pipeline-calibrated ones (named by a
    PPR, restored by a ``…casa_piperestorescript.py``, which needs CASA started with ``--pipeline``)."""
    return dedent(f"""\
        # ALMA Data Reduction Script: scriptForPI (manual-calibrated member {mous}, project {PROJECT})
        # $Id: scriptForPI.py,v 1.34 (qa2explorer demo, restorable) $
        # Options, set before running it: SPACESAVING (int >= -1), DOSPLIT (bool), DOCONTSUB (bool).
        import glob
        import os
        import shutil
        import subprocess
        import sys

        print('*** ALMA scriptForPI ***')
        casalog.post('*** ALMA scriptForPI ***', 'INFO', 'scriptForPI')
        casalog.post('$Id: scriptForPI.py,v 1.34 (qa2explorer demo) $', 'INFO', 'scriptForPI')
        try:
            SPACESAVING
        except NameError:
            SPACESAVING = 1
        try:
            DOSPLIT
        except NameError:
            DOSPLIT = False
        try:
            DOCONTSUB
        except NameError:
            DOCONTSUB = False
        if type(SPACESAVING) != int or SPACESAVING < -1:
            sys.exit('ERROR: SPACESAVING value "' + str(SPACESAVING) + '" not permitted, must be int >= -1.')
        if type(DOSPLIT) != bool or type(DOCONTSUB) != bool:
            sys.exit('ERROR: DOSPLIT and DOCONTSUB must be True or False: other values are not permitted.')
        print('SPACESAVING =', SPACESAVING)
        print('DOSPLIT =', DOSPLIT)
        print('DOCONTSUB =', DOCONTSUB)

        scriptdir = os.getcwd()
        if os.path.basename(scriptdir) != 'script':
            sys.exit('ERROR: Please start this script in directory "script".')
        if not os.path.isdir('../calibration'):
            sys.exit('ERROR: directory "calibration" not present.')
        calscripts = sorted(glob.glob('*uid*.ms.scriptForCalibration.py'))
        pscriptnames = glob.glob('*casa_piperestorescript.py')
        if len(pscriptnames) > 1:
            print('Found more than one piperestorescript:')
            print(pscriptnames)
            sys.exit('ERROR: non-unique piperestorescript')
        pprnames = glob.glob('*PPR*.xml') or glob.glob('*cal*pprequest.xml')
        pprasdms = []
        if pprnames:
            for line in open(pprnames[0]):
                if '<AsdmDiskName>' in line:
                    pprasdms.append(line[line.index('uid'):line.index('</')])
        if not calscripts and not pscriptnames:
            sys.exit('ERROR: No calibration script found.')
        scriptasdms = [s[s.rfind('uid__'):].split('.ms.scriptForCalibration.py')[0] for s in calscripts]
        allasdms = scriptasdms + pprasdms
        if os.path.exists('../calibrated'):
            sys.exit('WARNING: will stop here since directory ' + os.path.abspath('../calibrated')
                     + ' already exists.\\nPlease delete it first and then try again.')
        if not os.path.isdir('../raw'):
            sys.exit('ERROR: directory "raw" not present.\\n'
                     '       Please download your raw data and unpack it to create and fill directory "raw".')
        if os.path.islink('../raw'):
            print('Note: your raw directory is a link.')
        os.chdir('../raw')
        asdmnames = [n.split('.asdm.sdm')[0] for n in sorted(glob.glob('uid*.asdm.sdm'))]
        if not asdmnames:
            sys.exit('ERROR: No ASDM found in directory "raw".')
        print('Found the following ASDMs:', asdmnames)
        missing = [a for a in allasdms if a not in asdmnames]
        if missing:
            print('ERROR: the following ASDMs have calibration information but are absent from directory "raw":')
            print(missing)
            print('Will try to proceed with the rest ...')
        todo = [a for a in scriptasdms if a in asdmnames]
        pprasdms = [a for a in pprasdms if a in asdmnames]
        if not todo and not pprasdms:
            sys.exit('ERROR: Nothing to process.')
        if SPACESAVING >= 0:
            avspace = int(subprocess.check_output("df -P -m $PWD | awk '/[0-9]%/{{print $(NF-2)}}'", shell=True))
            packspace = int(subprocess.check_output('du -smc $PWD | grep total | tail -n 1 | cut -f1', shell=True))
            spaceneed = packspace * {{0: 11, 1: 7}}.get(SPACESAVING, 3)
            print('Found ', avspace, ' MB of available free disk space.')
            print('Expect to need up to ', spaceneed, ' MB of free disk space.')
            if spaceneed > avspace:
                print('ERROR: not enough free disk space. Need at least ' + str(spaceneed) + ' MB.')
                print('If you think this is not correct and want to try anyway, please set SPACESAVING to -1.')
                sys.exit('ERROR: probably not enough free disk space.')
        os.chdir(scriptdir)  # not '..': raw/ may be a link to another folder
        print('Creating destination directory for calibrated data.')
        os.mkdir('../calibrated')
        os.chdir('../calibrated')
        for asdmname in todo:
            print('>>> Processing ASDM ' + asdmname)
            os.mkdir(asdmname + '.calibration')
            os.chdir(asdmname + '.calibration')
            os.symlink('../../raw/' + asdmname + '.asdm.sdm', asdmname)
            print('Running ../../script/' + asdmname + '.ms.scriptForCalibration.py')
            exec(open('../../script/' + asdmname + '.ms.scriptForCalibration.py').read())
            if os.path.exists(asdmname + '.ms.split.cal'):
                print(asdmname + '.ms.split.cal was produced successfully, moving it to "calibrated" directory.')
                shutil.move(asdmname + '.ms.split.cal', '..')
            else:
                print('ERROR: ' + asdmname + '.ms.split.cal was not created.')
            if SPACESAVING >= 1 and os.path.exists(asdmname + '.ms.split'):
                print('Deleting intermediate MS ', asdmname + '.ms.split')
                shutil.rmtree(asdmname + '.ms.split')
            if SPACESAVING >= 2 and os.path.exists(asdmname + '.ms'):
                print('Deleting intermediate MS ', asdmname + '.ms')
                shutil.rmtree(asdmname + '.ms')
            os.chdir('..')
        if pprasdms:
            if dir().count('h_init') == 0:
                sys.exit("ERROR: Pipeline not available. Make sure you start CASA with option --pipeline to "
                         "activate the pipeline.")
            print('Processing the ASDMs ', pprasdms, ' using pipeline restore.')
            os.mkdir('rawdata')
            for asdmname in pprasdms:
                os.symlink('../../raw/' + asdmname + '.asdm.sdm', 'rawdata/' + asdmname)
            os.symlink('../calibration', 'products')
            os.mkdir('working')
            os.chdir('working')
            print('now running ', pscriptnames[0])
            exec(open('../../script/' + pscriptnames[0]).read())
            for asdmname in pprasdms:
                if not os.path.exists(asdmname + '.ms'):
                    print('ERROR: ' + asdmname + '.ms was not created.')
                    continue
                msmd.open(asdmname + '.ms')
                spws = ','.join(str(s) for s in msmd.spwsforintent('OBSERVE_TARGET*') if msmd.nchan(s) > 4)
                msmd.close()
                print('Splitting out science SPWs for ' + asdmname + ': ' + spws)
                print('Note: SPW IDs will not be reindexed to start at 0!')
                mstransform(vis=asdmname + '.ms', outputvis=asdmname + '.ms.split.cal', spw=spws, reindex=False)
                if os.path.exists(asdmname + '.ms.split.cal'):
                    shutil.move(asdmname + '.ms.split.cal', '..')
                else:
                    print('ERROR: ' + asdmname + '.ms.split.cal was not created.')
            os.chdir('..')
        print('Done. Please find results in directory "calibrated".')
        casalog.post('ALMA scriptForPI completed.', 'INFO', 'scriptForPI')
        """)
