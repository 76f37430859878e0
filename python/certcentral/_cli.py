"""The ``certcentral`` console script: the command implemented in Rust, run through the
package's native module (``certcentral --help``)."""

from __future__ import annotations

import sys

from ._certcentral import _cli_main


def main() -> int:
    """Runs ``certcentral`` with this process's arguments; returns its exit code."""
    return _cli_main(["certcentral", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
