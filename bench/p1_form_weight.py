"""P1: the weight of the public report form (/report) with everything it loads, per language.

Fetches /report in-process with Django's test client under the bench settings (production-like: DEBUG off,
collected and hashed static files served by WhiteNoise), on a fresh SQLite database holding the demo Mali
network (its areas and organisations fill the form's lists, as on a real installation). Then fetches every
stylesheet, script, image and icon the page references (and what the stylesheets reference in turn), plus
/favicon.ico, which browsers ask for on their own. Each body is gzip-compressed separately at level 6
(Apache mod_deflate's and most CDNs' default; nginx defaults to 1) and summed; level 1 and 9 totals are
printed for comparison. HTTP headers are not counted. Target: ≤ 14 KB (14,336 bytes) compressed.

    .venv/bin/python bench/p1_form_weight.py [--show-urls]
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from _common import ROOT, bench_env, collect_static, fresh_database, prepare_database, setup_django, table

TARGET = 14 * 1024
LANGUAGES = ["en", "fr", "ar"]
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


class References(HTMLParser):
    """Every URL a browser would load while rendering the page (not links it would only follow)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str]] = []
        self.has_icon = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        rel = a.get("rel", "").lower().split()
        loaded = {"stylesheet", "icon", "preload", "modulepreload", "manifest"}
        if tag == "link" and a.get("href") and loaded & set(rel):
            self.has_icon = self.has_icon or "icon" in rel
            self.urls.append(("/".join(rel), a["href"]))
        elif tag == "script" and a.get("src"):
            self.urls.append(("script", a["src"]))
        elif tag in ("img", "source", "audio", "video", "embed", "iframe") and a.get("src"):
            self.urls.append((tag, a["src"]))
        elif tag == "input" and a.get("type", "").lower() == "image" and a.get("src"):
            self.urls.append(("input image", a["src"]))
        if a.get("srcset"):
            for candidate in a["srcset"].split(","):
                if candidate.strip():
                    self.urls.append((f"{tag} srcset", candidate.split()[0]))
        if tag == "object" and a.get("data"):
            self.urls.append(("object", a["data"]))


def gz(body: bytes, level: int = 6) -> int:
    return len(gzip.compress(body, compresslevel=level, mtime=0))


def measure(client: object, language: str) -> tuple[list[tuple[str, str, int, bytes]], dict[str, str]]:
    """[(kind, url, status, body)] for the page and everything it loads, and the page's response headers."""
    headers = {"HTTP_ACCEPT_LANGUAGE": language, "HTTP_ACCEPT_ENCODING": "gzip"}
    page = client.get("/report", **headers)  # type: ignore[attr-defined]
    assert page.status_code == 200, page.status_code
    html = page.content
    lang = re.search(rb'<html lang="([^"]+)"', html)
    assert lang and lang.group(1).decode() == language, f"page served in {lang!r}, not {language}"
    items = [("html", "/report", page.status_code, html)]
    parser = References()
    parser.feed(html.decode("utf-8"))
    queue = [(kind, urljoin("http://testserver/report", url)) for kind, url in parser.urls]
    if not parser.has_icon:
        queue.append(("favicon (implicit)", "http://testserver/favicon.ico"))
    seen: set[str] = set()
    while queue:
        kind, url = queue.pop(0)
        if url.startswith("data:") or url in seen:
            continue
        seen.add(url)
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver"):
            items.append((kind + " (EXTERNAL)", url, 0, b""))
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        response = client.get(path, **headers)  # type: ignore[attr-defined]
        body = b"".join(response.streaming_content) if response.streaming else response.content
        # WhiteNoise may answer with its precompressed file: measure the plain body, compressed by us.
        if response.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        items.append((kind, path, response.status_code, body))
        if response.status_code == 200 and (path.split("?")[0].endswith(".css") or "css" in response["Content-Type"]):
            for match in CSS_URL.finditer(body.decode("utf-8", "replace")):
                ref = match.group(1) or match.group(2)
                queue.append(("css url()", urljoin(url, ref.strip())))
    return items, {k.lower(): v for k, v in page.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show-urls", action="store_true", help="print every resource of every language")
    args = parser.parse_args()

    database_url = fresh_database("sqlite", "p1")
    env = bench_env(database_url)
    print(f"P1 form weight: fresh SQLite {database_url.removeprefix('sqlite:///')}, demo network, settings bench")
    prepare_database(env)
    collect_static(env)
    setup_django(database_url)
    from django.test import Client

    client = Client()
    rows = []
    verdicts = []
    for language in LANGUAGES:
        items, page_headers = measure(client, language)
        counted = [(k, u, s, b) for k, u, s, b in items if s == 200]
        errors = [(k, u, s) for k, u, s, _b in items if s != 200 and k != "favicon (implicit)"]
        total_raw = sum(len(b) for *_r, b in counted)
        total6 = sum(gz(b, 6) for *_r, b in counted)
        total1 = sum(gz(b, 1) for *_r, b in counted)
        total9 = sum(gz(b, 9) for *_r, b in counted)
        html = items[0][3]
        others = [(k, u, b) for k, u, s, b in counted[1:]]
        rows.append(
            [
                language,
                f"{len(html):,}",
                f"{gz(html):,}",
                f"{sum(len(b) for *_r, b in others):,}",
                f"{sum(gz(b) for *_r, b in others):,}",
                len(counted),
                f"{total_raw:,}",
                f"{total6:,}",
                f"{total1:,}",
                f"{total9:,}",
                "PASS" if total6 <= TARGET else "FAIL",
            ]
        )
        verdicts.append(total6 <= TARGET)
        if args.show_urls or errors:
            print(f"\n[{language}] resources (Cache-Control of the page: {page_headers.get('cache-control')})")
            print(
                table(
                    ["kind", "url", "status", "bytes", "gzip-6"],
                    [[k, u, s, f"{len(b):,}", f"{gz(b):,}" if s == 200 else "not counted"] for k, u, s, b in items],
                )
            )
    print()
    print(
        table(
            [
                "lang",
                "HTML",
                "HTML gz6",
                "assets",
                "assets gz6",
                "files",
                "total raw",
                "TOTAL gz6",
                "(gz1)",
                "(gz9)",
                "≤ 14,336",
            ],
            rows,
        )
    )
    print(
        "\nBytes are response bodies only (no HTTP headers), each file gzip-compressed on its own "
        "(level 6 counted; nginx's default level 1 and WhiteNoise's level 9 shown in brackets). "
        "A resource not answered with 200 (e.g. /favicon.ico → 404) is listed with --show-urls and not counted."
    )
    ok = all(verdicts)
    print(f"P1 {'PASS' if ok else 'FAIL'}: target ≤ {TARGET:,} bytes gzip-6 per language (en, fr, ar)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
