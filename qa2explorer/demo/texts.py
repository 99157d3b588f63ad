"""Text files of the demo delivery, in the formats of the real ones (see ../shared/corpus)."""

from __future__ import annotations

from textwrap import dedent


def readme(mous_name: str) -> str:
    return dedent(f"""\
        ALMA Member ObsUnitSet README
        =============================
        A brief description of the main actions, categories and files of the ALMA data at the Member Observing
        Unit Set (OUS) level.

        This is a SYNTHETIC demonstration delivery written by qa2explorer ({mous_name}). Its images are
        simulated, and its calibration tables are placeholders: it cannot be restored with scriptForPI.


        HOW TO
        ======
        * Get the FITS products:
             Download and untar the product/*001_of_001.tar file or download files individually from the
             'product' category

        * Check the quality or processing of the data:
             Download and untar the auxiliary/*auxiliary.tar or download the qa/*.qa2_report.pdf and
             qa/*.weblog.tgz individually from the 'auxiliary' category

        * Create the calibrated Measurement Sets (MS):
             1) Download and untar the *auxiliary.tar and *asdm.tar files
             2) Install the latest CASA software (or for manually reduced data the CASA version specified in
                the QA2 report)
             3) Change into the 'script' subdirectory, and run 'casa --pipeline -c *scriptForPI.py'


        FILES
        =====
        Main science imaging products:

             product/*_sci*cont*pbcor.fits      primary beam corrected aggregate interferometric continuum images
             product/*_sci*cube*pbcor.fits      primary beam corrected, continuum subtracted spectral line cubes

        Main quality reports:

             qa/*.qa2_report.pdf                QA2 data quality evaluation report and instructions for
                                                calibrating the raw data
             qa/*.weblog.tgz                    data calibration and imaging diagnostic tables and plots
        """)


def script_for_pi(mous_name: str, pipeline: bool) -> str:
    """A short scriptForPI with the checks and messages of the real script (corpus NOTES.md); it stops before
    calibrating because the demo has no raw data and placeholder tables."""
    kind = "pipeline" if pipeline else "manual"
    return dedent(f"""\
        # ALMA Data Reduction Script: scriptForPI ({kind}-calibrated member {mous_name})
        # $Id: scriptForPI.py,v 2.5 (qa2explorer demo) $
        #
        # Regenerates the calibrated measurement sets of this member from the raw ASDMs in ../raw.
        # Options (set before execfile): SPACESAVING (int, -1..3), DOSPLIT (bool), DOCONTSUB (bool).
        # This demo copy performs the checks of the real script and stops before calibrating.

        import glob
        import os
        import sys

        print('*** ALMA scriptForPI ***')

        try:
            SPACESAVING
        except NameError:
            SPACESAVING = 0
        try:
            DOSPLIT
        except NameError:
            DOSPLIT = False
        if type(SPACESAVING) != int or SPACESAVING < -1:
            sys.exit('ERROR: SPACESAVING value "' + str(SPACESAVING) + '" not permitted, must be int >= -1.')

        if os.path.basename(os.getcwd()) != 'script':
            sys.exit('ERROR: Please start this script in directory "script".')
        if not os.path.exists('../calibration'):
            sys.exit('ERROR: directory "calibration" not present.')
        if os.path.exists('../calibrated'):
            print('WARNING: will stop here since directory ' + os.path.abspath('../calibrated') + ' already exists.')
            sys.exit('Please delete it first and then try again.')
        if not os.path.isdir('../raw'):
            print('ERROR: directory "raw" not present.')
            sys.exit('       Please download your raw data and unpack it to create and fill directory "raw".')

        asdms = sorted(glob.glob('../raw/uid*.asdm.sdm'))
        if not asdms:
            sys.exit('ERROR: No ASDM found in directory "raw".')
        print('Found the following ASDMs: ' + str([os.path.basename(a) for a in asdms]))
        sys.exit('ERROR: this is a qa2explorer demo delivery; its calibration tables are placeholders.')
        """)


def restore_script(ebs: list[str], sessions: list[str]) -> str:
    vis = ", ".join(f"'{e}'" for e in ebs)
    ses = ", ".join(f"'{s}'" for s in sessions)
    return dedent(f"""\
        __rethrow_casa_exceptions = True
        h_init()
        try:
            hifa_restoredata (vis=[{vis}], session=[{ses}], ocorr_mode='ca')
        finally:
            h_save()
        """)


