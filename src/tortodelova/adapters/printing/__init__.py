"""Edible-print files: PDF (reportlab draws, pikepdf tags the colours sRGB) and 300 dpi PNG / JPEG (Pillow)."""
