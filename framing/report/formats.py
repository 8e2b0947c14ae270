"""Rendering of article scores: text, json, jsonl, csv, html, and editor/CI lines (line, github)."""
from __future__ import annotations

import bisect
import csv
import io
import re

from ..comparison.compare import classified, counted, marked, marker_note, run_warnings
from ..results import ArticleScore, flatten

CATEGORY_COLOURS = {
    "hedging": "#fde68a", "speculation": "#bfdbfe", "loaded_language": "#fecaca",
    "certainty": "#ddd6fe", "opinion": "#bbf7d0", "sourcing": "#e2e8f0",
}
_SPARE_COLOURS = ("#fed7aa", "#a5f3fc", "#f5d0fe", "#d9f99d", "#fbcfe8", "#c7d2fe")


# html and jsonout (orjson, which imports datetime and uuid) are imported by the formats that use
# them: the default text table of a one-article `framing score` pays neither (~40 M instructions).
def _escape(s: str, quote: bool = True) -> str:
    import html

    return html.escape(s, quote)


def category_colours(scores) -> dict[str, str]:
    """Colour of every category in these scores: the shipped ones fixed, a user pack's from a spare set."""
    cats = sorted({c for s in scores for c in s.categories})
    known = {c: v for c, v in CATEGORY_COLOURS.items() if c in cats}
    extra = [c for c in cats if c not in CATEGORY_COLOURS]
    return known | {c: _SPARE_COLOURS[i % len(_SPARE_COLOURS)] for i, c in enumerate(extra)}


def to_json(results: list[ArticleScore | dict], as_list: bool | None = None) -> str:
    """One object for one result, a list for several (jsonout.scores, as text without its newline)."""
    from .. import jsonout

    return jsonout.scores(results, as_list).decode("utf-8")[:-1]


def to_jsonl(results: list[ArticleScore | dict]) -> str:
    from .. import jsonout

    return jsonout.score_lines(results).decode("utf-8")


def to_csv(results: list[ArticleScore]) -> str:
    rows = [flatten(r) for r in results]
    fields = list(dict.fromkeys(k for row in rows for k in row))
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def to_text(results: list[ArticleScore], show_matches: bool = False) -> str:
    out = []
    for r in results:
        out.append(f"{r.source}: {counted(r.words, 'word')} ({r.authorial_words} authorial, {r.quoted_words} quoted, "
                   f"{r.reported_words} reported), "
                   f"{counted(len(r.sentences), 'sentence')}, editorializing index {r.index}")
        if not r.rates_reliable:
            out.append("  note: short text; rates per 1,000 words are unreliable")
        others = voices(r.categories)[1:]  # quoted, and any further voice the scorer reports
        out.append(f"  {'category':<17}{'authorial':>10}{'per 1k':>9}{'sent%':>7}"
                   + "".join(f"{v:>{max(9, len(v) + 1)}}{'per 1k':>9}" for v in others))
        for cat, e in r.categories.items():
            a = e.get("authorial", _NONE)
            out.append(f"  {cat:<17}{a['count']:>10}{a['per_1000_words']:>9.1f}{a['sentence_share']*100:>6.0f}%"
                       + "".join(f"{e.get(v, _NONE)['count']:>{max(9, len(v) + 1)}}{e.get(v, _NONE)['per_1000_words']:>9.1f}"
                                 for v in others))
        at = r.attribution
        out.append(f"  sources: {at['named']} named, {at['anonymous']} anonymous, {at['vague']} vague; "
                   f"{counted(at['direct_quotes'], 'direct quote')}, {at['quoted_word_share']*100:.0f}% of words quoted")
        if at["named_sources"]:
            out.append("  named: " + ", ".join(at["named_sources"]))
        if r.sentiment.get("enabled", True):
            out.append(f"  sentiment (authorial, VADER): mean {r.sentiment['mean']:+.3f}, "
                       f"mean |compound| {r.sentiment['mean_abs']:.3f}")
        else:
            out.append("  sentiment: not computed (--profile rules)")
        if r.readability.get("flesch_reading_ease") is not None:
            out.append(f"  readability: Flesch reading ease {r.readability['flesch_reading_ease']}, "
                       f"grade {r.readability['flesch_kincaid_grade']}")
        if r.classifiers:
            out.append("  classifiers (authorial sentences): " + classifier_summary(r))
        for x in r.excluded:
            out.append(f"  excluded [{x.rule}]: {x.text[:70]}")
        out.extend(suppressed_lines(r))
        if show_matches:
            for m in r.matches:
                shown = " ".join(m.text.split())  # one line per match even when it spans a line break
                out.append(f"  {m.start:>6}-{m.end:<6} {m.category:<16} {m.voice:<9} {m.rule:<36} {shown}")
        out.append("")
    return "\n".join(out)


def suppressed_lines(r: ArticleScore) -> list[str]:
    """The text report's lines on inline markers: each region (offsets, what it turns off, how
    many matches it dropped) and each marker warning with its line and column; none without."""
    entries = marked([r])
    if not entries:
        return []
    found = r.suppressed  # a MarkedArticleScore's
    out = [f"  inline markers: {marker_counts_line(entries[0])}"]
    out += [f"  suppressed {g['start']}-{g['end']} [{region_names(g)}]: {counted(g['matches'], 'match', 'matches')} "
            "dropped" for g in found["regions"]]
    return out + [f"  marker warning: line {w['line']}, column {w['column']}: {w['message']}" for w in found["warnings"]]


def region_names(region: dict) -> str:
    """What a suppressed region turned off: its names as written, or 'every rule'."""
    return ", ".join(region["rules"]) if region["rules"] is not None else "every rule"


def marker_counts_line(entry: dict) -> str:
    """'2 markers, 3 matches silenced, 1 warning': an article's inline markers in a few words (an
    entry of compare.marked(), its warnings a list, or of an outlet report's marked, a count)."""
    warnings = entry["warnings"] if isinstance(entry["warnings"], int) else len(entry["warnings"])
    return (f"{counted(entry['markers'], 'marker')}, {counted(entry['matches'], 'match', 'matches')} silenced, "
            f"{counted(warnings, 'warning')}")


