"""flux.csv and antennapos.csv (or .json): the calibrator flux densities and antenna position corrections the
pipeline used, as sortable tables with units."""

from __future__ import annotations

from ...qa.csv_tables import antennapos_table, flux_table
from ...qa.helper_table import HelperTable
from .table_helpers import TablePreview


class FluxCsvPreview(TablePreview):
    what = "a flux.csv table"
    title = "Flux densities"

    @staticmethod
    def parse(text: str, path: str) -> HelperTable:
        return flux_table(text)


class AntennaposPreview(TablePreview):
    what = "an antenna positions table"
    title = "Antenna positions"

    @staticmethod
    def parse(text: str, path: str) -> HelperTable:
        return antennapos_table(text)
