"""The same text given twice: identical files read once, republished stories flagged.

Identical bytes under several names are one document (the others are kept as its aliases).
Near-duplicates (the same wire story on two sites, with other headers and a changed line) are
both kept, since each is a real publication, but linked, so that counting "independent
documents" behind a tie does not count one story twice. Similarity is the Jaccard index of
word 5-shingles, estimated by MinHash and found by LSH (datasketch): linear in the number of
documents, where comparing every pair is not.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from seckg.ingest.document import SkippedDocument
from seckg.ingest.files import read_bytes_limited

SHINGLE = 5  # words: short enough to survive edits, long enough that unrelated texts share few
NUM_PERM = 64
THRESHOLD = 0.7  # estimated Jaccard of 5-shingles at or above which two texts are one story: a
# republished story with its own header, a changed line and a credit scores 0.75-0.95 (each
# edited word breaks five shingles); two different statements on one topic stay under 0.1
MIN_WORDS = 60  # a shorter text shares its few shingles with too many others by chance
SCHEME = (
    "affine32"  # datasketch 2 hashing: 32-bit values, so a signature is 4 bytes per permutation
)


# --------------------------------------------------------------------------- same bytes


@dataclass
class Copies:
    """Files to read (the first of each set of identical files), and the other names."""

    paths: list[Path] = field(default_factory=list)
    aliases: dict[Path, list[Path]] = field(default_factory=dict)  # first -> its copies
    digests: dict[Path, str] = field(default_factory=dict)  # SHA-256 of each readable file

    def digest(self, path: Path) -> str | None:
        """What `read_document` records as sec:contentHash; None for a file that could not
        be read (reading it again gives the reason it is skipped)."""
        return self.digests.get(path)


def group_copies(paths: Iterable[Path]) -> Copies:
    """Identical files (same SHA-256 of their bytes), the first in order kept.

    A file that cannot be read is kept: reading it again gives the reason it is skipped."""
    copies = Copies()
    first_of: dict[str, Path] = {}
    for path in paths:
        try:
            digest = hashlib.sha256(read_bytes_limited(path)).hexdigest()
        except SkippedDocument:
            copies.paths.append(path)
            continue
        copies.digests[path] = digest
        if digest in first_of:
            copies.aliases.setdefault(first_of[digest], []).append(path)
        else:
            first_of[digest] = path
            copies.paths.append(path)
    return copies


# --------------------------------------------------------------------------- near duplicates


def text_signature(text: str) -> str | None:
    """MinHash of the text's word shingles as a short base64 string (stored on the document,
    so a later incremental build compares new documents with stored ones); None when the text
    is too short to compare."""
    from datasketch import MinHash

    words = re.findall(r"\w+", text.lower())
    if len(words) < MIN_WORDS:
        return None
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    minhash = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    minhash.update_batch([shingle.encode("utf-8") for shingle in sorted(shingles)])
    return base64.b64encode(minhash.hashvalues.astype("<u4").tobytes()).decode("ascii")


def _minhash(signature: str):
    from datasketch import LeanMinHash

    values = np.frombuffer(base64.b64decode(signature), dtype="<u4").astype(np.uint64)
    return LeanMinHash(seed=1, hashvalues=values, scheme=SCHEME)


@dataclass(frozen=True)
class Signed:
    """A document as the near-duplicate search sees it."""

    identifier: str
    date: str | None
    signature: str


@dataclass(frozen=True)
class NearDuplicate:
    identifier: str
    original: str
    similarity: float  # estimated Jaccard of shingles


def near_duplicates(
    documents: Iterable[Signed], threshold: float = THRESHOLD
) -> list[NearDuplicate]:
    """Each document that repeats an earlier one, with the earliest of its story.

    The original is the first published (by date; undated ones after dated ones, then by
    identifier), so the answer does not depend on the order files were read in."""
    from datasketch import MinHashLSH

    ordered = sorted(documents, key=lambda d: (d.date is None, d.date or "", d.identifier))
    # weighted against false negatives: each candidate is checked against the threshold anyway
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM, weights=(0.1, 0.9))
    hashes = {}
    original_of: dict[str, str] = {}
    found: list[NearDuplicate] = []
    for document in ordered:
        if document.identifier in hashes:
            continue
        minhash = _minhash(document.signature)
        candidates = [c for c in lsh.query(minhash) if minhash.jaccard(hashes[c]) >= threshold]
        if candidates:
            best = max(candidates, key=lambda c: (minhash.jaccard(hashes[c]), c))
            root = original_of.get(best, best)
            similarity = round(float(minhash.jaccard(hashes[root])), 2)
            found.append(NearDuplicate(document.identifier, root, similarity))
            original_of[document.identifier] = root
        lsh.insert(document.identifier, minhash)
        hashes[document.identifier] = minhash
    return found
