"""Rendering of outlet reports (framing.comparison.outlets.OutletReport): text, json, csv, markdown, html.

The HTML page is self-contained (inline CSS and SVG, no scripts): a dot-and-whisker chart per
measure, the summary, the outlets' tables, the pairs and the stories, each linked to its side-by-side
comparison page when those were written (`story_links`).
"""
from __future__ import annotations

import csv
import html
import io
from collections.abc import Iterable

from .. import jsonout
from ..comparison.corpus import ID
from ..comparison.outlets import LEAD_MEASURES, OutletReport, counted, describe, has_interval

CSV_COLUMNS = ("source", "measure", "mean", "others_mean", "difference", "ci_low", "ci_high", "stories", "articles",
               "reliable")


def _conf(report: OutletReport) -> str:
    return f"{round(report.settings['confidence'] * 100):d}%"


def _grouping_line(report: OutletReport) -> str:
    g = report.grouping
    if g.get("method") == "field":
        return f"stories from the field {g.get('field')!r}"
    window = f", dates within {g['window_days']:g} days" if g.get("window_days") is not None else ", no dates"
    unread = g.get("dates_not_read")
    if unread:
        window += (f"; {counted(unread['count'], 'date')} not read as an ISO date (first {unread['first']!r}), "
                   "grouped without it")
    return f"stories grouped automatically (TF-IDF cosine >= {g['threshold']:g}{window})"


def headline(report: OutletReport) -> str:
    n_articles = sum(len(s.articles) for s in report.stories) + len(report.singletons)
    return (f"{counted(n_articles, 'article')} from {counted(len(report.outlets), 'outlet')}: "
            f"{counted(len(report.stories), 'story', 'stories')} reported by two outlets or more, "
            f"{counted(len(report.singletons), 'article')} in single-outlet stories, "
            f"{counted(len(report.errors), 'error row')}; {_grouping_line(report)}")


def to_json(report: OutletReport, story_detail: bool = False) -> str:
    return jsonout.dumps(report.to_dict(story_detail=story_detail), indent=True)


def csv_rows(report: OutletReport) -> list[dict]:
    """One row per outlet and measure."""
    rows = []
    for o in report.outlets:
        for name in report.measures:
            m = o.measures.get(name)
            if m is None:
                continue
            row = {k: "" if m[k] is None else m[k] for k in CSV_COLUMNS[2:7]}  # no interval: blank bounds
            rows.append({"source": o.source, "measure": name, **row,
                         "stories": o.stories, "articles": o.articles, "reliable": o.reliable})
    return rows


def to_csv(report: OutletReport) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(csv_rows(report))
    return buf.getvalue()


def _signed(x: float) -> str:
    return f"{x:+.2f}"


def _ci(m: dict, stories: int) -> str:
    if not has_interval(stories):
        return f"(no interval: {counted(stories, 'story', 'stories')})"
    return f"[{m['ci_low']:+.2f}, {m['ci_high']:+.2f}]"


_MARKED_SHOWN = 20  # articles listed in the text, Markdown and HTML reports (all are in --format json)


def marked_rows(report: OutletReport) -> list[str]:
    """One line for each compared article whose text held inline markers or gave a marker warning
    ('id (outlet): 2 markers, 3 matches silenced, 1 warning'), the first _MARKED_SHOWN of them."""
    from .formats import marker_counts_line

    return [f"{e['id']} ({e['source']}): {marker_counts_line(e)}" for e in report.marked["by_article"][:_MARKED_SHOWN]]


def _marked_heading(report: OutletReport) -> str:
    n = len(report.marked["by_article"])
    more = f"; the first {_MARKED_SHOWN} listed, all in --format json" if n > _MARKED_SHOWN else ""
    return f"Inline markers in {counted(n, 'article')} (figures after suppression{more})"


