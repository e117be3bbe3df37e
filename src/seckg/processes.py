"""Child processes that do not outlive the seckg process that started them."""

from __future__ import annotations

import contextlib
import signal
import sys


def die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent ends, even by kill -9, so that a
    killed build or server leaves no worker running (PR_SET_PDEATHSIG; elsewhere a no-op,
    and workers leave when their pipe to the parent closes).

    The signal comes when the *thread* that started the child ends: start workers from the
    main thread or from a thread that lives as long as they do."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
