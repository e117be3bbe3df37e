"""Per-document budgets of time and memory, so one pathological document is skipped and named
while the build goes on, instead of stalling it or taking the machine's memory."""

from __future__ import annotations

import resource
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

MIB = 1024 * 1024


class OverTime(Exception):
    pass


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise OverTime in this thread after `seconds` (a timer signal; only where one can be
    delivered: the main thread of a process, on Unix)."""
    usable = (
        seconds
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def expire(*_args) -> None:
        raise OverTime

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _address_space() -> int | None:
    """This process's virtual memory size in bytes (Linux), or None where unknown."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * resource.getpagesize()


@contextmanager
def memory_budget(mebibytes: float | None) -> Iterator[None]:
    """Let the code inside allocate at most `mebibytes` more address space: beyond it, an
    allocation fails and Python raises MemoryError, which the caller turns into a skip. The
    limit is the soft RLIMIT_AS, set relative to what the process already maps and restored
    afterwards (a process may always raise its soft limit back to the hard one). Linux only;
    elsewhere no limit."""
    current = _address_space() if mebibytes and sys.platform.startswith("linux") else None
    if current is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = current + int(mebibytes * MIB)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
