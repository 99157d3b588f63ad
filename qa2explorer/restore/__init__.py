"""Restoring the calibrated visibilities: which CASA, what scriptForPI needs (preflight), without Qt."""
