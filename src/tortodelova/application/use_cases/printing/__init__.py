"""From screen to cake (issue 22): the edible-print file, an inscription on the design, and the
upscale that gives a print its resolution."""
