"""Load on `seckg serve`: many clients at once for a while, every bundled query in turn.

    python benchmarks/load.py                       # 200 clients for 30 s on the seed graph
    python benchmarks/load.py --clients 20 --seconds 5

Each client (a thread with its own keep-alive connection) sends the bundled queries one after
another until the time is up. Printed: requests, errors (any status but 200, any exception),
p50 and p99 latency. Loopback only; not run in CI.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from conftest import free_port, wait_until_serving  # noqa: E402
from seckg.query import bundled_queries  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=30.0)
    arguments = parser.parse_args()
    from seckg.build import build, input_files

    queries = [query.text for query in bundled_queries().values()]
    with tempfile.TemporaryDirectory() as temporary:
        graph = Path(temporary) / "seeds.ttl"
        build(graph, input_files([]), validate=False)
        port = free_port()
        url = f"http://127.0.0.1:{port}/"
        server = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("seckg")),
                "serve",
                "--graph",
                str(graph),
                "--port",
                str(port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        wait_until_serving(server, url)
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        deadline = time.monotonic() + arguments.seconds

        def client(index: int) -> None:
            mine, failed = [], []
            with httpx.Client(timeout=120) as session:
                turn = index
                while time.monotonic() < deadline:
                    text = queries[turn % len(queries)]
                    turn += 1
                    started = time.perf_counter()
                    try:
                        response = session.post(
                            url,
                            data={"query": text},
                            headers={"Accept": "application/sparql-results+json"},
                        )
                        if response.status_code != 200:
                            failed.append(f"{response.status_code}: {response.text[:80]}")
                    except httpx.HTTPError as exc:
                        failed.append(type(exc).__name__)
                    mine.append(time.perf_counter() - started)
            with lock:
                latencies.extend(mine)
                errors.extend(failed)

        threads = [threading.Thread(target=client, args=(i,)) for i in range(arguments.clients)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        server.terminate()
        server.wait(timeout=30)
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    print(
        f"{arguments.clients} clients, {elapsed:.0f} s: {len(latencies)} requests "
        f"({len(latencies) / elapsed:.0f}/s), {len(errors)} errors, "
        f"p50 {statistics.median(ordered) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms"
    )
    for error in sorted(set(errors))[:5]:
        print("  error:", error)


if __name__ == "__main__":
    main()