def _marker_block(entries, indent: str = "  ") -> list[str]:
    """The comparison text's lines on the articles' inline markers: each article's counts and each
    warning with its line and column; none when no article held a marker."""
    if not entries:
        return []
    out = [f"{indent}inline markers (the figures are those after suppression; --no-inline-markers counts every match):"]
    for m in entries:
        out.append(f"{indent}  {m['source']}: {marker_counts_line(m)}")
        out += [f"{indent}    marker warning: line {w['line']}, column {w['column']}: {w['message']}" for w in m["warnings"]]
    return out


_NONE = {"count": 0, "per_1000_words": 0.0, "sentence_share": 0.0}
NOT_APPLICABLE = "n/a"


def classifier_summary(r: ArticleScore) -> str:
    """'biased mean 0.31, 25% above 0.44; ...' over the authorial sentences; n/a for a model with none."""
    return "; ".join(f"{n} mean {v['mean']:.2f}, {v['share_above']:.0%} above {v['threshold']:g}" if classified(r, n)
                     else f"{n} {NOT_APPLICABLE} (no authorial sentence)" for n, v in r.classifiers.items())


def voices(categories: dict) -> list[str]:
    """The voices of a categories table: authorial first, then the others in the scorer's order
    (quoted today; a further voice, such as reported speech, gets its own columns by its name)."""
    seen = dict.fromkeys(["authorial"])
    for entry in categories.values():
        seen.update(dict.fromkeys(entry))
    return list(seen)


# ---- editor and CI formats ----------------------------------------------------------------

_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # as editors count lines


def line_starts(text: str) -> list[int]:
    """Offset at which each line of text begins (a line ends at \\n, \\r\\n or a lone \\r)."""
    return [0] + [m.end() for m in _LINE_BREAK.finditer(text)]


def position(starts: list[int], offset: int) -> tuple[int, int]:
    """1-based (line, column) of a 0-based character offset; columns count characters."""
    line = bisect.bisect_right(starts, offset) - 1
    return line + 1, offset - starts[line] + 1


def _located(results: list[ArticleScore], texts: dict[str, str]):
    """(source, match, (line, col), (end line, end col)) for every match, in text order; the end
    is the position just after the match's last character."""
    for r in results:
        starts = line_starts(texts[r.source])
        for m in sorted(r.matches, key=lambda m: (m.start, m.end, m.rule)):
            yield r.source, m, position(starts, m.start), position(starts, m.end)


def _message(m) -> str:
    """A match's message on one line, saying the voice when it is not the author's own."""
    text = " ".join(m.message.split())
    return text if m.voice == "authorial" else f"{text} ({m.voice} voice)"


def marker_warnings(results: list[ArticleScore]):
    """(source, warning) for each inline marker warning (a malformed marker, an unknown name)."""
    for r in results:
        for w in (getattr(r, "suppressed", None) or {}).get("warnings", ()):
            yield r.source, w


def to_lines(results: list[ArticleScore], texts: dict[str, str]) -> str:
    """One match a line, as Vale and ruff print them: `path:line:col: category rule: message`;
    first each inline marker warning, `path:line:col: warning framing.marker: message`."""
    return "".join([f"{src}:{w['line']}:{w['column']}: warning framing.marker: {w['message']}\n"
                    for src, w in marker_warnings(results)]
                   + [f"{src}:{line}:{col}: {m.category} {m.rule}: {_message(m)}\n"
                      for src, m, (line, col), _ in _located(results, texts)])


def _gh_data(s: str) -> str:
    """Escaping of a workflow command's message (GitHub's toolkit: %, CR, LF)."""
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(s: str) -> str:
    """Escaping of a workflow command's property value: also ':' and ','."""
    return _gh_data(s).replace(":", "%3A").replace(",", "%2C")


def github_error(source: str, message: str, title: str = "framing --fail-on") -> str:
    """An ::error annotation on a whole file (a --fail-on threshold crossed, or a file that could
    not be read or scored: title 'framing')."""
    return f"::error file={_gh_property(source)},title={_gh_property(title)}::{_gh_data(message)}\n"


def to_github(results: list[ArticleScore], texts: dict[str, str]) -> str:
    """GitHub Actions workflow annotations, one `::warning ...::message` line a match (and one
    an inline marker warning, titled 'framing marker')."""
    out = [f"::warning file={_gh_property(src)},line={w['line']},col={w['column']},"
           f"title={_gh_property('framing marker')}::{_gh_data(w['message'])}\n" for src, w in marker_warnings(results)]
    for src, m, (line, col), (end_line, end_col) in _located(results, texts):
        props = {"file": src, "line": line, "col": col, "endLine": end_line, "endColumn": end_col,
                 "title": f"{m.category} {m.rule}"}
        out.append("::warning " + ",".join(f"{k}={_gh_property(str(v))}" for k, v in props.items())
                   + f"::{_gh_data(_message(m))}\n")
    return "".join(out)


# ---- comparison reports -------------------------------------------------------------------

def _fmt(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.2f}"
    return str(v)


