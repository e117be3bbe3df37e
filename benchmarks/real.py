"""Ingest speed on real documents: copies of real texts, into an Oxigraph store.

    python benchmarks/real.py                       # seeds + ../shared/dev/docs, 2,000 documents
    python benchmarks/real.py DIR ... --docs 500 --jobs 2
    python benchmarks/real.py --docs 0 --jobs --long  # one document of 1k to 8k sentences

Generated documents (`run.py`) are short and regular; real ones are long, hard-wrapped and
name many more things, so extraction costs more per document. The corpus is the given folders'
.txt/.md/.html files, copied round-robin under new names until it holds --docs documents (each
copy is a document of its own: the store keys documents by name). Each ingest runs in its own
process (run.py's ingest stage), so numbers for 1 and 2 processes are comparable. Not run in CI.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from itertools import cycle
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_SOURCES = [ROOT / "data" / "corpus", ROOT.parent / "shared" / "dev" / "docs"]


def make_corpus(sources: list[Path], target: Path, count: int) -> int:
    """Copy the sources' documents round-robin into `target`; returns the number of sources."""
    files = sorted(
        p
        for folder in sources
        if folder.is_dir()
        for p in folder.rglob("*")
        if p.suffix in (".txt", ".md", ".html")
    )
    if not files:
        raise SystemExit(f"no documents in {', '.join(map(str, sources))}")
    target.mkdir(parents=True)
    for index, source in zip(range(count), cycle(files), strict=False):
        shutil.copyfile(source, target / f"doc{index:06d}{source.suffix}")
    return len(files)


def long_documents(sources: list[Path], sizes: tuple[int, ...] = (1000, 2000, 4000, 8000)) -> None:
    """Extraction time of one document as it grows: it must grow linearly with its length,
    as paragraphs and as one long line under a title that the text does not repeat (the
    layout that exposed two quadratic steps: the title searched per mention, the heading line
    sliced per mention)."""
    from seckg.extract import extract_document, load_knowledge
    from seckg.ingest import SourceDocument, read_document

    knowledge = load_knowledge()
    files = sorted(p for folder in sources if folder.is_dir() for p in folder.glob("*.txt"))
    texts = [read_document(p).text for p in files]
    print("\n| layout | sentences | extraction | per sentence |")
    print("|---|---:|---:|---:|")
    for layout, size in [(layout, size) for layout in ("paragraphs", "one line") for size in sizes]:
        parts, count = [], 0
        for text in cycle(texts):
            if count >= size:
                break
            parts.append(text)
            count += text.count(". ") + 1
        if layout == "paragraphs":
            text, title = "\n\n".join(parts), None
        else:
            text, title = " ".join(" ".join(parts).split()), "A communique"
        document = SourceDocument("long", "long.txt", text, title, None, None, "0")
        started = time.perf_counter()
        extraction = extract_document(document, knowledge)
        seconds = time.perf_counter() - started
        n = len(extraction.sentences)
        print(f"| {layout} | {n:,} | {seconds:.2f} s | {1000 * seconds / n:.2f} ms |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="*", type=Path, default=DEFAULT_SOURCES)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--jobs", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--long", action="store_true", help="also time one growing document")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from run import _child

    with tempfile.TemporaryDirectory() as scratch:
        corpus = Path(scratch) / "corpus"
        distinct = make_corpus(args.sources, corpus, args.docs)
        print(f"{args.docs:,} documents ({distinct} distinct real texts)\n")
        print("| processes | time | docs/s | MB/s | triples | peak memory |")
        print("|---:|---:|---:|---:|---:|---:|")
        for jobs in args.jobs:
            store = Path(scratch) / f"store-{jobs}"
            result = _child("ingest", str(corpus), str(store), str(jobs))
            print(
                f"| {jobs} | {result['seconds']:.1f} s | {result['docs_per_s']:.0f} "
                f"| {result['mb_per_s']:.2f} | {result['triples']:,} "
                f"| {result['peak_mib']:.0f} MiB |"
            )
            shutil.rmtree(store)
    if args.long:
        long_documents(args.sources)


if __name__ == "__main__":
    main()
