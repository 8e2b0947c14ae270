"""Issue #19, the HTML for readers: the single-article, compare and ranked-compare reports of the
seed story (given by its real paths) loaded in headless Chromium at 1,280 and 390 px. A TEST copy of
each page gets a script that measures the layout with getBoundingClientRect and writes the figures
into the DOM (the shipped page stays script-free); the tests fail on sideways overflow, headings
that overlap and chart labels cut off by their SVG. The rest reads the page itself: labels, order,
folded measures, furniture, sources, links both ways, highlights equal to the JSON matches."""
import json
import re
import subprocess
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from conftest import missing
from framing.cli.main import main
from test_compare import _Marks, _browser

WIDTHS = (1280, 390)

# Measures the page as laid out; runs in the test copy only.
_MEASURE = """<script>(function () {
  var de = document.documentElement, vw = de.clientWidth, out = {innerWidth: window.innerWidth,
    clientWidth: vw, scrollWidth: Math.max(de.scrollWidth, document.body.scrollWidth), wide: [], headings: [],
    overflowing: [], cut: [], chartTexts: 0};
  document.querySelectorAll('body *').forEach(function (el) {
    // what lies inside a box that scrolls on its own (a wide table on a phone) is not out of the window
    if (el.parentElement && el.parentElement.closest('.table-scroll')) return;
    var r = el.getBoundingClientRect();
    if (r.width > 0 && (r.right > vw + 0.5 || r.left < -0.5))
      out.wide.push(el.tagName + '.' + el.getAttribute('class') + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
  });
  document.querySelectorAll('h1, h2, h3, summary').forEach(function (h, i) {
    var range = document.createRange(); range.selectNodeContents(h);
    Array.prototype.forEach.call(range.getClientRects(), function (r) {
      if (r.width > 0) out.headings.push([i, h.textContent.slice(0, 50), r.left, r.top, r.right, r.bottom]);
    });
    if (h.tagName !== 'SUMMARY' && h.scrollWidth > h.clientWidth + 1) out.overflowing.push(h.textContent.slice(0, 50));
  });
  document.querySelectorAll('svg').forEach(function (svg) {
    var b = svg.getBoundingClientRect();
    svg.querySelectorAll('text').forEach(function (t) {
      var r = t.getBoundingClientRect(); out.chartTexts += 1;
      if (r.left < b.left - 0.5 || r.right > b.right + 0.5 || r.top < b.top - 0.5 || r.bottom > b.bottom + 0.5)
        out.cut.push(t.textContent + ' ' + [r.left, r.right, b.left, b.right].map(Math.round).join(','));
    });
  });
  // table cells: a number on more than one line, or a word split across lines ("diff|ere|nce")
  out.wrapped = [];
  function lines(range) {
    var tops = {};
    Array.prototype.forEach.call(range.getClientRects(), function (r) { if (r.width > 0) tops[Math.round(r.top)] = 1; });
    return Object.keys(tops).length;
  }
  document.querySelectorAll('td, th').forEach(function (cell) {
    var all = document.createRange(); all.selectNodeContents(cell);
    if (cell.classList.contains('num') && lines(all) > 1) out.wrapped.push('number: ' + cell.textContent);
    var walk = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT), node, word = /\\S+/g, m;
    while ((node = walk.nextNode())) {
      while ((m = word.exec(node.data))) {
        var r = document.createRange(); r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
        if (lines(r) > 1) out.wrapped.push('word: ' + m[0]);
      }
    }
  });
  // the size chart text is drawn at: an SVG wider than its box is scaled down, its text with it
  out.chartFont = [];
  document.querySelectorAll('svg.chart').forEach(function (svg) {
    out.chartFont.push(svg.getBoundingClientRect().width / svg.viewBox.baseVal.width * parseFloat(svg.getAttribute('font-size')));
  });
  var pre = document.createElement('pre'); pre.id = 'measurements'; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();</script>"""


