"""Queries that can be stopped: each runs in a worker process that is killed at the time limit.

Oxigraph's evaluation cannot be interrupted from Python, and a deadline checked between query
parts lets one aggregate over a large join run on long after it. A process can always be
stopped: the pool sends a query to an idle worker, waits at most the time limit for its answer,
and otherwise kills it (SIGKILL: a read-only store is left as it was) and starts a replacement
in the background, so the other workers go on serving the other clients meanwhile.

Workers die with their parent: on Linux the kernel sends them SIGKILL when it exits (even by
kill -9), and elsewhere a worker leaves when its pipe to the parent closes.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
from concurrent.futures import Future
from dataclasses import dataclass
from multiprocessing.connection import Connection

from seckg.errors import InputError, SeckgError
from seckg.processes import die_with_parent
from seckg.sparql import dataset
from seckg.sparql.dataset import Answer, Request, Source
from seckg.sparql.lexer import QueryRefused

# the errors a worker reports by name, so the parent raises the same type
_ERRORS: dict[str, type[SeckgError]] = {
    "QuerySyntaxError": dataset.QuerySyntaxError,
    "QueryRefused": QueryRefused,
    "QueryFailed": dataset.QueryFailed,
    "InputError": InputError,
}


class QueryTimeout(SeckgError):
    """The query ran past the time limit and was stopped."""


class PoolBusy(SeckgError):
    """Every worker stayed busy for the whole time limit."""


def _work(connection: Connection, parent: int) -> None:
    """A worker's life: open the data, then answer requests until the pipe closes."""
    die_with_parent()
    if os.getppid() != parent:  # the parent died before prctl took effect
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    source: Source = connection.recv()
    try:
        store = dataset.open_source(source)
    except SeckgError as exc:
        connection.send(("failed", type(exc).__name__, str(exc)))
        return
    connection.send(("ready", "", ""))
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        try:
            connection.send(("ok", dataset.execute(store, request, source.prefixes), ""))
        except SeckgError as exc:
            connection.send(("error", type(exc).__name__, str(exc)))
        except Exception as exc:  # an engine failure must not take the worker down silently
            connection.send(("error", "QueryFailed", f"the query failed: {exc}"))


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen
    connection: Connection

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        self.connection.close()


class WorkerPool:
    """`size` worker processes over one source; `run` is safe to call from many threads."""

    def __init__(self, source: Source, size: int = 2, timeout: float | None = None):
        self.source = source
        self.timeout = timeout
        self.size = max(1, size)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        # Every worker is started by one long-lived thread: Linux kills a child when the
        # *thread* that started it ends (PR_SET_PDEATHSIG), so a short-lived thread must not.
        self._starts: queue.Queue[Future | None] = queue.Queue()
        threading.Thread(target=self._start_workers, daemon=True, name="seckg-workers").start()
        starting = [self._start_later() for _ in range(self.size)]
        try:
            for future in starting:  # the first failure reports unreadable data to the caller
                self._idle.put(future.result())
        except BaseException:
            self.close()
            raise

    def _start_workers(self) -> None:
        while (future := self._starts.get()) is not None:
            try:
                future.set_result(self._spawn())
            except BaseException as exc:
                future.set_exception(exc)

    def _start_later(self) -> Future:
        future: Future = Future()
        self._starts.put(future)
        return future

    def _spawn(self) -> _Worker:
        """A new worker: a fresh interpreter (`python -m seckg.sparql.workers`), so nothing of
        the parent's state (threads, the caller's main module) is copied or re-imported."""
        ours, theirs = socket.socketpair()
        process = subprocess.Popen(
            [sys.executable, "-m", "seckg.sparql.workers", str(theirs.fileno()), str(os.getpid())],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
        )
        theirs.close()
        connection = Connection(ours.detach())
        worker = _Worker(process, connection)
        try:
            connection.send(self.source)
            status, kind, message = connection.recv()
        except (EOFError, OSError):
            worker.stop()
            raise SeckgError(f"{self.source.describe()}: a query worker did not start") from None
        if status == "failed":
            worker.stop()
            raise _ERRORS.get(kind, SeckgError)(message)
        with self._lock:
            self._all.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        """Stop a worker and start another in the background."""
        worker.stop()
        with self._lock:
            self._all.discard(worker)

        def ready(future: Future) -> None:
            if future.exception() is None:
                if self._closed:
                    future.result().stop()
                else:
                    self._idle.put(future.result())

        if not self._closed:
            self._start_later().add_done_callback(ready)

    def _busy(self) -> PoolBusy:
        return PoolBusy(
            f"all {self.size} query workers stayed busy for {self.timeout:g} s; try again later"
        )

    def _stopped(self, worker: _Worker) -> QueryTimeout:
        self._replace(worker)
        return QueryTimeout(f"query stopped: it ran longer than the {self.timeout:g} s time limit")

    def _lost(self, worker: _Worker) -> dataset.QueryFailed:
        self._replace(worker)
        return dataset.QueryFailed(
            "the query's worker process died (out of memory?); it has been restarted"
        )

    def _settle(self, worker: _Worker, reply: tuple) -> Answer:
        """The worker goes back to the idle ones; its reply becomes the answer or the error."""
        self._idle.put(worker)
        status, payload, message = reply
        if status == "ok":
            return payload
        raise _ERRORS.get(payload, SeckgError)(message)

    def run(self, request: Request) -> Answer:
        """The answer, or QueryTimeout once the time limit has passed (the worker is killed)."""
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise self._busy() from None
        try:
            worker.connection.send(request)
            if not worker.connection.poll(self.timeout):
                raise self._stopped(worker)
            reply = worker.connection.recv()
        except (EOFError, OSError):
            raise self._lost(worker) from None
        return self._settle(worker, reply)

    async def run_async(self, request: Request) -> Answer:
        """`run` for an event loop: the answer is awaited on the worker's socket, so a query
        costs no thread hand-off (it was most of the endpoint's overhead on small queries)."""
        loop = asyncio.get_running_loop()
        try:
            worker = self._idle.get_nowait()
        except queue.Empty:  # all busy: wait for one in a thread, within the time limit
            try:
                worker = await loop.run_in_executor(None, self._idle.get, True, self.timeout)
            except queue.Empty:
                raise self._busy() from None
        readable = loop.create_future()
        descriptor = worker.connection.fileno()

        def settle(answered: bool) -> None:
            if not readable.done():
                readable.set_result(answered)

        loop.add_reader(descriptor, settle, True)
        # a timer instead of asyncio.wait_for: no extra task per query
        timer = loop.call_later(self.timeout, settle, False) if self.timeout else None
        try:
            worker.connection.send(request)
            if not await readable:
                raise TimeoutError
            if timer is not None:
                timer.cancel()
            loop.remove_reader(descriptor)
            # the loop may have made the socket non-blocking; the rest of a large answer is
            # read as it arrives
            os.set_blocking(descriptor, True)
            reply = worker.connection.recv()
        except TimeoutError:
            loop.remove_reader(descriptor)
            raise self._stopped(worker) from None
        except (EOFError, OSError):
            loop.remove_reader(descriptor)
            raise self._lost(worker) from None
        return self._settle(worker, reply)

    def close(self) -> None:
        self._closed = True
        self._starts.put(None)
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.stop()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


if __name__ == "__main__":
    _work(Connection(int(sys.argv[1])), int(sys.argv[2]))
