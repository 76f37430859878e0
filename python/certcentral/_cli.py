"""The ``certcentral`` console script: the command implemented in Rust, run through the
package's native module (``certcentral --help``)."""

from __future__ import annotations

import signal
import sys

from ._certcentral import _cli_main


def main() -> int:
    """Runs ``certcentral`` with this process's arguments; returns its exit code.

    SIGTERM is handled like SIGINT (Ctrl-C), as by the Rust binary: a bulk run stops cleanly,
    its requests under way finish and are journaled, and the exit code is 130.
    """
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    return _cli_main(["certcentral", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