def _pages(seeds) -> dict:
    runner = CliRunner()
    s = [str(seeds[k]) for k in ("000", "001", "002")]
    runs = {"single": ["score", "--format", "html", s[0]],
            "compare": ["compare", "--format", "html", s[2], "--ref", s[0], "--ref", s[1]],
            "ranked": ["compare", "--format", "html", *s]}
    pages = {}
    for name, args in runs.items():
        res = runner.invoke(main, ["--no-config", args[0], "--no-classifiers", *args[1:]])
        assert res.exit_code == 0, res.output
        pages[name] = res.stdout
    return pages


@pytest.fixture(scope="module")
def pages(seeds):
    return _pages(seeds)


def measure(page: str, width: int, tmp_path) -> dict:
    """The layout figures of a test copy of page, in a window width px wide."""
    browser = _browser()
    if browser is None:
        missing("no Chromium found: .ci/run installs Debian's chromium; install it to run this test")
    import html

    # Headless Chromium will not make a window narrower than 500 px: the page is laid out in a frame
    # of the width asked for (a srcdoc frame, so the outer page may read what the test copy wrote).
    copy = tmp_path / f"page-{width}.html"
    # every folded part (the measure tables, a ranked run's further summaries) is opened and measured too
    page = page.replace("<details", "<details open")
    test_copy = html.escape(page.replace("</body>", _MEASURE + "</body>"), quote=True)
    copy.write_text("<!DOCTYPE html><html><body style='margin:0'><iframe id='f' scrolling='no' "
                    f"style='border:0;width:{width}px;height:900px' srcdoc=\"{test_copy}\" onload=\"var p = "
                    "this.contentDocument.getElementById('measurements'); var q = document.createElement('pre'); "
                    "q.id = 'measurements'; q.textContent = p ? p.textContent : 'null'; document.body.appendChild(q)\">"
                    "</iframe></body></html>", encoding="utf-8")
    res = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                          "--disable-background-networking", "--disable-component-update", "--disable-sync",
                          "--hide-scrollbars", "--window-size=1400,1000",
                          f"--user-data-dir={tmp_path / f'profile-{width}'}", "--dump-dom", copy.as_uri()],
                         capture_output=True, text=True, timeout=180)
    assert res.returncode == 0, res.stderr[-2000:]
    found = re.search(r'<pre id="measurements">(.*?)</pre>', res.stdout, re.S)
    assert found, res.stdout[-2000:]
    return json.loads(html.unescape(found.group(1)))


def _overlaps(headings) -> list:
    """Pairs of line boxes of different headings that share more than a sliver of area."""
    bad = []
    for i, a in enumerate(headings):
        for b in headings[i + 1:]:
            if a[0] == b[0]:
                continue
            w = min(a[4], b[4]) - max(a[2], b[2])
            h = min(a[5], b[5]) - max(a[3], b[3])
            if w > 1 and h > 1:
                bad.append((a[1], b[1]))
    return bad


def layout_problems(m: dict, width: int) -> list[str]:
    problems = []
    if m["scrollWidth"] > m["clientWidth"]:
        problems.append(f"page {m['scrollWidth']} px wide in a {m['clientWidth']} px window")
    if m["wide"]:
        problems.append(f"elements out of the window: {m['wide'][:5]}")
    if m["overflowing"]:
        problems.append(f"headings wider than their box: {m['overflowing'][:5]}")
    if _overlaps(m["headings"]):
        problems.append(f"overlapping headings: {_overlaps(m['headings'])[:5]}")
    if m["cut"]:
        problems.append(f"chart labels cut off by their SVG: {m['cut'][:5]}")
    if m.get("wrapped"):
        problems.append(f"table cells wrapped inside a number or word: {m['wrapped'][:5]}")
    return problems


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["single", "compare", "ranked"])
def test_report_fits_the_window_without_overlap_or_cut_labels(pages, name, width, tmp_path):
    m = measure(pages[name], width, tmp_path)
    assert m["innerWidth"] == width  # the window really was that wide: the checks below mean something
    assert m["chartTexts"] >= 6 and m["headings"]
    assert layout_problems(m, width) == []


