"""FITS access (no Qt)."""