def comparison_rows(c) -> list[tuple[str, str, object, list, object, object, object]]:
    """(group, name, target, references, reference mean, difference, ratio) for every measure."""
    rows = []
    for cat, by_voice in c.categories.items():
        for voice, s in by_voice.items():
            rows.append((f"{voice} per 1k words", cat, s["target"], s["references"], s["reference_mean"], s["difference"], s["ratio"]))
    for k, s in c.attribution.items():
        rows.append(("attribution", k, s["target"], s["references"], s["reference_mean"], s["difference"], s["ratio"]))
    for group, d in (("sentiment", c.sentiment), ("readability", c.readability), ("length", c.length)):
        for k, s in d.items():
            rows.append((group, k, s["target"], s["references"], s["reference_mean"], s["difference"], s["ratio"]))
    by_source = {s.source: s for s in c.scores}
    for name, d in c.classifiers.items():
        # an article without an authorial sentence has no classifier mean (its 0.0 in the JSON): n/a
        # (and the mean, difference and ratio that would count it as 0.0)
        ok = {src: classified(s, name) for src, s in by_source.items()}
        target_ok, refs_ok = ok.get(c.target, True), all(ok.get(src, True) for src in c.references)
        na = NOT_APPLICABLE
        for k in ("mean", "share_above"):
            s = d[k]
            refs = [v if ok.get(src, True) else na for src, v in zip(c.references, s["references"])]
            rows.append(("classifier", f"{name} {k}", s["target"] if target_ok else na, refs,
                         s["reference_mean"] if refs_ok else na,
                         *((s["difference"], s["ratio"]) if target_ok and refs_ok else (na, na))))
    return rows