def test_the_checks_catch_what_the_issue_saw(tmp_path):
    """The measurements fail a page that overflows, overprints its headings and cuts its chart."""
    if _browser() is None:
        missing("no Chromium found: .ci/run installs Debian's chromium; install it to run this test")
    long = "/work/shared/seeds/002_ec3b1b2fddc50ea0.txt"
    bad = ("<!DOCTYPE html><html><body><div style='display:flex'>"
           + "".join(f"<div style='flex:1;min-width:0'><h2>{long}</h2></div>" for _ in range(3))
           + "</div><svg width='120' height='20'><text x='60' y='14'>a label far too long for its picture</text></svg>"
           "<table style='width:1500px'><tr><td>x</td></tr></table>"
           "<table style='width:10px'><tr><td class='num' style='overflow-wrap:anywhere'>-2.54</td></tr></table>"
           "</body></html>")
    problems = " ".join(layout_problems(measure(bad, 1280, tmp_path), 1280))
    assert "px wide" in problems and "overlapping headings" in problems and "cut off" in problems
    assert "wrapped inside a number or word: ['number: -2.54', 'word: -2.54']" in problems


class _Page(HTMLParser):
    """Ids, alignment links, classes with their text, and everything that would make the page live."""

    def __init__(self):
        super().__init__()
        self.ids, self.links, self.live = set(), [], []
        self.stack: list[tuple[str, str, str]] = []  # (tag, class, id of the enclosing sentence)
        self.text_of: dict[str, list[str]] = {}
        self.open_classes: list[list] = []
        self.sentence = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "iframe", "object", "embed", "link", "img") or any(k.startswith("on") for k in a):
            self.live.append((tag, a))
        if re.match(r"(https?:)?//", a.get("href") or a.get("src") or ""):
            self.live.append((tag, a))
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "span" and (a.get("class") or "").startswith("sent"):
            self.sentence = a.get("id")
        if tag == "a" and "align" in (a.get("class") or "") and a.get("href"):
            self.links.append((self.sentence, a["href"][1:], "back" in a["class"]))
        if tag not in ("br", "meta", "rect"):
            self.open_classes.append([tag, (a.get("class") or "").split(), ""])

    def handle_data(self, data):
        for entry in self.open_classes:
            entry[2] += data

    def handle_endtag(self, tag):
        if tag == "span" and self.open_classes and "sent" in self.open_classes[-1][1]:
            pass
        if self.open_classes and self.open_classes[-1][0] == tag:
            _, classes, text = self.open_classes.pop()
            for c in classes:
                self.text_of.setdefault(c, []).append(text)


def _parse(page: str) -> _Page:
    p = _Page()
    p.feed(page)
    return p


def test_pages_are_one_inert_file_with_a_print_stylesheet(pages):
    for name, page in pages.items():
        p = _parse(page)
        assert not p.live, (name, p.live[:3])
        assert "url(" not in page and "@import" not in page, name
        assert "@media print" in page and page.count("<!DOCTYPE html>") == 1, name


def test_short_labels_with_the_full_path_on_hover(pages, seeds):
    for name, page in pages.items():
        for key in ("000", "001", "002") if name != "single" else ("000",):
            path = seeds[key]
            assert f"<span class='src' title='{path}'>{path.stem}</span>" in page, (name, key)
        assert f">{seeds['000']}<" not in page  # the full path is never the shown text


def test_ranking_and_summary_first_and_measures_folded(pages, seeds):
    for name, page in pages.items():
        summary, measures = page.index("<ul class='summary'>"), page.index("<details class='measures'>")
        article = page.index("<div class='article'>")
        assert summary < measures < article and page.index("<table") > measures, name
        assert "<table" not in page[:measures], name
    ranked = pages["ranked"]
    assert ranked.index("<ol class='ranking'>") < ranked.index("<ul class='summary'>")
    first = ranked[ranked.index("<ol class='ranking'>"):ranked.index("</ol>")]
    assert first.index(seeds["002"].stem) < first.index(seeds["000"].stem)
    assert ranked.count("<details class='other'>") == 2


