"""`python -m tortodelova.entrypoints.cli`: the same command line as `tortodelova`."""

import sys

from tortodelova.entrypoints.cli.main import main

sys.exit(main())