def _clip(text: str, width: int) -> str:
    """Text cut to width characters at a word boundary, with an ellipsis when anything is cut."""
    if len(text) <= width:
        return text
    cut = text[:width - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > width // 2 else cut).rstrip(" ,;:") + "…"


def comparison_text(comps) -> str:
    """The comparisons as text; the run's warnings go to stderr (the CLI), not here, so a terminal
    shows each once. A ranked run states its ranking once, above every comparison."""
    def ranking(c) -> str:
        return ("Ranking (editorializing index, highest first): "
                + ", ".join(f"{r['rank']}. {r['source']} ({r['index']}{_short(r)})" for r in c.ranking))

    # a ranked run compares every article with the rest: their markers are listed once, above
    out = [ranking(comps[0]), *_marker_block(comps[0].markers, ""), ""] if len(comps) > 1 else []
    for c in comps:
        out.append(f"{c.target} compared with {', '.join(c.references) or 'nothing'}")
        if len(comps) == 1:
            out.append(ranking(c))
            out.extend(_marker_block(c.markers))
        out.append(f"  {'measure':<44}{'target':>9}{'ref mean':>10}{'diff':>9}{'ratio':>8}   references")
        for group, name, t, refs, mean, diff, ratio in comparison_rows(c):
            out.append(f"  {(group + ': ' + name)[:44]:<44}{_fmt(t):>9}{_fmt(mean):>10}{_fmt(diff):>9}{_fmt(ratio):>8}   "
                       + " ".join(_fmt(x) for x in refs))
        lab = c.new_share["labels"]
        out.append(f"  claims: {lab['shared']} shared, {lab['reworded']} reworded, {lab['new']} new; "
                   f"{c.new_share['in_new']} of {counted(c.new_share['matches'], 'editorializing match', 'editorializing matches')} "
                   "in new sentences")
        for a in c.alignment:
            if a.label == "new":
                out.append(f"    new: {_clip(a.text, 110)}")
        if c.omitted["named_sources"]:
            out.append("  left out (named in the references): " + ", ".join(c.omitted["named_sources"]))
        out.append("  Summary:")
        for line in c.summary:
            out.append(f"    {line}")
        out.append("")
    return "\n".join(out)


def _cell(text: str) -> str:
    """Text for one Markdown table cell: on one line, with its pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def comparison_markdown(comps) -> str:
    out = []
    if len(comps) > 1:
        out.append("Ranking, most editorializing first: "
                   + ", ".join(f"{r['rank']}. `{r['source']}` ({_fmt(r['index'])}{_short(r)})" for r in comps[0].ranking)
                   + "\n")
    warnings = run_warnings(comps)  # once for the run, not in every comparison of a ranked run
    if warnings and len(comps) > 1:
        out.extend([*(f"- **warning**: {w}" for w in warnings), ""])
    marks = [f"- **inline markers**: `{m['source']}`: {marker_counts_line(m)}"
             + "".join(f"; line {w['line']}, column {w['column']}: {_cell(w['message'])}" for w in m["warnings"])
             for m in comps[0].markers]  # every comparison of a run holds the same articles
    if marks and len(comps) > 1:
        out.extend([*marks, ""])
    for c in comps:
        out.append(f"## {c.target}\n\nCompared with: {', '.join(f'`{r}`' for r in c.references)}\n")
        out.extend(f"- {line}" for line in c.summary)
        if len(comps) == 1:
            out.extend(f"- **warning**: {w}" for w in warnings)
            out.extend(marks)
        out.append("\n| measure | target | reference mean | difference | ratio | references |\n|---|---|---|---|---|---|")
        for group, name, t, refs, mean, diff, ratio in comparison_rows(c):
            out.append(f"| {group}: {name} | {_fmt(t)} | {_fmt(mean)} | {_fmt(diff)} | {_fmt(ratio)} | "
                       + ", ".join(_fmt(x) for x in refs) + " |")
        out.append("\n| # | label | score | sentence | closest reference sentence |\n|---|---|---|---|---|")
        for a in c.alignment:
            closest = "" if a.label == "new" else a.reference_text or ""  # a new claim has no counterpart
            out.append(f"| {a.sentence} | {a.label} | {a.score:.2f} | {_cell(a.text)} | {_cell(closest)} |")
        out.append("")
    return "\n".join(out)


def comparison_json(comps) -> str:
    from .. import jsonout

    data = [c.to_dict() for c in comps]
    return jsonout.dumps(data[0] if len(data) == 1 else data, indent=True)


# ---- HTML for readers ---------------------------------------------------------------------
# One self-contained, inert page: no script, no external resource. Short labels (the file's stem)
# with the full source on hover; the ranking and a plain-language summary first; the measure table
# folded; charts sized to their labels; columns that stack on a phone; a print stylesheet.

_BASE_CSS = (
    "*{box-sizing:border-box}html{-webkit-text-size-adjust:100%}"
    "body{font:16px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;color:#111;margin:0 auto;max-width:84rem;"
    "padding:1rem}"
    "h1{font-size:1.45rem;line-height:1.25;margin:.2em 0 .5em}h2{font-size:1.2rem;line-height:1.3;margin:1.2em 0 .4em}"
    "h1,h2,h3,li,p,summary{overflow-wrap:anywhere}"
    ".src{font-weight:600}.num{font-variant-numeric:tabular-nums}"
    ".ranking li{margin:.15em 0}.unreliable{color:#92400e;font-style:italic}"
    ".summary li{margin:.3em 0}.warning{color:#92400e}"
    "details{margin:.8em 0}summary{cursor:pointer;font-weight:600}"
    # a table wider than a phone scrolls inside its own box; cells wrap between words only, numbers never
    ".table-scroll{overflow-x:auto;max-width:100%}"
    "table{border-collapse:collapse;width:100%;max-width:48rem;font-size:.9rem}"
    "td,th{border:1px solid #ddd;padding:2px 6px;text-align:right;vertical-align:top;overflow-wrap:normal}"
    "td.num,th .src{white-space:nowrap}"
    "th:first-child{text-align:left;font-weight:normal}thead th{font-weight:600;text-align:right}"
    "figure{margin:1em 0}figcaption{font-size:.9rem;color:#444}svg.chart{display:block;max-width:100%;height:auto}"
    ".legend{display:flex;flex-wrap:wrap;gap:.3em .9em;font-size:.9rem;padding:0;margin:.5em 0;list-style:none}"
    ".legend li{white-space:nowrap}.legend .key{padding:0 .25em;border-radius:2px}"
    ".cols{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,22rem),1fr));gap:1rem;align-items:start}"
    ".col{min-width:0}body>.col{max-width:52rem}.col h2{margin-top:.2em}.meta{font-size:.85rem;color:#444;margin:.2em 0 .5em}"
    ".article{white-space:pre-wrap;overflow-wrap:anywhere;border:1px solid #ddd;padding:.75rem;margin:0}"
    "mark{background:#e5e7eb;border-radius:2px;color:inherit}"
    # reported (indirect) speech: the source's words outside quotation marks
    ".reported{color:#1e3a8a;border-bottom:1px dashed #93c5fd}.quoted{color:#555;font-style:italic}"
    ".src-named{text-decoration:underline solid #15803d 2px;text-underline-offset:3px;background:#dcfce7}"
    ".src-anonymous{text-decoration:underline wavy #b91c1c 1.5px;text-underline-offset:3px}"
    ".src-vague{text-decoration:underline dotted #7c3aed 2px;text-underline-offset:3px}"
    ".furniture{text-decoration:line-through;color:#6b7280}"
    ".left-out{font-size:.75rem;font-style:normal;color:#374151;background:#f3f4f6;border:1px solid #d1d5db;"
    "border-radius:3px;padding:0 .3em;margin-left:.3em;white-space:nowrap}"
    ".s-new{border-left:4px solid #dc2626;padding-left:3px}.s-reworded{border-left:4px solid #f59e0b;padding-left:3px}"
    ".s-shared{border-left:4px solid #16a34a;padding-left:3px}.sent:target{outline:2px solid #2563eb}"
    "a.align{text-decoration:none;padding:0 .15em}"
    "@media print{body{max-width:none;padding:0;font-size:10.5pt}.cols{display:block}.col{margin-bottom:1em}"
    "a.align{display:none}.table-scroll{overflow:visible}h1,h2{break-after:avoid}figure,tr{break-inside:avoid}.sent:target{outline:none}"
    "mark,.key,.src-named,.left-out{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    "summary{list-style:none}}"
    "@media print{details::details-content{content-visibility:visible;display:block}}"  # print folded tables too
)


# inline markers' regions and the markers themselves: only on a page whose texts hold markers
_MARKER_CSS = (
    ".silenced{background:repeating-linear-gradient(135deg,#f3f4f6 0 4px,#e5e7eb 4px 8px)}"
    ".marker{color:#6b7280;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em}"
    "@media print{.silenced{-webkit-print-color-adjust:exact;print-color-adjust:exact}}"
)


def _style(colours: dict[str, str]) -> str:
    return _BASE_CSS + "".join(f"mark.c-{c},.key.c-{c}{{background:{v}}}" for c, v in colours.items())


def _page(title: str, colours: dict[str, str], body: list[str], markers: bool = False) -> str:
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{_escape(title)}</title><style>{_style(colours)}{_MARKER_CSS if markers else ''}</style>"
            "</head><body>" + "".join(body) + "</body></html>")


def short_labels(sources, titles: dict[str, str] | None = None, width: int = 40) -> dict[str, str]:
    """A short label for each source: a record's title when given, else a file's stem
    ('/work/seeds/002_ec3b.txt' -> '002_ec3b'); stems that clash keep their folder ('a/x', 'b/x')."""
    from pathlib import PurePath

    def stem(src: str, parents: int) -> str:
        if (titles or {}).get(src):
            return " ".join(titles[src].split())
        if src.startswith("<") or ("/" not in src and "\\" not in src and not PurePath(src).suffix[1:].isalpha()):
            return src  # '<stdin>', a record id ('rec-7', '2024.01')
        parts = PurePath(src).parts
        return "/".join([*parts[max(0, len(parts) - 1 - parents):-1], PurePath(src).stem or src])

    sources = list(dict.fromkeys(sources))
    labels = {s: stem(s, 0) for s in sources}
    for depth in range(1, 4):  # clashing stems: add folders until they differ
        clash = {s for s in sources if sum(v == labels[s] for v in labels.values()) > 1}
        if not clash:
            break
        labels.update({s: stem(s, depth) for s in clash})
    clipped = {s: _clip(v, width) if v != s else v for s, v in labels.items()}
    # long names that share their start ('harbour_story_by_outlet_000', ..._001) keep their ends instead
    clipped = {s: v if sum(x == v for x in clipped.values()) == 1 or len(labels[s]) <= width
               else labels[s][:width // 2 - 1] + "…" + labels[s][-(width // 2):] for s, v in clipped.items()}
    return {s: v if sum(x == v for x in clipped.values()) == 1 else s for s, v in clipped.items()}


def _src(source: str, labels: dict[str, str]) -> str:
    """A source's short label, its full name on hover."""
    return (f"<span class='src' title='{_escape(source, quote=True)}'>"
            f"{_escape(labels.get(source, source))}</span>")


def _with_labels(line: str, labels: dict[str, str]) -> str:
    """A plain-text sentence in HTML, every source in it shown by its short label."""
    names = sorted((s for s in labels if s and s in line), key=len, reverse=True)
    if not names:
        return _escape(line)
    pieces = re.split("(" + "|".join(map(re.escape, names)) + ")", line)
    return "".join(_src(p, labels) if i % 2 else _escape(p) for i, p in enumerate(pieces))


def _legend(colours: dict[str, str], alignment: bool = False, markers: bool = False) -> str:
    keys = [f"<li><span class='key c-{_escape(c)}'>{_escape(c.replace('_', ' '))}</span></li>"
            for c in colours]
    keys += ["<li><span class='src-named'>named source</span></li>",
             "<li><span class='src-anonymous'>anonymous source</span></li>",
             "<li><span class='src-vague'>vague source</span></li>",
             "<li><span class='quoted'>quoted speech</span></li>",
             "<li><span class='reported'>reported speech</span></li>",
             "<li><span class='furniture'>publisher furniture</span><span class='left-out'>left out</span></li>"]
    if alignment:
        keys += ["<li><span class='s-new'>new claim</span></li>", "<li><span class='s-reworded'>reworded</span></li>",
                 "<li><span class='s-shared'>shared</span></li>",
                 "<li><a class='align'>&#8594;</a><a class='align'>&#8592;</a> closest sentence, both ways</li>"]
    if markers:
        keys += ["<li><span class='silenced'>silenced by an inline marker</span></li>",
                 "<li><span class='marker'>&lt;!-- framing off --&gt;</span> inline marker</li>"]
    return "<ul class='legend' aria-label='legend'>" + "".join(keys) + "</ul>"


# Chart text is monospace so its width is known without a script: 0.6 em a character (wide East
# Asian characters 1.2 em), with a margin.
_FONT = "ui-monospace,Menlo,Consolas,'DejaVu Sans Mono','Liberation Mono',monospace"
_CHAR = 12 * 0.625


def _text_width(s: str) -> float:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s) * _CHAR


