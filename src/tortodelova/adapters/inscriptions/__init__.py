"""Inscriptions on designs: the OFL fonts shipped in fonts/ and the Pillow + FreeType renderer."""
