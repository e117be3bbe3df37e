"""Worker processes: a query past its time limit is killed, the pool goes on, workers die
with their parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from seckg.errors import InputError
from seckg.namespaces import PREFIXES
from seckg.sparql.dataset import QuerySyntaxError, Request, Source
from seckg.sparql.lexer import QueryRefused
from seckg.sparql.workers import QueryTimeout, WorkerPool

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def pool(seed_graph_file: Path):
    with WorkerPool(Source(files=(str(seed_graph_file),), prefixes=PREFIXES), 2, 1.0) as pool:
        yield pool


def test_answers_errors_and_refusals_cross_the_process_boundary(pool):
    answer = pool.run(Request("SELECT ?f WHERE { ?f sec:acronym 'G7' }", "text/csv"))
    assert answer.form == "SELECT" and answer.body.splitlines()[1].endswith(b"forum/g7")
    with pytest.raises(QuerySyntaxError, match="line 1"):
        pool.run(Request("SELECT ?x WHERE { ?x }"))
    with pytest.raises(QueryRefused):
        pool.run(Request("SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"))


def test_a_runaway_query_is_killed_and_its_worker_replaced(pool):
    pids = {worker.process.pid for worker in pool._all}
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="1 s time limit"):
        pool.run(Request(RUNAWAY))
    assert time.monotonic() - started < 1.0 + 2
    deadline = time.monotonic() + 10
    while len(pool._all) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    now = {worker.process.pid for worker in pool._all}
    assert len(now) == 2 and len(now & pids) == 1  # one killed, one new
    assert pool.run(Request("ASK { ?s ?p ?o }")).body == b'{"head":{},"boolean":true}'


def test_unreadable_data_is_reported_at_start(tmp_path: Path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .\n")
    with pytest.raises(InputError, match=r"broken\.ttl: not valid Turtle"):
        WorkerPool(Source(files=(str(broken),)), 1, 1.0)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and PDEATHSIG")
def test_workers_die_with_their_parent_even_on_kill_9(seed_graph_file: Path, tmp_path: Path):
    script = tmp_path / "parent.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import time
            from seckg.sparql.dataset import Request, Source
            from seckg.sparql.workers import WorkerPool
            pool = WorkerPool(Source(files=({str(seed_graph_file)!r},)), 3, 60)
            print(" ".join(str(w.process.pid) for w in pool._all), flush=True)
            pool.run(Request({RUNAWAY!r}))  # keeps one worker busy while the parent is killed
            """
        )
    )
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    workers = [int(pid) for pid in parent.stdout.readline().split()]
    assert len(workers) == 3
    time.sleep(0.5)
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    alive = workers
    while alive and time.monotonic() < deadline:
        alive = [pid for pid in workers if Path(f"/proc/{pid}").exists() and _running(pid)]
        time.sleep(0.1)
    assert alive == []


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except OSError:
        return False
    return state != "Z"


def test_a_replacement_outlives_the_thread_that_asked_for_it(seed_graph_file: Path):
    """Linux kills a child when the thread that started it ends: replacements must be started
    by a thread that lives as long as the pool (a one-worker pool shows it)."""
    with WorkerPool(Source(files=(str(seed_graph_file),)), 1, 1.0) as pool:
        with pytest.raises(QueryTimeout):
            pool.run(Request(RUNAWAY))
        time.sleep(1.5)
        assert [worker.process.poll() for worker in pool._all] == [None]
        assert pool.run(Request("ASK { ?s ?p ?o }")).body == b'{"head":{},"boolean":true}'