def _fit(s: str, width: float) -> str:
    """s cut with an ellipsis to at most width px of chart text (unchanged when it fits)."""
    if _text_width(s) <= width:
        return s
    while s and _text_width(s + "\u2026") > width:
        s = s[:-1]
    return s.rstrip() + "\u2026"


def bar_chart(groups, label: str, bar_width: int = 220, max_width: float | None = 358, min_bar: int = 120) -> str:
    """Inline SVG of horizontal bars: groups is [(heading or None, [(label, value, fill, bold)])].
    Every label and value is drawn inside the picture, whose width follows its longest label.
    max_width (358: a 390-px phone less the page's padding) keeps the picture at its natural size
    on a phone, where a wider one would be scaled down to unreadable text: bars shrink (to min_bar
    at least), and if the labels still leave no room, each label goes on its own line above its bar,
    cut with an ellipsis when it is wider than the picture (the full label on hover).
    max_width=None: as wide as the labels need."""
    rows = [r for _, rs in groups for r in rs]
    if not rows:
        return ""
    top = max([v for _, v, _, _ in rows] + [0]) or 1
    label_w = max(_text_width(lab) for lab, _, _, _ in rows)
    value_w = max(_text_width(f"{v:.1f}") for _, v, _, _ in rows)
    stacked, text_w = False, None  # text_w: the widest a label or heading may be drawn
    if max_width is not None:
        room = max_width - 4 - (label_w + 8) - 6 - value_w  # for the bars beside the labels
        if room >= min_bar:
            bar_width = min(bar_width, room)
        else:
            stacked, text_w = True, max_width - 4
            bar_width = max(min_bar, min(bar_width, max_width - 4 - 6 - value_w))
    x0 = 0 if stacked else label_w + 8
    labels_w = min(label_w, text_w) if stacked else 0
    width = max([x0 + bar_width + 6 + value_w, labels_w]
                + [min(_text_width(h), text_w or _text_width(h)) for h, _ in groups if h]) + 4

    def drawn(s: str, weight: str, y: float) -> str:
        shown = _fit(s, text_w) if text_w else s
        title = f"<title>{_escape(s)}</title>" if shown != s else ""
        return f"<text x='0' y='{y}'{weight}>{title}{_escape(shown)}</text>"

    out, y = [], 2
    for heading, rs in groups:
        if heading:
            out.append(drawn(heading, " font-weight='bold'", y + 13))
            y += 18
        for lab, v, fill, bold in rs:
            w = max(v, 0) / top * bar_width
            weight = " font-weight='bold'" if bold else ""
            out.append(drawn(lab, weight, y + 11))
            if stacked:  # the bar on the line below its label
                y += 14
            out.append(f"<rect x='{x0:.1f}' y='{y + 2}' width='{w:.1f}' height='11' fill='{fill}' stroke='#555' "
                       f"stroke-width='0.5'><title>{_escape(lab)}: {v:.1f}</title></rect>"
                       f"<text x='{x0 + w + 4:.1f}' y='{y + 11}'>{v:.1f}</text>")
            y += 16
        y += 6
    return (f"<svg class='chart' xmlns='http://www.w3.org/2000/svg' width='{width:.0f}' height='{y:.0f}' "
            f"viewBox='0 0 {width:.0f} {y:.0f}' font-family=\"{_FONT}\" font-size='12' role='img' "
            f"aria-label='{_escape(label, quote=True)}'>" + "".join(out) + "</svg>")


