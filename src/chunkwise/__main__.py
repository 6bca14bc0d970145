"""``python -m chunkwise``: the command line (see :mod:`chunkwise.cli`)."""

from chunkwise.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
