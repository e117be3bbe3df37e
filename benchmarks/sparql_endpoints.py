"""Every bundled query through `seckg query`, `seckg serve` and `oxigraph serve`, side by side.

    python benchmarks/sparql_endpoints.py                 # the README's table (seeds, 400 docs)
    python benchmarks/sparql_endpoints.py --docs 0 -n 10  # a smoke run on the seeds only

For each graph (the seed graph, and a file built from --docs generated documents), each bundled
query is timed:

- `seckg query NAME --graph FILE --format json` as a command, --cli-runs times (start, load,
  answer: what a user waits for);
- through `seckg serve --graph FILE` and through `oxigraph serve-read-only` on the same file
  loaded with `oxigraph load`, by one client sending -n requests in a row, and by 20 clients
  at once sending -n requests each (httpx, keep-alive, JSON results).

Printed as Markdown: p50 and p99 in milliseconds and the ratio seckg/oxigraph of the p50s.
Not run in CI.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE))

from conftest import free_port, oxigraph_binary, wait_until_serving  # noqa: E402
from seckg.namespaces import sparql_prologue  # noqa: E402
from seckg.query import bundled_queries  # noqa: E402

PROLOGUE = sparql_prologue()
CLIENTS = 20


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p99 * 1000


def _ask(client: httpx.Client, url: str, text: str) -> float:
    started = time.perf_counter()
    response = client.post(
        url,
        content=(PROLOGUE + text).encode(),
        headers={
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+json",
        },
        timeout=600,
    )
    response.raise_for_status()
    return time.perf_counter() - started


def _single(url: str, text: str, runs: int) -> list[float]:
    with httpx.Client() as client:
        _ask(client, url, text)  # warm
        return [_ask(client, url, text) for _ in range(runs)]


def _concurrent(url: str, text: str, runs: int) -> list[float]:
    def one_client(_index: int) -> list[float]:
        with httpx.Client() as client:
            return [_ask(client, url, text) for _ in range(runs)]

    with ThreadPoolExecutor(CLIENTS) as pool:
        return [sample for samples in pool.map(one_client, range(CLIENTS)) for sample in samples]


def _cli(graph: Path, name: str, runs: int) -> list[float]:
    samples = []
    seckg = Path(sys.executable).with_name("seckg")
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(
            [str(seckg), "query", name, "--graph", str(graph), "--format", "json"],
            check=True,
            capture_output=True,
        )
        samples.append(time.perf_counter() - started)
    return samples


def _start(command: list[str], url: str) -> subprocess.Popen:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wait_until_serving(process, url, seconds=600)
    return process


def measure(
    graph: Path, label: str, runs: int, cli_runs: int, work: Path, only: set[str] | None
) -> list[str]:
    seckg_port, oxigraph_port = free_port(), free_port()
    folder = work / f"oxigraph-{label}"
    subprocess.run(
        [oxigraph_binary(), "load", "--location", str(folder), "--file", str(graph)],
        check=True,
        capture_output=True,
    )
    seckg = _start(
        [
            str(Path(sys.executable).with_name("seckg")),
            "serve",
            "--graph",
            str(graph),
            "--port",
            str(seckg_port),
            "--timeout",
            "600",
        ],
        f"http://127.0.0.1:{seckg_port}/",
    )
    oxigraph = _start(
        [
            oxigraph_binary(),
            "serve-read-only",
            "--location",
            str(folder),
            "--bind",
            f"127.0.0.1:{oxigraph_port}",
        ],
        f"http://127.0.0.1:{oxigraph_port}/query",
    )
    rows = []
    try:
        for name, query in bundled_queries().items():
            if only and name not in only:
                continue
            cells = [label, f"`{name}`"]
            cli = _percentiles(_cli(graph, name, cli_runs))
            cells.append(f"{cli[0]:.0f} / {cli[1]:.0f}")
            for mode in (_single, _concurrent):
                ours = _percentiles(mode(f"http://127.0.0.1:{seckg_port}/", query.text, runs))
                theirs = _percentiles(
                    mode(f"http://127.0.0.1:{oxigraph_port}/query", query.text, runs)
                )
                cells += [
                    f"{ours[0]:.1f} / {ours[1]:.1f}",
                    f"{theirs[0]:.1f} / {theirs[1]:.1f}",
                    f"{ours[0] / theirs[0]:.2f}",
                ]
            rows.append("| " + " | ".join(cells) + " |")
            print(rows[-1], flush=True)
    finally:
        for process in (seckg, oxigraph):
            process.terminate()
            process.wait(timeout=30)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=400, help="generated documents (0: none)")
    parser.add_argument("-n", "--runs", type=int, default=30, help="requests per client")
    parser.add_argument("--cli-runs", type=int, default=5, help="runs of the command")
    parser.add_argument("--only", help="comma-separated query names (default: all)")
    arguments = parser.parse_args()
    from corpus import generate

    from seckg.build import build, input_files

    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        graphs = []
        seeds = work / "seeds.ttl"
        build(seeds, input_files([]), validate=False)
        graphs.append((seeds, "seeds"))
        if arguments.docs:
            docs = generate(work / "docs", arguments.docs)
            generated = work / "generated.ttl"
            build(generated, input_files([docs[0].parent]), validate=False)
            graphs.append((generated, f"{arguments.docs} docs"))
        print(
            "| graph | query | `seckg query` p50 / p99 ms | `seckg serve` 1 client | "
            "`oxigraph serve` 1 client | ratio | `seckg serve` 20 clients | "
            "`oxigraph serve` 20 clients | ratio |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        for graph, label in graphs:
            only = set(arguments.only.split(",")) if arguments.only else None
            measure(graph, label, arguments.runs, arguments.cli_runs, work, only)


if __name__ == "__main__":
    main()
