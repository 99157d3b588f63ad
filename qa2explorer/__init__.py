"""qa2explorer: a desktop explorer for ALMA QA2 data deliveries."""

__version__ = "0.1.0"
