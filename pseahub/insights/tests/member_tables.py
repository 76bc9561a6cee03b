"""Reading a published table out of a page's HTML for the tests: its header and its rows as the reader sees
them (a withheld count is "*")."""

from __future__ import annotations

import html
import re

CELL = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>", re.S)


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def html_table(page: str, table_id: str) -> tuple[list[str], list[list[str]]]:
    """The column headers (after the rows' header) and every row (label first, the total row last)."""
    found = re.search(rf'<table id="{re.escape(table_id)}">(.*?)</table>', page, re.S)
    assert found, f"no table {table_id}"
    rows = [[_text(cell) for cell in CELL.findall(row)] for row in re.findall(r"<tr>(.*?)</tr>", found.group(1), re.S)]
    return rows[0][1:], rows[1:]
