"""Documents given as URLs, fetched from a real HTTP server the test starts on 127.0.0.1."""

from __future__ import annotations

import itertools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from seckg.cli import main
from seckg.errors import InputError
from seckg.ingest import read_document
from seckg.ingest.web import Fetcher, read_url_list, slug_of

ARTICLE = """<!doctype html>
<html><head><title>Quad Foreign Ministers meet in Tokyo | Ministry</title>
<meta property="og:title" content="Quad Foreign Ministers meet in Tokyo">
<meta property="article:published_time" content="2024-07-29T10:00:00+09:00">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/contact">Contact us</a></nav>
<article><h1>Quad Foreign Ministers meet in Tokyo</h1>
<p>The foreign ministers of Australia, India, Japan and the United States met in Tokyo on
Monday to review their cooperation in the Indo-Pacific.</p>
<p>The Quad committed to counter cyber threats to critical infrastructure and agreed to
expand the Indo-Pacific Partnership for Maritime Domain Awareness.</p>
<p>The ministers also discussed undersea cables, health security and disaster relief, and
they will meet again next year.</p></article>
<footer>Copyright 2024 Ministry. All rights reserved. Privacy policy.</footer>
</body></html>"""


class _Handler(BaseHTTPRequestHandler):
    requests: ClassVar[list[tuple[str, float]]] = []
    agents: ClassVar[list[str]] = []
    robots: ClassVar[tuple[int, str] | None] = None  # (status, body) of /robots.txt

    def do_GET(self):
        type(self).agents.append(self.headers.get("User-Agent", ""))
        if self.path == "/robots.txt":
            status, text = self.robots or (404, "not here")
            body = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        type(self).requests.append((self.path, time.monotonic()))
        if self.path.startswith("/news/"):
            body = ARTICLE.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
        elif self.path == "/plain.txt":
            body = ("Statement\n\n" + ARTICLE.split("<p>")[2].split("</p>")[0]).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
        else:
            body = b"not here"
            self.send_response(404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args):
        pass


@pytest.fixture
def server():
    _Handler.requests, _Handler.agents, _Handler.robots = [], [], None
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", httpd
    httpd.shutdown()
    httpd.server_close()


def test_a_page_is_fetched_cached_and_read_as_its_main_text(server, tmp_path: Path):
    base, _ = server
    url = f"{base}/news/quad-tokyo"
    fetched = Fetcher(tmp_path / "cache", delay=0).fetch_all([url])
    assert not fetched.failed and len(fetched.paths) == 1
    path = fetched.paths[0]
    assert path.suffix == ".html" and path.stem == slug_of(url)
    document = read_document(path)
    assert document.source_url == url
    assert document.title == "Quad Foreign Ministers meet in Tokyo"
    assert document.date == "2024-07-29"
    assert "committed to counter cyber threats" in document.text
    assert "All rights reserved" not in document.text and "Contact us" not in document.text
    again = Fetcher(tmp_path / "cache", delay=0).fetch_all([url])
    assert again.paths == [path] and again.from_cache == 1
    assert len(_Handler.requests) == 1  # the second time, from the cache


def test_requests_to_one_host_are_spaced_by_the_delay(server, tmp_path: Path):
    base, _ = server
    urls = [f"{base}/news/{n}" for n in range(3)]
    Fetcher(tmp_path / "cache", delay=0.4).fetch_all(urls)
    times = [at for _, at in _Handler.requests]
    assert len(times) == 3
    assert all(later - earlier >= 0.39 for earlier, later in itertools.pairwise(times))


def test_failures_are_skipped_with_the_status(server, tmp_path: Path):
    base, _ = server
    fetched = Fetcher(tmp_path / "cache", delay=0).fetch_all(
        [f"{base}/gone", f"{base}/plain.txt", "http://127.0.0.1:9/closed"]
    )
    assert [p.suffix for p in fetched.paths] == [".txt"]
    reasons = {str(f.path): f.reason for f in fetched.failed}
    assert "HTTP 404" in reasons[f"{base}/gone"]
    assert reasons["http://127.0.0.1:9/closed"] == "could not be fetched (Connection refused)"


