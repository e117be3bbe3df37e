"""Documents given as URLs: fetched once (trafilatura's downloader), kept in a cache folder.

Each page is saved as a file (`SLUG.html`, `.pdf` or `.txt` by what the server sent) with a
`SLUG.html.meta.yaml` sidecar holding its URL, so the rest of the build reads it like any
other document: main text, title and date come from the page by the same code, evidence
offsets refer to the same text, and a later build reads the cache instead of the network.
Requests to one host are spaced by a delay (politeness), longer where the site's robots.txt
asks for a Crawl-delay; a page the site's robots.txt disallows for seckg is skipped with that
reason unless the user says `--ignore-robots` (RFC 9309: a missing robots.txt allows all, a
server error disallows all for now). A public page may not redirect to a private address
(trafilatura's SSRF guard), though a URL the user gives on their own network is fetched.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import os
import re
import socket
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import yaml

from seckg.errors import InputError
from seckg.ingest.document import SkippedDocument
from seckg.ingest.files import MAX_BYTES, SIDECAR_SUFFIX

DELAY_S = 2.0  # between two requests to the same host
TIMEOUT_S = 30
AGENT = "seckg"  # the product token robots.txt rules are matched against
_URL = re.compile(r"https?://[^\s/$.?#][^\s]*$", re.I)


def is_url(text: str) -> bool:
    return bool(_URL.match(text))


def default_cache() -> Path:
    """`$XDG_CACHE_HOME/seckg/pages` (or ~/.cache/seckg/pages): pages survive between builds."""
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "seckg" / "pages"


def read_url_list(path: Path) -> list[str]:
    """URLs from a file, one per line; blank lines and lines starting with `#` are skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the list of URLs ({exc})") from exc
    urls = []
    for number, line in enumerate(lines, start=1):
        entry = line.strip()
        if not entry or entry.startswith("#"):  # not after a URL: "#" may be its fragment
            continue
        if not is_url(entry):
            raise InputError(f"{path}:{number}: not an http(s) URL: {entry[:80]!r}")
        urls.append(entry)
    return urls


def slug_of(url: str) -> str:
    """A file name for the URL: readable (host and path) and unique (a hash of the URL)."""
    parts = urlsplit(url)
    readable = re.sub(r"[^A-Za-z0-9]+", "-", f"{parts.hostname or ''}{parts.path}").strip("-")
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:10]
    return f"{readable[:80].rstrip('-')}-{digest}"


@dataclass
class Fetched:
    """The files of the pages (from the network or the cache) and the URLs that failed."""

    paths: list[Path] = field(default_factory=list)
    failed: list[SkippedDocument] = field(default_factory=list)
    from_cache: int = 0


