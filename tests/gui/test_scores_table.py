"""The stage scores table on the demo's real-structure weblog: every stage, the pipeline's band colours, the
"only scores ≤ 0.90" filter, sorting by score, a double-click asking for the stage's page, and the note shown
when a weblog has no scores."""

import glob
import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from qa2explorer.gui.scores_table import ScoresTable
from qa2explorer.present.colours import LIGHT
from qa2explorer.qa.pipeline_run import read_weblog_archive
from qa2explorer.qa.scores import YELLOW


def demo_run(demo_project):
    (weblog,) = glob.glob(os.path.join(demo_project, "**", "*hifa_calimage.weblog.tgz"), recursive=True)
    return read_weblog_archive(weblog)


def test_the_table_of_the_demo_weblog(qtbot, demo_project):
    table = ScoresTable()
    qtbot.addWidget(table)
    run = demo_run(demo_project)
    table.set_run(run)
    proxy = table.proxy
    assert proxy.rowCount() == len(run.stages) == 36
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 1).data() == "hifa_imageprecheck")
    assert proxy.index(row, 2).data() == "0.50"
    assert proxy.index(row, 2).data(Qt.ItemDataRole.BackgroundRole) == QColor(LIGHT.bands[YELLOW][0])
    assert proxy.index(row, 4).data() == "Representative target: NGC_3627"
    assert (
        "Pipeline 2023.1.0.124" in table.summary.text()
        and "took 6:41:12 · scores from pipeline_aquareport.xml" in table.summary.text()
    )

    table.only_low.setChecked(True)
    shown = [float(proxy.index(r, 2).data()) for r in range(proxy.rowCount())]
    assert len(shown) == 6 and all(s <= 0.90 for s in shown)
    assert table.count.text() == "36 stages, 6 at or below 0.90 · 6 shown"
    table.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, 0).data() for r in range(2)] == ["22", "23"]

    with qtbot.waitSignal(table.stage_activated) as asked:
        table.table.activated.emit(proxy.index(0, 1))
    assert asked.args == [22]


def test_no_scores_shows_why(qtbot):
    table = ScoresTable()
    qtbot.addWidget(table)
    table.show()
    table.set_run(None, "no pipeline stage scores in x.weblog.tgz: a manual weblog has none")
    assert table.table.isHidden() and "manual weblog" in table.summary.text()


def test_the_products_a_stage_made(qtbot, demo_project):
    from qa2explorer.imaging.provenance import products_by_stage

    table = ScoresTable()
    qtbot.addWidget(table)
    table.show()
    run = demo_run(demo_project)
    member = os.path.dirname(os.path.dirname(run.weblog))
    table.set_run(run, products=products_by_stage(member))
    proxy = table.proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data() == "35")
    assert proxy.index(row, 3).data() == "12"
    table.table.selectRow(row)
    assert table.made.count() == 12 and "Stage 35 made 12 of the image products" in table.made_label.text()
    with qtbot.waitSignal(table.product_activated) as asked:
        table.made.itemActivated.emit(table.made.item(0))
    assert ".cube." in asked.args[0] and os.path.exists(asked.args[0])
    table.table.selectRow(0)
    assert table.made.isHidden() and "made none" in table.made_label.text()
