"""``python -m loaders``: see :mod:`loaders.cli`."""

import signal
import sys

from loaders.cli import main

# Piping into `head` should end quietly, as other command-line tools do.
signal.signal(signal.SIGPIPE, signal.SIG_DFL)
sys.exit(main())