def to_text(report: OutletReport) -> str:
    out = ["framing outlets: " + headline(report), ""]
    out.append(f"Difference from the other outlets on the same stories: mean over stories, {_conf(report)} "
               f"bootstrap interval (seed {report.settings['seed']}, {report.settings['bootstrap']:,} resamples).")
    for o in report.outlets:
        flag = "" if o.reliable else f"  [unreliable: fewer than {counted(report.settings['min_stories'], 'story', 'stories')}]"
        out.append("")
        out.append(f"{o.source}: {counted(o.stories, 'story', 'stories')}, {counted(o.articles, 'article')}"
                   f"{f', {o.singleton_articles} in single-outlet stories' if o.singleton_articles else ''}{flag}")
        if not o.measures:
            out.append("  (no story shared with another outlet)")
            continue
        out.append(f"  {'measure':<34}{'outlet':>9}{'others':>9}{'diff':>9}  interval")
        for name in report.measures:
            m = o.measures[name]
            out.append(f"  {name:<34}{m['mean']:>9.2f}{m['others_mean']:>9.2f}{_signed(m['difference']):>9}  "
                       f"{_ci(m, o.stories)}")
    if report.pairs:
        out.append("")
        out.append("Pairs (first minus second, over the stories both report):")
        for p in report.pairs:
            lead = "; ".join(f"{n} {_signed(p.measures[n]['difference'])} {_ci(p.measures[n], p.stories)}"
                             for n in LEAD_MEASURES[:2] if n in p.measures)
            out.append(f"  {p.a} - {p.b}: {counted(p.stories, 'story', 'stories')}{'' if p.reliable else ' (unreliable)'}; {lead}")
    out.append("")
    out.append("Summary:")
    out += [f"  - {s}" for s in report.summary]
    if report.marked["by_article"]:
        out += ["", _marked_heading(report) + ":", *(f"  {x}" for x in marked_rows(report))]
    if report.errors:
        out.append("")
        out.append(f"Error rows ({len(report.errors)}):")
        out += [f"  {e['id']}: {e['error']}" for e in report.errors[:20]]
        if len(report.errors) > 20:
            out.append(f"  ... and {len(report.errors) - 20} more (all are in --format json)")
    return "\n".join(out) + "\n"