def _category_chart(scores, colours: dict[str, str], labels: dict[str, str], bold: str | None = None) -> str:
    """Each category's rate per 1,000 words in the author's own voice: one bar a category for one
    article; one group a category, one bar an article, for several."""
    def rate(s, c):
        return s.categories.get(c, {}).get("authorial", {}).get("per_1000_words", 0.0)

    if len(scores) == 1:
        groups = [(None, [(c.replace("_", " "), rate(scores[0], c), colours[c], False) for c in colours])]
    else:
        groups = [(c.replace("_", " "), [(labels.get(s.source, s.source), rate(s, c), colours[c], s.source == bold)
                                         for s in scores]) for c in colours]
    caption = "Rate per 1,000 words in the author's own voice"
    svg = bar_chart(groups, caption + " by category")
    return f"<figure><figcaption>{caption}</figcaption>{svg}</figure>" if svg else ""


def article_summary(r: ArticleScore) -> list[str]:
    """What a reader needs first about one article, in plain words, from its numbers."""
    lines = [f"{r.source}: {counted(r.words, 'word')}, {r.authorial_words} in the author's own voice, "
             f"{r.quoted_words} in quotations and {r.reported_words} in reported speech; editorializing index {r.index}."]
    if not r.rates_reliable:
        lines.append("Short text: too few words in the author's own voice for its rates or its index to mean much.")
    own = sorted(((c, e.get("authorial", _NONE)) for c, e in r.categories.items() if e.get("authorial", _NONE)["count"]),
                 key=lambda x: (-x[1]["per_1000_words"], x[0]))
    if own:
        lines.append("In its own voice it uses " + ", ".join(
            f"{c.replace('_', ' ')} {counted(a['count'], 'time')} ({a['per_1000_words']:.1f} per 1,000 words)"
            for c, a in own) + ".")
    else:
        lines.append("In its own voice it uses none of the phrasing the rules flag.")
    at = r.attribution
    lines.append(f"It names {counted(at['named'], 'source')}, cites {at['anonymous']} anonymous and {at['vague']} "
                 f"vague {'source' if at['anonymous'] + at['vague'] == 1 else 'sources'}, and carries "
                 f"{counted(at['direct_quotes'], 'direct quote')}.")
    # each voice by its name: "8 further matches lie in quoted speech and 3 in reported speech"
    other = [(v, sum(e.get(v, _NONE)["count"] for e in r.categories.values())) for v in voices(r.categories)[1:]]
    other = [(v, n) for v, n in other if n]
    if other:
        (v0, n0), rest = other[0], [f"{n} in {v} speech" for v, n in other[1:]]
        where = f"{v0} speech" + (f" and {' and '.join(rest)}" if rest else "")
        verb = "lies" if n0 == 1 else "lie"
        lines.append(f"{counted(n0, 'further match', 'further matches')} {verb} in {where}: the speakers' "
                     "words, not the author's.")
    if r.excluded:
        lines.append(f"{counted(len(r.excluded), 'line')} of publisher furniture (links, captions, footers) "
                     f"{'is' if len(r.excluded) == 1 else 'are'} left out of the scores and struck through below.")
    if r.classifiers:
        lines.append("Sentence classifiers (authorial sentences): " + classifier_summary(r)
                     + ". Hover a sentence for its probabilities.")
    lines += [marker_note(m) for m in marked([r])]
    return lines


def _ranking_list(ranking, labels: dict[str, str]) -> str:
    return "<ol class='ranking'>" + "".join(
        f"<li>{_src(r['source'], labels)} <span class='num'>{_fmt(r['index'])}</span>"
        + ("" if r.get("rates_reliable", True) else " <span class='unreliable'>short text, index unreliable</span>")
        + "</li>" for r in ranking) + "</ol>"


def _table(headers: list[str], rows: list[list[str]], caption: str) -> str:
    """A measure table folded under its caption (<details>): the numbers are there, not in the way."""
    head = "".join(f"<th scope='col'>{h}</th>" for h in headers)
    body = "".join("<tr><th scope='row'>" + r[0] + "</th>" + "".join(f"<td class='num'>{x}</td>" for x in r[1:])
                   + "</tr>" for r in rows)
    return (f"<details class='measures'><summary>{caption}</summary><div class='table-scroll'><table><thead>"
            f"<tr>{head}</tr></thead><tbody>{body}</tbody></table></div></details>")


def _article_table(r: ArticleScore) -> str:
    vs = voices(r.categories)
    rows = [[_escape(c.replace("_", " "))] + [f"{e.get(v, _NONE)['count']} ({e.get(v, _NONE)['per_1000_words']:.1f})"
                                                  for v in vs] for c, e in r.categories.items()]
    at = r.attribution
    rows += [[_escape(f"attribution: {k.replace('_', ' ')}"), _escape(_fmt(at[k]))] + [""] * (len(vs) - 1)
             for k in ("named", "anonymous", "vague", "direct_quotes", "quoted_word_share")]
    if r.sentiment.get("enabled", True):
        rows.append(["sentiment: mean (authorial)", f"{r.sentiment['mean']:+.3f}"] + [""] * (len(vs) - 1))
    for k in ("flesch_reading_ease", "flesch_kincaid_grade"):
        if r.readability.get(k) is not None:
            rows.append([f"readability: {k.replace('_', ' ')}", _fmt(r.readability[k])] + [""] * (len(vs) - 1))
    return _table(["measure"] + [f"{_escape(v)}: count (per 1k words)" for v in vs], rows,
                  f"All {len(rows)} measures")