def test_furniture_is_struck_through_and_labelled_left_out(pages, seeds):
    import framing

    text = seeds["000"].read_text(encoding="utf-8")
    excluded = framing.Scorer(classifiers=False).score(text).excluded
    assert len(excluded) >= 3  # 'Also Read' links and the 'Watch LIVE TV' footer
    for name in ("single", "compare"):
        p = _parse(pages[name])
        struck = "".join(p.text_of.get("furniture", []))
        for x in excluded:
            assert x.text in struck, (name, x.text)
        assert len(p.text_of.get("left-out", [])) >= len(excluded) + 1  # one a line, and the legend's
        assert "Also Read" not in "".join(p.text_of.get("sent", []))


def test_named_anonymous_and_vague_sources_highlighted_with_legend_entries(pages, seed_scores):
    page = pages["compare"]
    p = _parse(page)
    legend = " ".join(p.text_of["legend"])
    for key in ("named source", "anonymous source", "vague source", "quoted speech", "left out"):
        assert key in legend
    named = " ".join(p.text_of["src-named"])
    wire = seed_scores["000"]
    for span in wire.attribution["named_spans"]:
        assert span["text"] in named, span
    anonymous = " ".join(p.text_of["src-anonymous"])
    for m in wire.matches:
        if m.attribution == "anonymous":
            assert m.text in anonymous, m
    assert any(m.attribution == "vague" for m in seed_scores["002"].matches)
    assert len(p.text_of["src-vague"]) > 1  # the legend's and the editorial's own


def test_aligned_claims_are_linked_both_ways(pages):
    p = _parse(pages["compare"])
    forward = [(s, t) for s, t, back in p.links if not back]
    backward = {(s, t) for s, t, back in p.links if back}
    assert len(forward) >= 5
    for src, dst in forward:
        assert src.startswith("s0-") and dst in p.ids and not dst.startswith("s0-")
        assert (dst, src) in backward, (src, dst)  # the reference sentence links back
    for src, dst in backward:
        assert dst in p.ids and (dst, src) in set(forward)


def test_highlights_equal_the_json_matches(pages, seeds):
    runner = CliRunner()
    for name, paths in (("single", [seeds["000"]]), ("ranked", [seeds["002"], seeds["000"], seeds["001"]])):
        parser = _Marks()
        parser.feed(pages[name])
        assert not parser.injected
        for path in paths:
            data = json.loads(runner.invoke(main, ["--no-config", "score", "--no-classifiers", "--format", "json",
                                                   str(path)]).stdout)
            shown = {(r, st, en, tx) for col, r, st, en, tx in parser.marks if col == str(path)}
            expected = {(m["rule"], m["start"], m["end"], m["text"]) for m in data["matches"]}
            assert shown and shown <= expected, (name, path)
            for m in data["matches"]:  # every match shown, alone or inside an overlapping highlight
                assert any(st <= m["start"] < en for _, st, en, _ in shown), (name, m)


def test_short_labels_rules():
    from framing.report.formats import short_labels

    assert short_labels(["/a/b/002_x.txt", "<stdin>", "rec-7", "2024.01", "e.txt"]) == \
        {"/a/b/002_x.txt": "002_x", "<stdin>": "<stdin>", "rec-7": "rec-7", "2024.01": "2024.01", "e.txt": "e"}
    assert short_labels(["a/x.txt", "b/x.txt"]) == {"a/x.txt": "a/x", "b/x.txt": "b/x"}
    assert short_labels(["r1", "r2"], titles={"r1": "Harbour deal  signed", "r2": ""}) == \
        {"r1": "Harbour deal signed", "r2": "r2"}
    # long stems that share their first 39 characters keep their ends, not the full paths
    long = [f"/x/harbour_concession_story_as_reported_by_outlet_{k}.txt" for k in ("000", "001")]
    assert list(short_labels(long).values()) == ["harbour_concession_…ported_by_outlet_000",
                                                 "harbour_concession_…ported_by_outlet_001"]