class Fetcher:
    """Fetches pages into a cache folder, one host at a time no faster than `delay`."""

    def __init__(
        self,
        cache: Path,
        delay: float = DELAY_S,
        refresh: bool = False,
        respect_robots: bool = True,
    ) -> None:
        self.cache = cache
        self.delay = delay
        self.refresh = refresh
        self.respect_robots = respect_robots
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, RobotFileParser | str] = {}  # site -> rules, or why none apply
        self._delays: dict[str, float] = {}  # host -> a longer Crawl-delay the site asked for

    def fetch_all(
        self, urls: Iterable[str], on_progress: Callable[[str], None] | None = None
    ) -> Fetched:
        fetched = Fetched()
        for url in dict.fromkeys(urls):
            cached = None if self.refresh else self.cached(url)
            if cached:
                fetched.paths.append(cached)
                fetched.from_cache += 1
            else:
                try:
                    fetched.paths.append(self.fetch(url))
                except SkippedDocument as failure:
                    fetched.failed.append(failure)
            if on_progress:
                on_progress(url)
        return fetched

    def cached(self, url: str) -> Path | None:
        slug = slug_of(url)
        for suffix in (".html", ".pdf", ".txt"):
            path = self.cache / f"{slug}{suffix}"
            if path.is_file() and (self.cache / f"{path.name}{SIDECAR_SUFFIX}").is_file():
                return path
        return None

    def fetch(self, url: str) -> Path:
        """The page saved in the cache, or SkippedDocument(url, why not)."""
        from trafilatura.downloads import fetch_response

        if self.respect_robots:
            self._check_robots(url)
        self._wait_for(urlsplit(url).hostname or "")
        with _download_errors() as errors:
            response = fetch_response(url, config=_config(url))
        if response is None:
            why = _short_reason(errors[-1]) if errors else "no answer, or blocked"
            raise SkippedDocument(url, f"could not be fetched ({why})")
        if response.status >= 400:
            raise SkippedDocument(url, f"could not be fetched (HTTP {response.status})")
        data = response.data or b""
        if len(data) > MAX_BYTES:
            raise SkippedDocument(url, f"page larger than {MAX_BYTES // 1_000_000} MB")
        return self._save(url, response.url or url, data, (response.headers or {}))

    def _wait_for(self, host: str) -> None:
        last = self._last_request.get(host)
        if last is not None:
            delay = max(self.delay, self._delays.get(host, 0.0))
            time.sleep(max(0.0, last + delay - time.monotonic()))
        self._last_request[host] = time.monotonic()

    def _check_robots(self, url: str) -> None:
        """SkippedDocument when the site's robots.txt disallows the page for seckg; the file
        is read once per site and a run."""
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in self._robots:
            self._robots[site] = self._read_robots(site, parts.hostname or "")
        rules = self._robots[site]
        if isinstance(rules, str):
            raise SkippedDocument(url, rules)
        if not rules.can_fetch(AGENT, url):
            raise SkippedDocument(
                url, f"{site}/robots.txt disallows it for {AGENT} (--ignore-robots to fetch it)"
            )

    def _read_robots(self, site: str, host: str) -> RobotFileParser | str:
        self._wait_for(host)
        status, text = _get_robots_txt(site)
        rules = RobotFileParser()
        if status is None or 400 <= status < 500:
            rules.parse([])  # none there, or no answer (the page's own fetch will say why)
            return rules
        if status >= 500:
            return (
                f"{site}/robots.txt answered HTTP {status}, which asks crawlers to stay away "
                "for now (RFC 9309; --ignore-robots to fetch it)"
            )
        rules.parse(text.splitlines())
        crawl_delay = rules.crawl_delay(AGENT)
        if crawl_delay:
            self._delays[host] = float(crawl_delay)
        return rules

    def _save(self, url: str, final_url: str, data: bytes, headers: dict[str, str]) -> Path:
        from seckg.store.files import write_bytes_atomically, write_text_atomically

        kind = headers.get("content-type", "").split(";")[0].strip().lower()
        if data.startswith(b"%PDF-") or kind == "application/pdf":
            suffix = ".pdf"
        elif kind == "text/plain":
            suffix = ".txt"
        else:
            suffix = ".html"
        path = self.cache / f"{slug_of(url)}{suffix}"
        write_bytes_atomically(data, path)  # makes the folder
        # the sidecar last: a page without one is not in the cache (fetched again)
        metadata = {"source": final_url}
        write_text_atomically(
            yaml.safe_dump(metadata, sort_keys=False),
            path.with_name(path.name + SIDECAR_SUFFIX),
        )
        return path


def _get_robots_txt(site: str) -> tuple[int | None, str]:
    """(status, text) of the site's robots.txt; status None when there is no answer. One
    request, redirects followed, no retry: trafilatura's downloader retries a 5xx for half a
    minute, which a page may deserve and robots.txt does not. Its SSRF guard is kept."""
    import urllib3
    from trafilatura.downloads import create_pool

    pool = create_pool(
        ssrf_protection=not _names_private_host(site),
        retries=urllib3.util.Retry(
            total=5, redirect=5, connect=0, read=0, status=0, raise_on_redirect=False
        ),
        timeout=TIMEOUT_S,
        headers={"User-Agent": _user_agent()},
    )
    try:
        response = pool.request("GET", f"{site}/robots.txt")
    except (urllib3.exceptions.HTTPError, OSError, ValueError):
        return None, ""
    finally:
        pool.clear()
    return response.status, response.data[:500_000].decode("utf-8", errors="replace")


@contextmanager
def _download_errors() -> Iterator[list[str]]:
    """trafilatura's download errors, kept for the skip reason instead of logged to stderr."""
    errors: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            errors.append(record.getMessage())

    logger = logging.getLogger("trafilatura.downloads")
    handler, propagate = Keep(logging.WARNING), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield errors
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _short_reason(message: str) -> str:
    """The cause at the end of urllib3's long message: "Connection refused", "timed out"."""
    causes = re.findall(
        r"\[Errno -?\d+\] ([^\"')]+)|(timed out)|(SSRF protection[^\"')]*)", message
    )
    for cause in causes:
        if text := next((part for part in cause if part), None):
            return text.strip()
    return message.split(" ", 2)[-1][:120]


def _config(url: str):
    """trafilatura's download settings for one URL: our size limit and timeout, no falling
    back to unverified TLS, and the SSRF guard unless the user named a private address."""
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "DOWNLOAD_TIMEOUT", str(TIMEOUT_S))
    config.set("DEFAULT", "MAX_FILE_SIZE", str(MAX_BYTES + 1))
    config.set("DEFAULT", "INSECURE_SSL_FALLBACK", "off")
    config.set("DEFAULT", "SSRF_PROTECTION", "off" if _names_private_host(url) else "on")
    config.set("DEFAULT", "USER_AGENTS", _user_agent())
    return config


def _user_agent() -> str:
    """What every request says it is: the token robots.txt rules name, and the version."""
    return f"{AGENT}/{version('seckg')}"


def _names_private_host(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (OSError, UnicodeError):
        return False
    return bool(addresses) and all(not ipaddress.ip_address(a).is_global for a in addresses)
