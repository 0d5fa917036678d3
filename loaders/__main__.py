"""``python -m loaders``: see :mod:`loaders.cli`."""

import sys

from loaders.cli import main

sys.exit(main())