def _md(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def to_markdown(report: OutletReport) -> str:
    out = ["# Outlets across stories", "", _md(headline(report)), "", "## Summary", ""]
    out += [f"- {_md(s)}" for s in report.summary]
    out += ["", f"## Difference from the other outlets on the same stories ({_conf(report)} interval)", ""]
    out.append("| measure | " + " | ".join(_md(o.source) for o in report.outlets) + " |")
    out.append("|---|" + "---|" * len(report.outlets))
    for name in report.measures:
        cells = [f"{_signed(o.measures[name]['difference'])} {_ci(o.measures[name], o.stories)}" if name in o.measures else ""
                 for o in report.outlets]
        out.append(f"| {name} | " + " | ".join(cells) + " |")
    out.append("| stories / articles | " + " | ".join(f"{o.stories} / {o.articles}"
                                                        + ("" if o.reliable else " (unreliable)")
                                                        for o in report.outlets) + " |")
    if report.pairs:
        out += ["", "## Pairs (first minus second, shared stories)", "",
                "| pair | stories | " + " | ".join(LEAD_MEASURES) + " |", "|---|---|" + "---|" * len(LEAD_MEASURES)]
        for p in report.pairs:
            cells = [f"{_signed(p.measures[n]['difference'])} {_ci(p.measures[n], p.stories)}" if n in p.measures else ""
                     for n in LEAD_MEASURES]
            out.append(f"| {_md(p.a)} - {_md(p.b)} | {p.stories} | " + " | ".join(cells) + " |")
    if report.marked["by_article"]:
        out += ["", f"## {_marked_heading(report)}", "", *(f"- {_md(x)}" for x in marked_rows(report))]
    if report.errors:
        out += ["", f"## Error rows ({len(report.errors)})", ""]
        out += [f"- `{_md(e['id'])}`: {_md(e['error'])}" for e in report.errors]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# HTML


# Glyph widths as a share of the font size, generous for the wide sans fonts a browser may fall back to
# (DejaVu Sans): an SVG is sized from its texts so that none is cut off.
_GLYPH, _GLYPH_BOLD = 0.64, 0.72
_LABEL_CHARS = 22  # longer outlet names are shortened in the chart (whole in its tooltip and tables)


def _text_width(text: str, size: float, bold: bool = False) -> float:
    return len(text) * size * (_GLYPH_BOLD if bold else _GLYPH)


def _short(name: str) -> str:
    return name if len(name) <= _LABEL_CHARS else name[:_LABEL_CHARS - 1] + "…"


def dot_whisker_svg(report: OutletReport, name: str, plot_width: int = 200) -> str:
    """One measure: a row per outlet, the dot at its mean difference, the whisker its interval,
    a vertical line at zero (no difference from the others). Unreliable outlets are drawn hollow, an
    outlet with fewer than two stories without a whisker (no interval). The picture is as wide as its
    labels and plot_width need (a viewBox, so CSS may shrink it to the window: at 390 px it keeps
    its size for outlet names up to _LABEL_CHARS characters)."""
    rows = [o for o in report.outlets if name in o.measures]
    row_h, top = 22, 38
    shown = {o.source: has_interval(o.stories) for o in rows}
    lo = min([0.0] + [o.measures[name]["ci_low" if shown[o.source] else "difference"] for o in rows])
    hi = max([0.0] + [o.measures[name]["ci_high" if shown[o.source] else "difference"] for o in rows])
    span = (hi - lo) or 1.0
    lo, hi = lo - span * 0.05, hi + span * 0.05
    ticks = [(v, f"{v:+.2f}") for v in (lo, 0.0, hi)]
    half_tick = max(_text_width(t, 11) for _, t in ticks) / 2
    label_w = max([half_tick] + [_text_width(_short(o.source), 12) for o in rows]) + 12
    d = describe(name)
    width = max(label_w + plot_width + half_tick + 4, _text_width(name, 13, bold=True) + 6,
                _text_width(d.unit, 11) + 6)
    plot_w = width - label_w - half_tick - 4

    def x(v: float) -> float:
        return label_w + (v - lo) / (hi - lo) * plot_w

    height = top + row_h * len(rows) + 24
    width = round(width)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{html.escape(name)}: difference from the other outlets with {_conf(report)} intervals">',
             f'<text x="2" y="14" font-size="13" font-weight="bold">{html.escape(name)}</text>'
             f'<text x="2" y="30" font-size="11">{html.escape(d.unit)}</text>',
             f'<line x1="{x(0):.1f}" y1="{top - 4}" x2="{x(0):.1f}" y2="{height - 20}" stroke="#888" '
             'stroke-dasharray="3,3"/>']
    for i, o in enumerate(rows):
        m = o.measures[name]
        y = top + i * row_h + row_h / 2
        clear = shown[o.source] and (m["ci_low"] > 0 or m["ci_high"] < 0)
        colour = "#b91c1c" if clear else "#374151"
        fill = colour if o.reliable else "white"
        ci = (f"{_conf(report)} interval {m['ci_low']:+.3f} to {m['ci_high']:+.3f}; " if shown[o.source]
              else "no interval: ")
        tip = f"{o.source}: {m['difference']:+.3f} ({ci}{counted(o.stories, 'story', 'stories')}" \
              f"{'' if o.reliable else ', unreliable'})"
        whisker = (f'<line x1="{x(m["ci_low"]):.1f}" y1="{y:.1f}" x2="{x(m["ci_high"]):.1f}" y2="{y:.1f}" '
                   f'stroke="{colour}" stroke-width="2"/>') if shown[o.source] else ""
        parts.append(f'<g><title>{html.escape(tip)}</title>'
                     f'<text x="2" y="{y + 4:.1f}" font-size="12">{html.escape(_short(o.source))}</text>{whisker}'
                     f'<circle cx="{x(m["difference"]):.1f}" cy="{y:.1f}" r="5" fill="{fill}" stroke="{colour}" '
                     f'stroke-width="2"/></g>')
    base = height - 8
    for v, t in ticks:
        parts.append(f'<text x="{x(v):.1f}" y="{base}" font-size="11" text-anchor="middle">{t}</text>')
    parts.append("</svg>")
    return "".join(parts)