def test_url_lists_skip_comments_and_name_a_bad_line(tmp_path: Path):
    good = tmp_path / "urls.txt"
    good.write_text("# reading list\nhttps://example.org/a#part\n\nhttps://example.org/b\n")
    assert read_url_list(good) == ["https://example.org/a#part", "https://example.org/b"]
    bad = tmp_path / "bad.txt"
    bad.write_text("https://example.org/a\nexample.org/b\n")
    with pytest.raises(InputError, match=r"bad\.txt:2: not an http\(s\) URL: 'example\.org/b'"):
        read_url_list(bad)


def test_build_reads_urls_given_and_listed_then_from_the_cache(server, tmp_path: Path):
    base, httpd = server
    listed = tmp_path / "urls.txt"
    listed.write_text(f"{base}/news/second\n{base}/missing\n")
    out, cache = tmp_path / "g.ttl", tmp_path / "cache"
    args = [f"{base}/news/first", "--urls", str(listed), "--cache", str(cache), "--delay", "0"]
    args += ["--out", str(out), "--no-validate", "--format", "json"]
    result = CliRunner().invoke(main, ["build", *args])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["skipped_files"] == [
        {"path": f"{base}/missing", "reason": "could not be fetched (HTTP 404)"}
    ]
    # the same article at two addresses: one document, the other kept as its alias
    assert summary["documents"] == 1 and len(summary["duplicates"]) == 1
    assert "http:/127" not in out.read_text() and f"<{base}/news/first>" in out.read_text()

    httpd.shutdown()  # no server now: the pages come from the cache
    httpd.server_close()
    result = CliRunner().invoke(main, ["build", *args])
    summary = json.loads(result.stdout)
    assert summary["documents"] == 1
    assert summary["skipped_files"][0]["reason"] == "could not be fetched (Connection refused)"


def test_robots_txt_is_read_once_and_obeyed(server, tmp_path: Path):
    """The site disallows /news/private for seckg (and everything for another crawler): that
    page is skipped with the reason, the others are fetched, robots.txt is asked for once."""
    base, _ = server
    _Handler.robots = (
        200,
        "User-agent: otherbot\nDisallow: /\n\nUser-agent: seckg\nDisallow: /news/private\n",
    )
    fetched = Fetcher(tmp_path / "cache", delay=0).fetch_all(
        [f"{base}/news/a", f"{base}/news/private", f"{base}/news/b"]
    )
    assert len(fetched.paths) == 2
    (skipped,) = fetched.failed
    assert str(skipped.path) == f"{base}/news/private"
    assert "robots.txt disallows it for seckg (--ignore-robots" in skipped.reason
    assert [path for path, _ in _Handler.requests] == ["/news/a", "/news/b"]
    assert len(_Handler.agents) == 3 and all(a.startswith("seckg/") for a in _Handler.agents)
    ignored = Fetcher(tmp_path / "other", delay=0, respect_robots=False)
    assert not ignored.fetch_all([f"{base}/news/private"]).failed


def test_a_crawl_delay_is_kept_and_a_failing_robots_txt_keeps_seckg_away(server, tmp_path: Path):
    base, _ = server
    _Handler.robots = (200, "User-agent: *\nCrawl-delay: 1\n")
    Fetcher(tmp_path / "cache", delay=0).fetch_all([f"{base}/news/1", f"{base}/news/2"])
    (_, at1), (_, at2) = _Handler.requests
    assert at2 - at1 >= 0.99
    _Handler.robots = (503, "busy")
    fetched = Fetcher(tmp_path / "again", delay=0).fetch_all([f"{base}/news/3"])
    assert "robots.txt answered HTTP 503" in fetched.failed[0].reason
