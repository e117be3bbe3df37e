"""Workers die with their parent: a `seckg build --jobs 2` killed with -9 leaves none running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

PARAGRAPH = (
    "NATO and the G7 will cooperate against cyber attacks. Japan and India condemned piracy. "
    "Members of the Quad include Australia and Japan. France reaffirmed its commitment to the EU."
)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and PDEATHSIG")
def test_a_killed_parallel_build_leaves_no_worker(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for index in range(12):
        (corpus / f"doc{index}.txt").write_text(
            f"Joint Statement {index}\n\n" + "\n\n".join([PARAGRAPH] * 1500),  # not copies
            encoding="utf-8",
        )
    build = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "seckg.cli",
            "build",
            str(corpus),
            "--out",
            str(tmp_path / "g.ttl"),
            "--jobs",
            "2",
            "--no-validate",
            "-q",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while len(workers) < 2 and time.monotonic() < deadline and build.poll() is None:
        workers = _children(build.pid)
        time.sleep(0.1)
    assert len(workers) >= 2, "the build did not start its workers"
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)
    assert not (tmp_path / "g.ttl").exists()  # nothing half-written either
