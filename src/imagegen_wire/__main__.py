"""``python -m imagegen_wire``: the same as the ``imagegen-wire`` command."""

from ._cli import console_main

console_main()
