"""The Qt desktop window (PySide6)."""
