"""The charts are pygal's SVG made fit for the page: a title and a description for screen readers (role="img",
aria-labelledby), axis titles, no script, no style element or attribute (the CSP would block them), a bar per
shown value and none for a withheld one, whose label is marked "*"."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from pseahub.insights.charts import bar_chart

NS = "{http://www.w3.org/2000/svg}"


def _chart(**kwargs):
    arguments = {
        "chart_id": "chart-test", "title": "Allegations per month", "labels": ["Jan", "Feb", "Mar <b>"],
        "values": [7, None, 12], "x_title": "Month", "y_title": "Allegations",
    } | kwargs  # fmt: skip
    svg = str(bar_chart(**arguments))
    return svg, ET.fromstring(svg)  # noqa: S314 (our own output)


def test_a_chart_is_named_by_its_title_and_description():
    svg, root = _chart()
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-test-title chart-test-desc"
    assert root.find(f"{NS}title").get("id") == "chart-test-title"
    assert root.find(f"{NS}title").text == "Allegations per month"
    assert root.find(f"{NS}desc").text == "Jan: 7; Feb: withheld; Mar <b>: 12."
    assert "Mar &lt;b&gt;" in svg and "<b>" not in svg


def test_a_chart_has_axis_titles_and_no_script_or_inline_style():
    svg, root = _chart()
    titles = [text.text for text in root.iter(f"{NS}text") if "title" in (text.get("class") or "").split()]
    assert titles == ["Allegations per month", "Month", "Allegations"]
    assert "<script" not in svg and "<style" not in svg and "style=" not in svg
    assert "<!--" not in svg and "tooltip-overlay" not in svg
    assert root.get("class") == "insights-chart pygal-chart" and root.get("width") is None  # 100 % wide by CSS


def test_a_withheld_value_draws_no_bar_and_its_label_is_marked():
    _svg, root = _chart()
    bars = [rect for rect in root.iter(f"{NS}rect") if "rect" in (rect.get("class") or "").split()]
    assert len(bars) == 2
    labels = [text.text for text in root.iter(f"{NS}text") if text.text and re.match(r"^(Jan|Feb|Mar)", text.text)]
    assert labels == ["Jan", "Feb *", "Mar <b>"]


def test_horizontal_bars_run_in_the_table_s_order_top_down():
    _svg, root = _chart(labels=["First", "Second"], values=[5, 9], horizontal=True)
    y = {text.text: float(text.get("y")) for text in root.iter(f"{NS}text") if text.text in ("First", "Second")}
    assert y["First"] < y["Second"]


def test_a_long_table_is_described_by_reference_to_the_table():
    _svg, root = _chart(labels=[f"M{n}" for n in range(30)], values=list(range(30)))
    assert "table that follows" in root.find(f"{NS}desc").text