_CALIMAGE_STAGES = [
    "hifa_importdata(vis=VIS, session=SESSIONS)",
    "hifa_flagdata()",
    "hifa_fluxcalflag()",
    "hif_rawflagchans()",
    "hif_refant()",
    "h_tsyscal()",
    "hifa_tsysflag()",
    "hifa_antpos()",
    "hifa_wvrgcalflag()",
    "hif_lowgainflag()",
    "hif_setmodels()",
    "hifa_bandpassflag()",
    "hifa_bandpass()",
    "hifa_spwphaseup()",
    "hifa_gfluxscaleflag()",
    "hifa_gfluxscale()",
    "hifa_timegaincal()",
    "hifa_renorm(createcaltable=True, atm_auto_exclude=True)",
    "hif_applycal()",
    "hif_makeimlist(intent='PHASE,BANDPASS,CHECK')",
    "hif_makeimages()",
    "hifa_imageprecheck()",
    "hif_checkproductsize(maxcubesize=40.0, maxcubelimit=60.0, maxproductsize=500.0)",
    "hifa_exportdata()",
    "hif_mstransform()",
    "hifa_flagtargets()",
    "hif_makeimlist(specmode='mfs')",
    "hif_findcont()",
    "hif_uvcontsub()",
    "hif_makeimages(hm_cyclefactor=3.0)",
    "hif_selfcal()",
    "hif_makeimlist(specmode='cont')",
    "hif_makeimages(hm_cyclefactor=3.0)",
    "hif_makeimlist(specmode='cube')",
    "hif_makeimages()",
    "hifa_exportdata()",
]

CALIMAGE_STAGE_TASKS = [s.split("(")[0] for s in _CALIMAGE_STAGES]


def imaging_stage(what: str) -> int:
    """The number of the hif_makeimages stage that made the demo's images of one kind ("PHASE,BANDPASS,CHECK"
    for the calibrators, else a specmode: mfs, cont, cube): the one after the hif_makeimlist naming it. Image
    products carry it in their FITS headers (FILNAM02 = "s<stage>_<image>"), as the pipeline's do."""
    listed = next(i for i, s in enumerate(_CALIMAGE_STAGES) if s.startswith("hif_makeimlist") and f"'{what}'" in s)
    return next(i for i in range(listed, len(_CALIMAGE_STAGES)) if _CALIMAGE_STAGES[i].startswith("hif_makeimages")) + 1


def pipescript(ebs: list[str], sessions: list[str]) -> str:
    vis = "[" + ", ".join(f"'{e}'" for e in ebs) + "]"
    ses = "[" + ", ".join(f"'{s}'" for s in sessions) + "]"
    body = "\n".join("    " + s.replace("VIS", vis).replace("SESSIONS", ses) for s in _CALIMAGE_STAGES)
    return f"from recipes.almahelpers import fixsyscaltimes # SACM/JAO - Fixes\n__rethrow_casa_exceptions = True\ncontext = h_init()\ncontext.set_state('ProjectSummary', 'observatory', 'ALMA Joint Observatory')\ntry:\n{body}\nfinally:\n    h_save()\n"


