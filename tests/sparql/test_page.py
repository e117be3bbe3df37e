"""The query page in a real headless Chromium, offline: a bundled query runs and its rows show,
and no request leaves for anywhere but the server (every other address goes to a proxy the test
listens on, which must receive nothing)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from matplotlib import image

from conftest import Listener, start_seckg_serve, stop

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# what Chromium itself calls even with background networking off (clock, updater, sign-in,
# autofill): not the page's requests, which would name a CDN or a font or icon host
CHROMIUM_SERVICES = {
    "clients2.google.com",
    "update.googleapis.com",
    "accounts.google.com",
    "content-autofill.googleapis.com",
    "optimizationguide-pa.googleapis.com",
    "www.google.com",  # Chromium's own connectivity check (fonts and CDNs are other hosts)
}
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")


@pytest.fixture(scope="module")
def endpoint(seed_graph_file: Path):
    process, url = start_seckg_serve([seed_graph_file])
    yield url
    stop(process)


def _chromium(tmp_path: Path, proxy: str, *arguments: str) -> subprocess.CompletedProcess:
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
        "--no-pings",
        "--disable-domain-reliability",
        "--disable-features=AutofillServerCommunication,OptimizationHints,MediaRouter",
        f"--user-data-dir={tmp_path / 'profile'}",
        f"--proxy-server={proxy}",  # loopback bypasses it: only the server is reached directly
        "--virtual-time-budget=20000",
        *arguments,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def test_a_bundled_query_runs_in_the_page_offline(endpoint, tmp_path: Path):
    listener = Listener()
    try:
        page = endpoint + "#query=forums_addressing_threat&run"
        dom = _chromium(tmp_path, listener.url.removesuffix("/sparql"), "--dump-dom", page).stdout
        shot = tmp_path / "page.png"
        _chromium(
            tmp_path,
            listener.url.removesuffix("/sparql"),
            "--hide-scrollbars",
            "--window-size=1280,1000",
            f"--screenshot={shot}",
            page,
        )
        # nothing was fetched from anywhere else but the browser's own service calls
        assert listener.hosts() <= CHROMIUM_SERVICES, listener.requests
    finally:
        listener.close()
    status = re.search(r'<p id="status"[^>]*>([^<]*)<', dom)
    assert status and re.fullmatch(r"\d+ rows in [\d.]+ s", status.group(1)), dom[-2000:]
    rows = int(status.group(1).split()[0])
    assert rows > 10 and dom.count("<tr>") == rows + 1  # the header row and one per result
    assert "threat:cyber" in dom and "Quadrilateral Security Dialogue" in dom
    assert dom.count("<option") > 20  # the bundled queries are offered
    pixels = image.imread(shot)[:, :, :3]
    assert pixels.shape[:2] == (1000, 1280)
    accent = np.abs(pixels - np.array([31, 95, 174]) / 255).max(axis=2) < 0.08
    assert 0.002 < accent.mean() < 0.2  # the Run button and the IRIs in the results are drawn