def test_chart_width_follows_its_labels():
    from framing.report.formats import bar_chart

    narrow = bar_chart([(None, [("ab", 1.0, "#fff", False)])], "c", max_width=None)
    wide = bar_chart([(None, [("a" * 40, 1.0, "#fff", False)])], "c", max_width=None)
    width = lambda svg: float(re.search(r"width='([\d.]+)'", svg).group(1))  # noqa: E731
    # 38 more characters at 12 px monospace, 0.625 em each: 285 px wider; the value 1.0 is drawn
    assert width(wide) - width(narrow) == pytest.approx(38 * 7.5, abs=1) and ">1.0</text>" in narrow


def test_chart_shows_every_value_the_target_included(pages, seed_scores, seeds):
    """The issue's chart hid the target's own values: each bar's value is written beside it."""
    svg = pages["compare"][pages["compare"].index("<svg"):pages["compare"].index("</svg>")]
    labels = re.findall(r"<text x='0' y='[\d.]+'( font-weight='bold')?>([^<]*)</text><rect[^>]*>.*?</rect>"
                        r"<text x='[\d.]+' y='[\d.]+'>([^<]*)</text>", svg)
    shown = {(label, value) for _, label, value in labels}
    for key in ("002", "000", "001"):
        s = seed_scores[key]
        for cat, e in s.categories.items():
            assert (seeds[key].stem, f"{e['authorial']['per_1000_words']:.1f}") in shown, (key, cat)
    assert {label for bold, label, _ in labels if bold} == {seeds["002"].stem}  # the target stands out


def test_chart_fits_a_phone_at_its_natural_size():
    """Issue #19 review: a long file name made the chart 568 px wide, scaled to ~358 px on a phone
    (text ~7.5 px). Within 358 px the bars shrink first (label 20 characters = 150 px: bars 358 - 4
    - 158 - 6 - 22.5 = 167.5 px); a 40-character label goes on its own line above its bar; a label
    wider than the picture is cut with an ellipsis, the full label in its <title>."""
    from framing.report.formats import bar_chart

    width = lambda svg: float(re.search(r"width='([\d.]+)'", svg).group(1))  # noqa: E731
    mid = bar_chart([(None, [("b" * 20, 1.0, "#fff", False), ("c", 2.0, "#fff", False)])], "c")
    assert "<rect x='158.0' y='4' width='83.8' " in mid and "<rect x='158.0' y='20' width='167.5' " in mid
    assert width(mid) == pytest.approx(358, abs=1)
    long = bar_chart([(None, [("a" * 40, 1.0, "#fff", False)])], "c")
    assert "<text x='0' y='13'>" + "a" * 40 + "</text><rect x='0.0' y='18' " in long  # the bar a line below
    assert width(long) <= 358
    huge = bar_chart([(None, [("x" * 60, 1.0, "#fff", False)])], "c")
    assert "<title>" + "x" * 60 + "</title>" + "x" * 46 + "\u2026</text>" in huge and width(huge) <= 358


def test_chart_text_stays_readable_on_a_phone_with_long_file_names(seeds, tmp_path):
    """The compare chart of reports with long file names, at 390 px: drawn at 10 px or more (it
    was scaled to ~7.5 px), and the page still passes the layout checks."""
    browser = _browser()
    if browser is None:
        missing("no Chromium found: .ci/run installs Debian's chromium; install it to run this test")
    names = []
    for key in ("002", "000", "001"):
        p = tmp_path / f"harbour_concession_story_as_reported_by_outlet_{key}.txt"
        p.write_bytes(seeds[key].read_bytes())
        names.append(str(p))
    res = CliRunner().invoke(main, ["--no-config", "compare", "--no-classifiers", "--format", "html", names[0],
                                    "--ref", names[1], "--ref", names[2]])
    assert res.exit_code == 0, res.output
    m = measure(res.stdout, 390, tmp_path)
    assert layout_problems(m, 390) == []
    assert m["chartFont"] and min(m["chartFont"]) >= 10, m["chartFont"]
