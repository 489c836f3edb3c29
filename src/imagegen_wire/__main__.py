"""``python -m imagegen_wire``: the same as the ``imagegen-wire`` command."""

import sys

from ._cli import main

sys.exit(main())
