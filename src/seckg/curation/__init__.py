"""Curation: analysts confirm, reject and add facts; every build applies their decisions.

`decisions` reads and writes the workspace's curation file (Turtle, one `sec:Curation` per
decision, with PROV who/when/why); `apply` gives every fact of a built graph its status and
reports decisions that no longer find their fact. Facts are named by stable IRIs (a
commitment's IRI carries the digest of its sentence, not its position), so a decision survives
re-extraction and edits elsewhere in the document.
"""

from seckg.curation.apply import (
    CURATION_GRAPH,
    Applied,
    Orphan,
    apply_to_graph,
    apply_to_store,
)
from seckg.curation.decisions import DEFAULT_FILE, CurationFile, Decision, default_path

__all__ = [
    "CURATION_GRAPH",
    "DEFAULT_FILE",
    "Applied",
    "CurationFile",
    "Decision",
    "Orphan",
    "apply_to_graph",
    "apply_to_store",
    "default_path",
]
