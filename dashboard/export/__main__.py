"""``python -m dashboard.export``: see :mod:`dashboard.export.cli`."""

from dashboard.export.cli import main

raise SystemExit(main())
