"""The frozen app's entry point: the same as the ``journal`` command."""

import sys

from journal.cli import main

if __name__ == "__main__":
    sys.exit(main())
