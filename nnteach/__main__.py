"""``python -m nnteach`` is the ``nnteach`` command (see ``nnteach.cli``)."""
import sys

from .cli import main

sys.exit(main())