def to_html(results: list[ArticleScore], texts: dict[str, str], titles: dict[str, str] | None = None) -> str:
    """The score report for readers: per article a plain-language summary, a chart and the text with
    every match, source, quotation and left-out line marked. titles: record titles as labels."""
    colours = category_colours(results)
    labels = short_labels([r.source for r in results], titles)
    body = []
    if len(results) == 1:
        body.append(f"<h1>How {_src(results[0].source, labels)} reads</h1>")
    else:
        body.append(f"<h1>{len(results)} articles, most editorializing first</h1>")
        ranked = sorted(results, key=lambda r: (-r.index, r.source))
        body.append(_ranking_list([{"source": r.source, "index": r.index, "rates_reliable": r.rates_reliable}
                                   for r in ranked], labels))
    for i, r in enumerate(results):
        if len(results) > 1:
            body.append(f"<h2 id='a{i}'>{_src(r.source, labels)}</h2>")
        body.append("<ul class='summary'>" + "".join(f"<li>{_with_labels(x, labels)}</li>" for x in article_summary(r))
                    + "</ul>")
        body += _marker_warnings_html(marked([r]), labels)
        body.append(_category_chart([r], colours, labels))
        body.append(_article_table(r))
        body.append(_legend(colours, markers=bool(marked([r]))))
        body.append(f"<div class='col' data-source='{_escape(r.source, quote=True)}'><div class='article'>"
                    f"{_article_body(texts[r.source], r, i, {}, [r])}</div></div>")
    # the page's title names what it reports on (a browser tab or a saved page of several reports)
    names = [r.source for r in results]
    title = (f"framing: how {names[0]} reads" if len(names) == 1 else
             f"framing: {len(names)} articles ({', '.join(names[:3])}{', ...' if len(names) > 3 else ''})")
    return _page(title, colours, body, markers=bool(marked(results)))


def comparison_html(c, texts: dict[str, str], others=(), titles: dict[str, str] | None = None) -> str:
    """One self-contained page: the ranking and the plain-language summary first, a chart, the
    measures folded, then the sources side by side with matches, sources and left-out lines marked
    and each target sentence linked with its closest reference sentence (both ways).
    others: the further comparisons of a ranked run (`compare A B C`), whose summaries are listed
    after the ranking; the side-by-side view is of the first (the most editorializing)."""
    scores = list(c.scores)
    colours = category_colours(scores)
    labels = short_labels([s.source for s in scores] + [r["source"] for r in c.ranking]
                          + [o.target for o in others], titles)
    refs = ", ".join(_src(r, labels) for r in c.references) or "nothing"
    body = []
    if others:
        body += [f"<h1>{len(c.ranking)} reports of one story, most editorializing first</h1>",
                 _ranking_list(c.ranking, labels), f"<h2>How {_src(c.target, labels)} differs from the others</h2>"]
    else:
        body += [f"<h1>How {_src(c.target, labels)} differs from {refs}</h1>",
                 "<p>Editorializing index, highest first:</p>", _ranking_list(c.ranking, labels)]
    body.append("<ul class='summary'>" + "".join(f"<li>{_with_labels(x, labels)}</li>" for x in c.summary) + "</ul>")
    body += [f"<p class='warning'>warning: {_with_labels(w, labels)}</p>" for w in run_warnings([c, *others])]
    body += _marker_warnings_html(c.markers, labels)
    if c.omitted["named_sources"]:
        body.append("<p>Named in the other reports, not in this one: "
                    + _escape(", ".join(c.omitted["named_sources"])) + ".</p>")
    body += [f"<details class='other'><summary>How {_src(o.target, labels)} differs from the rest</summary>"
             "<ul class='summary'>" + "".join(f"<li>{_with_labels(x, labels)}</li>" for x in o.summary) + "</ul></details>"
             for o in others]
    body.append(_category_chart(scores, colours, labels, bold=c.target))
    rows = [[_escape(f"{group}: {name}"), _fmt(t), _fmt(mean), _fmt(diff), _fmt(ratio)]
            for group, name, t, _refs, mean, diff, ratio in comparison_rows(c)]
    body.append(_table(["measure", _src(c.target, labels), "others' mean", "difference", "ratio"], rows,
                       f"All {len(rows)} measures, {_src(c.target, labels)} against the mean of {refs}"))
    lab = c.new_share["labels"]
    body += [f"<h2>The reports side by side</h2><p>Claims of {_src(c.target, labels)}: {lab['shared']} shared, "
             f"{lab['reworded']} reworded, {lab['new']} new. Follow an arrow to the closest sentence in the other "
             "column, and back.</p>", _legend(colours, alignment=True, markers=bool(c.markers)), "<div class='cols'>"]
    align_of = {a.sentence: a for a in c.alignment}
    back: dict[tuple[str, int], list[int]] = {}  # reference sentence -> the target sentences aligned with it
    for a in c.alignment:
        if a.label != "new" and a.reference is not None:
            back.setdefault((a.reference, a.reference_sentence), []).append(a.sentence)
    for si, s in enumerate(scores):
        links = {k[1]: v for k, v in back.items() if k[0] == s.source} if si else {}
        body.append(f"<div class='col' data-source='{_escape(s.source, quote=True)}'><h2>{_src(s.source, labels)}"
                    f"</h2><p class='meta'>index {_fmt(s.index)}; {counted(s.words, 'word')}"
                    f"{'' if s.rates_reliable else '; short text, index unreliable'}</p><div class='article'>"
                    f"{_article_body(texts[s.source], s, si, align_of if si == 0 else {}, scores, links)}</div></div>")
    body.append("</div>")
    return _page(f"framing: how {labels.get(c.target, c.target)} differs", colours, body, markers=bool(c.markers))


def _marker_warnings_html(entries, labels: dict[str, str]) -> list[str]:
    """One warning paragraph for each inline marker warning of these articles (compare.marked())."""
    return [f"<p class='warning'>marker warning: {_src(m['source'], labels)}, line {w['line']}, column {w['column']}: "
            f"{_escape(w['message'])}</p>" for m in entries for w in m["warnings"]]


def _short(rank: dict) -> str:
    """A ranking entry's note when the article is too short for its index to mean much."""
    return "" if rank.get("rates_reliable", True) else "; short text, index unreliable"