# Charts shrink with the window (never wider than their own width); tables are as narrow as their
# cells allow (measure names break at their underscores) and scroll inside their own box when many
# outlets make them wider than the window; the page itself never scrolls sideways.
_STYLE = ("body{font-family:system-ui,sans-serif;max-width:1100px;margin:1em auto;padding:0 1em;color:#111}"
          "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right;"
          "vertical-align:top}th:first-child,td:first-child{text-align:left}"
          ".scroll{max-width:100%;overflow-x:auto}"
          ".charts{display:flex;flex-wrap:wrap;gap:1em}.charts svg{min-width:0;max-width:100%;height:auto}"
          ".unreliable{color:#92400e}.summary li{margin:.2em 0}li,p{overflow-wrap:anywhere}")


def _measure_heading(name: str) -> str:
    return html.escape(name).replace("_", "_<wbr>")


def _cell(m: dict | None, stories: int) -> str:
    if m is None:
        return "<td></td>"
    return f"<td>{_signed(m['difference'])}<br><small>{html.escape(_ci(m, stories))}</small></td>"


def to_html(report: OutletReport, story_links: dict[str, str] | None = None) -> str:
    """story_links: {story: relative URL of its side-by-side comparison page}. The tables have a
    column per outlet (or pair) and a row per measure, so they stay narrow for a handful of outlets."""
    e = html.escape
    links = story_links or {}
    lead = [n for n in LEAD_MEASURES if n in report.measures]
    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'>"
             "<meta name='viewport' content='width=device-width, initial-scale=1'><title>framing outlets</title>",
             f"<style>{_STYLE}</style></head><body>",
             "<h1>Outlets across stories</h1>", f"<p>{e(headline(report))}</p>",
             "<h2>Summary</h2><ul class='summary'>" + "".join(f"<li>{e(s)}</li>" for s in report.summary) + "</ul>",
             f"<h2>Difference from the other outlets on the same stories</h2><p>Dot: the mean of the outlet's "
             f"within-story differences; whisker: its {_conf(report)} bootstrap interval over stories; dashed line: "
             "no difference. Red: the interval excludes zero. Hollow: too few stories to rely on; no whisker: "
             "fewer than two stories, no interval.</p>",
             "<div class='charts'>" + "".join(dot_whisker_svg(report, n) for n in report.measures) + "</div>",
             "<h2>Outlets</h2><div class='scroll'><table><tr><th></th>"
             + "".join(f"<th{'' if o.reliable else ' class=unreliable'}>{e(o.source)}</th>" for o in report.outlets)
             + "</tr>"]
    for label, value in (("stories", lambda o: str(o.stories)), ("articles", lambda o: str(o.articles)),
                         ("reliable", lambda o: "yes" if o.reliable else "no")):
        parts.append(f"<tr><th>{label}</th>" + "".join(f"<td>{value(o)}</td>" for o in report.outlets) + "</tr>")
    for n in lead:
        parts.append(f"<tr><th>{_measure_heading(n)}</th>"
                     + "".join(_cell(o.measures.get(n), o.stories) for o in report.outlets) + "</tr>")
    parts.append("</table></div>")
    if report.pairs:
        parts.append("<h2>Pairs</h2><p>First outlet minus second, over the stories both report.</p>"
                     "<div class='scroll'><table><tr><th></th>"
                     + "".join(f"<th>{e(p.a)} − {e(p.b)}</th>" for p in report.pairs) + "</tr><tr><th>stories</th>"
                     + "".join(f"<td>{p.stories}</td>" for p in report.pairs) + "</tr>")
        for n in LEAD_MEASURES:
            parts.append(f"<tr><th>{_measure_heading(n)}</th>"
                         + "".join(_cell(p.measures.get(n), p.stories) for p in report.pairs) + "</tr>")
        parts.append("</table></div>")
    parts.append(f"<h2>Stories ({len(report.stories)})</h2>")
    if not links:
        parts.append("<p>Side-by-side pages were not written (write the report to a file with -o, or give "
                     "--story-pages DIR).</p>")
    parts.append("<ol>")
    for st in report.stories:
        name = e(st.story)
        if st.story in links:
            name = f"<a href='{e(links[st.story], quote=True)}'>{name}</a>"
        parts.append(f"<li>{name}: {e(', '.join(st.sources))} ({counted(len(st.articles), 'article')}: "
                     f"{e(', '.join(st.articles))})</li>")
    parts.append("</ol>")
    if report.singletons:
        parts.append(f"<h2>Single-outlet stories ({counted(len(report.singletons), 'article')})</h2><p>"
                     + e(", ".join(report.singletons)) + "</p>")
    if report.marked["by_article"]:
        parts.append(f"<h2>{e(_marked_heading(report))}</h2><ul>"
                     + "".join(f"<li>{e(x)}</li>" for x in marked_rows(report)) + "</ul>")
    if report.errors:
        parts.append(f"<h2>Error rows ({len(report.errors)})</h2><ul>"
                     + "".join(f"<li>{e(str(x['id']))}: {e(x['error'])}</li>" for x in report.errors) + "</ul>")
    parts.append("</body></html>")
    return "".join(parts)


