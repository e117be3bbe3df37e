"""Package resources: found from any folder, and shipped inside the wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from seckg import resources

REPO = Path(__file__).resolve().parent.parent


def test_resources_resolve():
    assert (resources.ontology_dir() / "seckg.ttl").is_file()
    assert (resources.reference_dir() / "forums.yaml").is_file()
    assert list(resources.corpus_dir().glob("*.txt"))
    assert list(resources.queries_dir().glob("*.rq"))


@pytest.mark.slow
def test_wheel_ships_ontology_data_and_queries(tmp_path: Path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "-w",
            str(tmp_path),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    (wheel,) = tmp_path.glob("seckg-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in (
        "seckg/network/view/view.js",
        "seckg/network/view/view.css",
        "seckg/network/view/view.html",
        "seckg/_resources/ontology/seckg.ttl",
        "seckg/_resources/ontology/shapes.ttl",
        "seckg/_resources/ontology/threats.ttl",
        "seckg/_resources/data/reference/forums.yaml",
        "seckg/_resources/data/reference/memberships.csv",
        "seckg/_resources/data/lexicon/commitments.yaml",
        "seckg/_resources/queries/forums_of_state.rq",
        "seckg/sparql/page/index.html",
        "seckg/sparql/page/app.js",
        "seckg/sparql/page/app.css",
        "seckg/cli.py",
        "seckg/curation/decisions.py",
        "seckg/explain/render.py",
        "seckg/_resources/queries/claim_corroboration.rq",
    ):
        assert expected in names, expected
