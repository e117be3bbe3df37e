"""Writing outputs: atomically, with the user's file mode, and with one-line errors."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from seckg.errors import InputError
from seckg.store.files import write_text_atomically


def test_an_existing_file_keeps_its_mode_and_a_new_one_follows_the_umask(tmp_path: Path):
    existing = tmp_path / "report.md"
    existing.write_text("old")
    existing.chmod(0o644)
    write_text_atomically("new", existing)
    assert existing.read_text() == "new" and stat.S_IMODE(existing.stat().st_mode) == 0o644
    umask = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.md"
        write_text_atomically("x", fresh)
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
    finally:
        os.umask(umask)


def test_a_folder_that_cannot_be_made_is_one_line(tmp_path: Path):
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    with pytest.raises(InputError, match=r"a_file/sub/graph\.ttl: cannot write there"):
        write_text_atomically("x", blocker / "sub" / "graph.ttl")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_FSIZE")
def test_a_full_disk_leaves_the_old_graph_whole(tmp_path: Path):
    out = tmp_path / "graph.ttl"
    out.write_text("# the old graph\n")
    limited = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))\n"
        "from seckg.cli import main\n"
        f"sys.argv = ['seckg', 'build', '--out', {str(out)!r}, '--no-validate', '-q']\n"
        "main()\n"
    )
    result = subprocess.run([sys.executable, "-c", limited], capture_output=True, text=True)
    assert result.returncode == 2, result.stderr
    assert "cannot write it (File too large); left as it was" in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert out.read_text() == "# the old graph\n"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]  # no temporary file left


def test_hostile_rdf_is_refused_before_parsing(tmp_path: Path):
    from conftest import Listener, write_entity_bomb
    from seckg.store.files import load_graph

    bomb = write_entity_bomb(tmp_path / "bomb.rdf")
    with pytest.raises(InputError, match="DTD entities"):
        load_graph(bomb)
    listener = Listener()
    try:
        remote = tmp_path / "remote.jsonld"
        context = {"@import": listener.url}
        remote.write_text(json.dumps({"@graph": [{"@context": context, "@id": "http://e/a"}]}))
        with pytest.raises(InputError, match="remote contexts are not fetched"):
            load_graph(remote)
        assert listener.connections == 0
    finally:
        listener.close()


def test_a_killed_writers_temporary_file_is_removed_a_fresh_one_kept(tmp_path: Path):
    stale = tmp_path / ".graph.ttl.abcd1234"
    fresh = tmp_path / ".graph.ttl.efgh5678"
    stale.write_text("")
    fresh.write_text("")
    old = stale.stat().st_mtime - 2 * 3600
    os.utime(stale, (old, old))
    write_text_atomically("x", tmp_path / "graph.ttl")
    assert not stale.exists() and fresh.exists()