def render(report: OutletReport, fmt: str, story_links: dict[str, str] | None = None,
           story_detail: bool = False) -> str:
    if fmt == "json":
        return to_json(report, story_detail) + "\n"
    if fmt == "csv":
        return to_csv(report)
    if fmt == "markdown":
        return to_markdown(report)
    if fmt == "html":
        return to_html(report, story_links)
    return to_text(report)


def story_pages(report: OutletReport, records: Iterable[dict], *, source_field: str = "source",
                title_field: str | None = "title", **scorer_params) -> dict[str, str]:
    """The existing side-by-side comparison page (framing.report.formats.comparison_html) of every story:
    {story: html}. Each article is headed by its outlet and title ("fox: Shutdown ends") when its
    record has a title, else by its outlet and id. The articles are scored again in full (spans are
    needed for the page)."""
    from ..comparison.compare import compare_all
    from ..scoring.scorer import Scorer
    from .formats import comparison_html

    wanted = {rid: st.story for st in report.stories for rid in st.articles}
    texts: dict[str, dict[str, str]] = {}
    titles: dict[str, str] = {}  # a column's heading: "outlet: title" when the record has a title
    for rec in records:
        rid = str(rec.get(ID))
        if rid in wanted and isinstance(rec.get("text"), str):
            source = " ".join(str(rec.get(source_field)).split())
            label = f"{source} ({rid})"
            texts.setdefault(wanted[rid], {})[label] = rec["text"]
            title = rec.get(title_field) if title_field else None
            if isinstance(title, str) and title.strip():
                titles[label] = f"{source}: {' '.join(title.split())}"
    scorer = Scorer(**scorer_params)
    scorer._prepare()
    pages = {}
    for story, by_label in texts.items():
        scores = [scorer.score(t, source=label) for label, t in by_label.items()]
        if len(scores) >= 2:
            comps = compare_all(scores, scorer.config_)
            pages[story] = comparison_html(comps[0], by_label, others=comps[1:],
                                           titles={k: v for k, v in titles.items() if k in by_label})
    return pages