def ppr(project: str, sous: str, gous: str, mous: str, sessions: dict[str, list[str]], created: str) -> str:
    def uri(name: str) -> str:
        p = name.split("_")
        return f"uid://{p[-3]}/{p[-2]}/{p[-1]}"

    intents = "\n".join(
        f"""                <Intents>
                    <Keyword>{s.upper()}</Keyword>
                    <Value>{", ".join(uri(e) for e in ebs)}</Value>
                </Intents>"""
        for s, ebs in sessions.items()
    )
    commands = "\n".join(
        f"""                <ProcessingCommand>
                    <Command>{task}</Command>
                    <ParameterSet/>
                </ProcessingCommand>"""
        for task in CALIMAGE_STAGE_TASKS
    )
    asdms = "\n".join(
        f"""                        <AsdmIdentifier>
                            <AsdmRef>
                                <ExecBlockId>{uri(e)}</ExecBlockId>
                            </AsdmRef>
                            <AsdmDiskName>{e}</AsdmDiskName>
                        </AsdmIdentifier>"""
        for ebs in sessions.values()
        for e in ebs
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<SciPipeRequest xmlns:ent="Alma/CommonEntity" xmlns:prj="Alma/ObsPrep/ObsProject"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="SciPipeRequest">
    <SciPipeRequestEntity entityId="UID_UNASSIGNED" entityTypeName="SciPipeRequest" datamodelVersion="0.1"/>
    <ProjectSummary>
        <ProposalCode>{project}</ProposalCode>
        <ProposalTitle>qa2explorer demonstration delivery</ProposalTitle>
        <Observatory>ALMA Joint Observatory</Observatory>
        <Telescope>ALMA</Telescope>
        <ProcessingSite>Undefined</ProcessingSite>
        <Operator>Anonymous</Operator>
        <Mode>SCIENCE</Mode>
        <Version>Undefined</Version>
        <CreationTime>{created}</CreationTime>
    </ProjectSummary>
    <ProjectStructure>
        <ObsUnitSetRef entityId="{uri(sous)}" partId="X1" entityTypeName="ObsProject"/>
        <ObsUnitSetType>Member</ObsUnitSetType>
        <OUSStatusRef entityId="{uri(mous)}" entityTypeName="OUSStatus"/>
    </ProjectStructure>
    <ProcessingRequests>
        <ProcessingRequest>
            <ProcessingIntents>
                <Intents>
                    <Keyword>PROCESS</Keyword>
                    <Value>true</Value>
                </Intents>
{intents}
            </ProcessingIntents>
            <ProcessingProcedure>
                <ProcedureTitle>hifa_calimage</ProcedureTitle>
{commands}
            </ProcessingProcedure>
            <DataSet>
                <SchedBlockSet>
                    <SchedBlockIdentifier>
                        <RelativePath>{project}_2024_01_10T09_12_00.000/SOUS_{sous}/GOUS_{gous}/MOUS_{mous}</RelativePath>
{asdms}
                    </SchedBlockIdentifier>
                </SchedBlockSet>
            </DataSet>
        </ProcessingRequest>
    </ProcessingRequests>
</SciPipeRequest>
"""


def pipeline_manifest(mous: str, ebs: list[str]) -> str:
    asdm = "\n".join(
        f'        <asdm name="{e}">\n            <caltables name="{e}.ms.calapply.txt"/>\n        </asdm>' for e in ebs
    )
    return f"""<?xml version="1.0" ?>
<piperesults name="{mous}">
    <ous name="{mous}">
        <pipeline_version name="2023.1.0.124"/>
        <casa_version name="6.5.4-9"/>
        <aux_products_file name="member.{mous}.hifa_calimage.auxproducts.tgz"/>
{asdm}
    </ous>
</piperesults>
"""


def calapply(eb: str, spws: str) -> str:
    base = f"{eb}.ms.hifa_"
    return "\n".join(
        [
            f"applycal(vis='{eb}.ms', field='', intent='', spw='{spws}', antenna='*&*',",
            f"         gaintable=['{eb}.ms.h_tsyscal.s6_1.tsyscal.tbl', '{eb}.ms.hifa_wvrgcalflag.s9_2.wvrcal.tbl',",
            f"                    '{eb}.ms.hifa_antpos.s8_1.ants.tbl', '{base}bandpass.s13_4.spw{spws.replace(',', '_')}.channel.solintinf.bcal.tbl',",
            f"                    '{base}spwphaseup.s14_1.spw{spws.replace(',', '_')}.solintinf.gpcal.tbl',",
            f"                    '{base}timegaincal.s17_11.spw{spws.replace(',', '_')}.solintinf.gacal.tbl'],",
            "         gainfield=['', '', '', '', '', ''], interp=['linear,linear', '', '', 'linear,linearflag', 'linear', 'linear'],",
            "         calwt=[True, False, False, False, False, False], applymode='calflagstrict')",
            "",
        ]
    )


def cont_dat(target: str, ranges: dict[int, list[str]]) -> str:
    lines = [f"Field: {target}", ""]
    for spw, rs in ranges.items():
        lines.append(f"SpectralWindow: {spw}")
        lines.extend(f"{r} LSRK" for r in rs)
        lines.append("")
    return "\n".join(lines)


def flagtemplate(eb: str, antenna: str) -> str:
    return dedent(f"""\
        #
        # User flagging commands file for the calibration pipeline
        #
        # Examples
        # Note: Do not put spaces inside the reason string !
        #
        # mode='manual' correlation='YY' antenna='DV01;DV08;DA43;DA48&DV23' spw='21:1920~2880' autocorr=False reason='bad_channels'
        # mode='manual' spw='25:0~3;122~127' reason='stage8_2'
        # mode='manual' antenna='DV07' timerange='2013/01/31/08:09:55.248~2013/01/31/08:10:01.296' reason='quack'
        #
        mode='manual' antenna='{antenna}' reason='QA2:high_Tsys'   # {eb}
        """)


def flux_csv(rows: list[tuple[str, str, int, float, float]]) -> str:
    out = ["ms,field,spw,I,Q,U,V,spix,uvmin,uvmax,comment"]
    for ms, field, spw, flux, spix in rows:
        out.append(f'{ms},{field},{spw},{flux:.4f},0.0,0.0,0.0,{spix:.3f},0.0,0.0,"# field={field} intent=BANDPASS"')
    return "\n".join(out) + "\n"


def antennapos_csv(antennas: list[str]) -> str:
    out = ["name,antenna,xoff,yoff,zoff,comment"]
    for ant in antennas[:3]:
        out.append(f'all,{ant},0.00012,-0.00031,0.00008,"# position correction from the ALMA antenna database"')
    return "\n".join(out) + "\n"


def manual_calibration_script(eb: str, antennas: list[str], refant: str, spws: list[int]) -> str:
    spw = ",".join(str(s) for s in spws)
    return dedent(f"""\
        # ALMA Data Reduction Script (manual calibration, 7-m array)
        # Calibration of {eb}

        thesteps = []
        step_title = {{0: 'Import of the ASDM',
                      1: 'Fix of SYSCAL table times',
                      2: 'listobs',
                      3: 'A priori flagging',
                      4: 'Generation and time averaging of the WVR cal table',
                      5: 'Generation of the Tsys cal table',
                      6: 'Generation of the antenna position cal table',
                      7: 'Application of the WVR, Tsys and antpos cal tables',
                      8: 'Split out science SPWs and time average',
                      9: 'Bandpass calibration',
                      10: 'Gain calibration',
                      11: 'Application of the bandpass and gain cal tables',
                      12: 'Split out corrected column'}}

        import re
        import casalith
        if re.search('^6.5.4', casalith.version_string()) is None:
            sys.exit('ERROR: PLEASE USE THE SAME VERSION OF CASA THAT YOU USED FOR GENERATING THE SCRIPT: 6.5.4')

        try:
            print('List of steps to be executed ...', mysteps)
            thesteps = mysteps
        except NameError:
            print('global variable mysteps not set.')
        if thesteps == []:
            thesteps = range(0, len(step_title))

        # Import of the ASDM
        mystep = 0
        if mystep in thesteps:
            importasdm('{eb}', asis='Antenna Station Receiver Source CalAtmosphere CalWVR CorrelatorMode SBSummary',
                       bdfflags=True, lazy=False, process_caldevice=False)

        # A priori flagging
        mystep = 3
        if mystep in thesteps:
            flagdata(vis='{eb}.ms', mode='manual', spw='{spw}', autocorr=True, flagbackup=False)
            flagdata(vis='{eb}.ms', mode='manual', antenna='{antennas[-1]}', flagbackup=False)  # high Tsys

        # Bandpass calibration
        mystep = 9
        if mystep in thesteps:
            gaincal(vis='{eb}.ms.split', caltable='{eb}.ms.split.ap_pre_bandpass', field='0', spw='{spw}',
                    solint='int', refant='{refant}', calmode='p')
            bandpass(vis='{eb}.ms.split', caltable='{eb}.ms.split.bandpass', field='0', solint='inf,20ch',
                     combine='scan', refant='{refant}', solnorm=True, bandtype='B',
                     gaintable='{eb}.ms.split.ap_pre_bandpass')

        # Split out corrected column
        mystep = 12
        if mystep in thesteps:
            split(vis='{eb}.ms.split', outputvis='{eb}.ms.split.cal', datacolumn='corrected', keepflags=True)
        """)


def imaging_script(pipeline: bool, mous_name: str, target: str, vis: str) -> str:
    if pipeline:
        return dedent("""\
            # This member was imaged by the ALMA imaging pipeline: the products are made by the hif_makeimages
            # stages of casa_pipescript.py, so there is no manual imaging script.
            """)
    return dedent(f"""\
        # ALMA Data Reduction Script: manual imaging of {mous_name}

        import os

        thevis = '{vis}'
        field = '{target}'

        # continuum (all spws, line channels flagged)
        os.system('rm -rf {target}.cont.manual*')
        tclean(vis=thevis, imagename='{target}.cont.manual', field=field, specmode='mfs', deconvolver='hogbom',
               imsize=[96, 96], cell=['1.2arcsec'], weighting='briggs', robust=0.5, niter=1000,
               threshold='1.2mJy', pbcor=True, interactive=False)

        # CO(2-1) cube
        os.system('rm -rf {target}.CO21.manual*')
        tclean(vis=thevis, imagename='{target}.CO21.manual', field=field, spw='0', specmode='cube',
               width='10km/s', nchan=32, start='560km/s', outframe='LSRK', restfreq='230.538GHz',
               imsize=[96, 96], cell=['1.2arcsec'], weighting='briggs', robust=0.5, niter=2000,
               threshold='25mJy', pbcor=True, interactive=False)

        for name in ('{target}.cont.manual', '{target}.CO21.manual'):
            exportfits(imagename=name + '.image.pbcor', fitsimage=name + '.image.pbcor.fits')
            exportfits(imagename=name + '.pb', fitsimage=name + '.pb.fits')
        """)


def imaging_prep_script(ebs: list[str]) -> str:
    vis = ", ".join(f"'{e}.ms.split.cal'" for e in ebs)
    return dedent(f"""\
        # ALMA Data Reduction Script: imaging preparation (run by scriptForPI after the calibration)

        concat(vis=[{vis}], concatvis='calibrated.ms')
        listobs(vis='calibrated.ms', listfile='calibrated.ms.listobs.txt', overwrite=True)
        """)


def manual_textfile(eb: str, date: str, antennas: list[str], flagged: str, beam: str, rms: str) -> str:
    return dedent(f"""\
        ALMA QA2 summary for {eb}
        ==========================================

        Observation date:      {date}
        Array:                 7-m (ACA), {len(antennas)} antennas: {" ".join(antennas)}
        Reference antenna:     {antennas[1]}

        Flagging
        --------
        Antenna {flagged} flagged: high Tsys in spw 16 and 18.
        Shadowed data flagged: 2.1 %.
        Total data flagged after calibration: 6.8 %.

        Calibration
        -----------
        Bandpass calibrator:   J1058+0133
        Flux calibrator:       J1058+0133 (catalogue flux 3.12 Jy at 230 GHz, spix -0.62)
        Phase calibrator:      J1118+1234 (derived flux 0.62 Jy)
        WVR correction applied: median phase rms improvement 1.4x

        Check of a target image and sensitivity
        ---------------------------------------
        Target:                NGC_3627
        Requested resolution:  7.0 arcsec
        Requested sensitivity: 0.50 mJy/beam
        Beam:                  {beam}
        Continuum rms:         {rms}
        The target is detected in the continuum and in CO(2-1).
        """)


def casa_log_lines(start: str, eb: str, tasks: list[str]) -> str:
    lines = []
    hh, mm = 9, 12
    for task in tasks:
        stamp = f"{start} {hh:02d}:{mm:02d}:{(7 * len(lines)) % 60:02d}"
        lines += [
            f"{stamp}\tINFO\t{task}::::\t",
            f"{stamp}\tINFO\t{task}::::+\t##########################################",
            f"{stamp}\tINFO\t{task}::::+\t##### Begin Task: {task:<19}#####",
            f'{stamp}\tINFO\t{task}::::\t{task}(vis="{eb}.ms")',
            f"{stamp}\tINFO\t{task}::::\t##### End Task: {task:<21}#####",
            f"{stamp}\tINFO\t{task}::::+\t##########################################",
        ]
        mm += 3
        if mm >= 60:
            hh, mm = hh + 1, mm - 60
    lines.insert(8, f"{start} 09:12:14\tWARN\tflagdata::::\tAntenna CM12 has no valid data in spw 18")
    return "\n".join(lines) + "\n"


def casa_commands_log(ebs: list[str]) -> str:
    vis = ", ".join(f"'{e}'" for e in ebs)
    return dedent(f"""\
        raise Error('The casa commands log is not executable!')

        # # This file contains CASA commands run by the pipeline. Although all
        # commands required to calibrate the data are included here, this file cannot
        # be executed, nor does it contain heuristic and flagging calculations
        # performed by pipeline code.

        # hifa_importdata(vis=[{vis}], session=['session_1', 'session_2'])
        #
        # If required, ASDMs are converted to measurement sets.
        #
        importasdm(lazy=False, with_pointing_correction=True, ocorr_mode='ca',
                   process_caldevice=False, createmms=False, vis='{ebs[0]}.ms',
                   asdm='../rawdata/{ebs[0]}', savecmds=True, bdfflags=True, overwrite=False)

        # hifa_flagdata()
        #
        # Flags generated by the online telescope software, by the QA0 process, and
        # manually set by the pipeline user.
        #
        flagdata(tbuff=[0.192, 0.576], flagbackup=True, mode='list', vis='{ebs[0]}.ms',
                 inpfile='{ebs[0]}.flagcmds.txt', reason='any', action='apply')
        """)


def wvrgcal_report(eb: str, antennas: list[str]) -> str:
    rows = "\n".join(f"{i:>3} {ant:<6} True  {1.2 + 0.05 * i:.2f}  {40 + 3 * i:>4}" for i, ant in enumerate(antennas))
    return f"WVR calibration report for {eb}\n # Name  WVR   Improvement  Phase rms (um)\n{rows}\n"
