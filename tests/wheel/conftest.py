"""Ctrl-C reaches these tests whatever started them: a shell that runs a command in the
background without job control starts it with SIGINT ignored, which this process and every
child would inherit (a handler, unlike SIG_IGN, is reset to the default in a child)."""

import signal

signal.signal(signal.SIGINT, signal.default_int_handler)