def _layers(s: ArticleScore) -> list[tuple[int, int, str, str]]:
    """(start, end, class, tooltip) of what is marked beside the matches: quoted and reported speech,
    named sources and the lines left out as publisher furniture."""
    from ..scoring.attribution import reported_regions

    out = [(q.start, q.end, "quoted", "") for q in s.quotes]
    out += [(a, b, "reported", "reported speech: the source's words, not the author's")
            for a, b in _outside(reported_regions(list(s.attributions), None), [(q.start, q.end) for q in s.quotes])]
    out += [(n["start"], n["end"], "src-named", f"named source: {n['text']}")
            for n in s.attribution.get("named_spans", ()) if isinstance(n, dict) and "start" in n]
    out += [(x.start, x.end, "furniture", f"left out of the scores: publisher furniture ({x.rule})") for x in s.excluded]
    found = getattr(s, "suppressed", None) or {}  # a MarkedArticleScore's inline markers
    out += [(g["start"], g["end"], "silenced",
             f"silenced by an inline marker ({region_names(g)}): "
             f"{counted(g['matches'], 'match', 'matches')} dropped") for g in found.get("regions", ()) if g["end"] > g["start"]]
    out += [(m["start"], m["end"], "marker", "inline marker: not article text") for m in found.get("markers", ())]
    return out


def _outside(regions, holes) -> list[tuple[int, int]]:
    """The parts of regions that no hole covers (a quotation inside reported speech stays quoted)."""
    out = []
    for a, b in regions:
        for h0, h1 in sorted(holes):
            if h1 <= a or h0 >= b:
                continue
            if h0 > a:
                out.append((a, h0))
            a = max(a, h1)
        if a < b:
            out.append((a, b))
    return out


def _layered(text: str, start: int, end: int, layers, labels_ok: bool = True) -> str:
    """text[start:end] escaped, each piece in a span with the classes of the layers covering it; after
    a left-out line, a 'left out' label (not inside a highlighted match, whose text must stay exact)."""
    inside = [lay for lay in layers if lay[0] < end and lay[1] > start]
    if not inside:
        return _escape(text[start:end])
    cuts = sorted({start, end, *(max(start, a) for a, _, _, _ in inside), *(min(end, b) for _, b, _, _ in inside)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        cover = [lay for lay in inside if lay[0] <= a and lay[1] >= b]
        piece = _escape(text[a:b])
        if cover:
            classes = " ".join(dict.fromkeys(c for _, _, c, _ in cover))
            tip = "; ".join(t for _, _, _, t in cover if t)
            title = f" title='{_escape(tip, quote=True)}'" if tip else ""
            piece = f"<span class='{classes}'{title}>{piece}</span>"
        out.append(piece)
        if labels_ok and any(c == "furniture" and e == b for _, e, c, _ in inside):
            out.append("<span class='left-out'>left out</span>")
    return "".join(out)


def _article_body(text: str, s, si: int, align_of: dict, scores, back: dict | None = None) -> str:
    """One article, sentence by sentence: matches marked, sources, quoted speech and left-out lines
    styled, each sentence's classifier probabilities (and, for a compared target, its alignment) on
    hover; back: for a reference, the target sentences aligned with each of its sentences."""
    layers = _layers(s)
    parts = []
    pos = 0
    for sent in s.sentences:
        parts.append(_layered(text, pos, sent.start, layers))
        ms = [m for m in s.matches if m.sentence == sent.index]
        inner = _highlight_range(text, sent.start, sent.end, ms, layers)
        anchor = f"s{si}-{sent.index}"
        probs = _probabilities(sent)
        if sent.index in align_of:
            a = align_of[sent.index]
            ref_i = next((i for i, x in enumerate(scores) if x.source == a.reference), None)
            # a new claim has no counterpart: no closest sentence, no link to one
            link = f"#s{ref_i}-{a.reference_sentence}" if ref_i is not None and a.label != "new" else ""
            closest = "no counterpart in the other reports" if a.label == "new" else a.reference_text or ""
            tip = _escape(f"{a.label} ({a.score:.2f}): {closest}" + probs, quote=True)
            parts.append(f"<span class='sent s-{a.label}' id='{anchor}' data-label='{a.label}' title='{tip}'>"
                         f"{inner}</span>" + (f" <a href='{link}' class='align' title='closest sentence in "
                                              f"{_escape(a.reference or '', quote=True)}'>&#8594;</a>"
                                              if link else ""))
        else:
            tip = f" title='{_escape(probs.strip(), quote=True)}'" if probs else ""
            parts.append(f"<span class='sent' id='{anchor}'{tip}>{inner}</span>")
            for t in (back or {}).get(sent.index, ()):
                parts.append(f" <a href='#s0-{t}' class='align back' title='closest to sentence {t + 1} of "
                             f"{_escape(scores[0].source, quote=True)}'>&#8592;</a>")
        pos = sent.end
    parts.append(_layered(text, pos, len(text), layers))
    return "".join(parts)


def _probabilities(sent) -> str:
    """Tooltip text of a sentence's classifier probabilities ('' when classifiers were off)."""
    if not sent.classifiers:
        return ""
    return "\nclassifiers: " + ", ".join(f"{n} {p:.2f}" for n, p in sent.classifiers.items())


def _highlight_range(text, start, end, matches, layers):
    """A sentence with its matches marked (the longest of overlapping ones; its tooltip names the
    rule, category and voice) and the other layers inside and between them."""
    out = []
    pos = start
    last_end = -1
    for m in sorted(matches, key=lambda m: (m.start, -m.end)):
        if m.start < last_end:
            continue
        out.append(_layered(text, pos, m.start, layers))
        title = f"{m.rule} ({m.category}, {m.voice} voice): {m.message}"
        source = f" src-{_escape(m.attribution)}" if m.attribution else ""  # anonymous or vague source
        if m.attribution:
            title += f" [{m.attribution} source]"
        out.append(f'<mark class="c-{_escape(m.category)}{source}" data-rule="{_escape(m.rule)}" '
                   f'data-start="{m.start}" data-end="{m.end}" title="{_escape(title)}">'
                   f"{_layered(text, m.start, m.end, layers, labels_ok=False)}</mark>")
        pos = last_end = m.end
    out.append(_layered(text, pos, end, layers))
    return "".join(out)
