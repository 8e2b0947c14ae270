"""Rendering of article scores: text, json, jsonl, csv, html, and editor/CI lines (line, github)."""
from __future__ import annotations

import bisect
import csv
import html
import io
import json
import re

from .compare import counted, run_warnings
from .results import ArticleScore

CATEGORY_COLOURS = {
    "hedging": "#fde68a", "speculation": "#bfdbfe", "loaded_language": "#fecaca",
    "certainty": "#ddd6fe", "opinion": "#bbf7d0", "sourcing": "#e2e8f0",
}
_SPARE_COLOURS = ("#fed7aa", "#a5f3fc", "#f5d0fe", "#d9f99d", "#fbcfe8", "#c7d2fe")


def category_colours(scores) -> dict[str, str]:
    """Colour of every category in these scores: the shipped ones fixed, a user pack's from a spare set."""
    cats = sorted({c for s in scores for c in s.categories})
    known = {c: v for c, v in CATEGORY_COLOURS.items() if c in cats}
    extra = [c for c in cats if c not in CATEGORY_COLOURS]
    return known | {c: _SPARE_COLOURS[i % len(_SPARE_COLOURS)] for i, c in enumerate(extra)}


def _legend(colours: dict[str, str]) -> str:
    return "".join(f"<span class='c-{c}' style='background:{v}'>{c}</span>" for c, v in colours.items())


def to_json(results: list[ArticleScore], as_list: bool | None = None) -> str:
    """One object for one result, a list for several; as_list forces either (the CLI decides by
    how many files were asked for, so a failed file does not change the shape)."""
    data = [r.to_dict() for r in results]
    if as_list is None:
        as_list = len(data) != 1
    return json.dumps(data if as_list else data[0], ensure_ascii=False, indent=2)


def to_jsonl(results: list[ArticleScore]) -> str:
    return "".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in results)


def flatten(r: ArticleScore) -> dict:
    # rates_reliable beside the index: a one-word text scores 0.0 and must not pass for a calm article
    row = {"source": r.source, "words": r.words, "authorial_words": r.authorial_words,
           "quoted_words": r.quoted_words, "sentences": len(r.sentences), "index": r.index,
           "rates_reliable": r.rates_reliable}
    for cat, entry in r.categories.items():
        for voice, vals in entry.items():
            for k in ("count", "per_1000_words", "sentence_share"):
                row[f"{cat}.{voice}.{k}"] = vals[k]
    for k in ("named", "anonymous", "vague", "direct_quotes", "quoted_word_share"):
        row[f"attribution.{k}"] = r.attribution[k]
    if r.sentiment.get("enabled", True):  # the rules profile computes none: no column, not a fake 0.0
        row["sentiment.mean"] = r.sentiment["mean"]
        row["sentiment.mean_abs"] = r.sentiment["mean_abs"]
    for k, v in r.readability.items():
        if k != "syllables":
            row[f"readability.{k}"] = v
    for name, v in r.classifiers.items():
        row[f"classifier.{name}.mean"] = v["mean"]
        row[f"classifier.{name}.share_above"] = v["share_above"]
    row["excluded"] = len(r.excluded)
    row["schema_version"] = r.schema_version
    return row


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
        out.append(f"{r.source}: {counted(r.words, 'word')} ({r.authorial_words} authorial, {r.quoted_words} quoted), "
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
            out.append("  classifiers (authorial sentences): " + "; ".join(
                f"{n} mean {v['mean']:.2f}, {v['share_above']:.0%} above {v['threshold']:g}"
                for n, v in r.classifiers.items()))
        for x in r.excluded:
            out.append(f"  excluded [{x.rule}]: {x.text[:70]}")
        if show_matches:
            for m in r.matches:
                shown = " ".join(m.text.split())  # one line per match even when it spans a line break
                out.append(f"  {m.start:>6}-{m.end:<6} {m.category:<16} {m.voice:<9} {m.rule:<36} {shown}")
        out.append("")
    return "\n".join(out)


_NONE = {"count": 0, "per_1000_words": 0.0, "sentence_share": 0.0}


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


def to_lines(results: list[ArticleScore], texts: dict[str, str]) -> str:
    """One match a line, as Vale and ruff print them: `path:line:col: category rule: message`."""
    return "".join(f"{src}:{line}:{col}: {m.category} {m.rule}: {_message(m)}\n"
                   for src, m, (line, col), _ in _located(results, texts))


def _gh_data(s: str) -> str:
    """Escaping of a workflow command's message (GitHub's toolkit: %, CR, LF)."""
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(s: str) -> str:
    """Escaping of a workflow command's property value: also ':' and ','."""
    return _gh_data(s).replace(":", "%3A").replace(",", "%2C")


def to_github(results: list[ArticleScore], texts: dict[str, str]) -> str:
    """GitHub Actions workflow annotations, one `::warning ...::message` line a match."""
    out = []
    for src, m, (line, col), (end_line, end_col) in _located(results, texts):
        props = {"file": src, "line": line, "col": col, "endLine": end_line, "endColumn": end_col,
                 "title": f"{m.category} {m.rule}"}
        out.append("::warning " + ",".join(f"{k}={_gh_property(str(v))}" for k, v in props.items())
                   + f"::{_gh_data(_message(m))}\n")
    return "".join(out)


def _marked_text(text, s, e, quotes):
    parts = []
    pos = s
    for q in quotes:
        if q.end <= pos or q.start >= e:
            continue
        qs, qe = max(q.start, pos), min(q.end, e)
        parts.append(html.escape(text[pos:qs]))
        parts.append(f'<span class="quoted">{html.escape(text[qs:qe])}</span>')
        pos = qe
    parts.append(html.escape(text[pos:e]))
    return "".join(parts)


def _style(colours: dict[str, str]) -> str:
    colours = "".join(f"mark.c-{c}{{background:{v}}}" for c, v in colours.items())
    return ("body{font:15px/1.5 system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em}"
            ".article{white-space:pre-wrap;border:1px solid #ddd;padding:1em}"
            "mark{background:#e5e7eb;border-radius:2px}.quoted{color:#555;font-style:italic}"
            "table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:2px 8px;text-align:right}"
            ".legend span{margin-right:1em;padding:0 4px}" + colours)


def to_html(results: list[ArticleScore], texts: dict[str, str]) -> str:
    colours = category_colours(results)
    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>framing report</title>",
             f"<style>{_style(colours)}</style></head><body><h1>framing report</h1>",
             "<p class='legend'>" + _legend(colours) + "<span class='quoted'>quoted speech</span></p>"]
    for r in results:
        parts.append(f"<h2>{html.escape(r.source)}</h2><table><tr><th>category</th><th>authorial</th>"
                     "<th>per 1k words</th><th>quoted</th></tr>")
        for cat, e in r.categories.items():
            parts.append(f"<tr><th>{html.escape(cat)}</th><td>{e['authorial']['count']}</td>"
                         f"<td>{e['authorial']['per_1000_words']:.1f}</td><td>{e['quoted']['count']}</td></tr>")
        at = r.attribution
        parts.append(f"</table><p>Sources: {at['named']} named, {at['anonymous']} anonymous, {at['vague']} vague; "
                     f"{at['direct_quotes']} direct quotes. Index {r.index}.</p>")
        if r.classifiers:
            parts.append("<p>Sentence classifiers (authorial sentences): " + html.escape("; ".join(
                f"{n} mean {v['mean']:.2f}, {v['share_above']:.0%} above {v['threshold']:g}"
                for n, v in r.classifiers.items())) + ". Hover a sentence for its probabilities.</p>")
        parts.append(f"<div class='article'>{_article_body(texts[r.source], r, 0, {}, [r])}</div>")
    parts.append("</body></html>")
    return "".join(parts)


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
    for name, d in c.classifiers.items():
        for k in ("mean", "share_above"):
            s = d[k]
            rows.append(("classifier", f"{name} {k}", s["target"], s["references"], s["reference_mean"],
                         s["difference"], s["ratio"]))
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

    out = [ranking(comps[0]), ""] if len(comps) > 1 else []
    for c in comps:
        out.append(f"{c.target} compared with {', '.join(c.references) or 'nothing'}")
        if len(comps) == 1:
            out.append(ranking(c))
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
    for c in comps:
        out.append(f"## {c.target}\n\nCompared with: {', '.join(f'`{r}`' for r in c.references)}\n")
        out.extend(f"- {line}" for line in c.summary)
        if len(comps) == 1:
            out.extend(f"- **warning**: {w}" for w in warnings)
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
    data = [c.to_dict() for c in comps]
    return json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2)


def _bar_chart(scores, colours: dict[str, str]) -> str:
    """Inline SVG: authorial rate per 1,000 words of each category, one bar per source."""
    cats = list(colours)
    bar, gap, width = 12, 18, 560
    top = max([s.categories.get(c, {}).get("authorial", {}).get("per_1000_words", 0) for s in scores for c in cats] + [1])
    rows = []
    y = 20
    for c in cats:
        rows.append(f'<text x="0" y="{y + 10}" font-size="12">{html.escape(c)}</text>')
        for i, s in enumerate(scores):
            v = s.categories.get(c, {}).get("authorial", {}).get("per_1000_words", 0)
            w = 0 if top == 0 else v / top * (width - 260)
            rows.append(f'<rect x="140" y="{y + i * bar}" width="{w:.1f}" height="{bar - 2}" fill="{colours[c]}" '
                        f'stroke="#555" stroke-width="0.5"><title>{html.escape(s.source)}: {v:.1f}</title></rect>'
                        f'<text x="{144 + w:.1f}" y="{y + i * bar + 9}" font-size="10">{html.escape(s.source)} {v:.1f}</text>')
        y += bar * len(scores) + gap
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{y}" role="img" '
            f'aria-label="authorial rate per 1,000 words by category">' + "".join(rows) + "</svg>")


def comparison_html(c, texts: dict[str, str], others=()) -> str:
    """One self-contained page: sources side by side, matches highlighted, alignment links, chart.
    others: the further comparisons of a ranked run (`compare A B C`), listed with their ranking and
    summaries above the side-by-side view of the first (the most editorializing)."""
    scores = list(c.scores)
    colours = category_colours(scores)
    align_of = {a.sentence: a for a in c.alignment}
    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>framing comparison</title>",
             f"<style>{_style(colours)}.cols{{display:flex;gap:1em;align-items:flex-start}}.col{{flex:1;min-width:0}}"
             ".s-new{border-left:4px solid #dc2626;padding-left:3px}.s-reworded{border-left:4px solid #f59e0b;padding-left:3px}"
             ".s-shared{border-left:4px solid #16a34a;padding-left:3px}.sent:target{outline:2px solid #2563eb}"
             "body{max-width:none}</style></head><body>",
             _ranking_html(c, others),
             f"<h1>How {html.escape(c.target)} differs from {html.escape(', '.join(c.references))}</h1>",
             "<ul class='summary'>" + "".join(f"<li>{html.escape(x)}</li>" for x in c.summary) + "</ul>",
             "".join(f"<p class='warning'>{html.escape(w)}</p>" for w in c.warnings),
             "<p class='legend'>" + _legend(colours)
             + "<span class='quoted'>quoted speech</span> <span class='s-new'>new claim</span> "
               "<span class='s-reworded'>reworded</span> <span class='s-shared'>shared</span></p>",
             _bar_chart(scores, colours), "<table><tr><th>measure</th><th>target</th><th>reference mean</th><th>difference</th>"
             "<th>ratio</th></tr>"]
    for group, name, t, refs, mean, diff, ratio in comparison_rows(c):
        parts.append(f"<tr><th>{html.escape(group)}: {html.escape(name)}</th><td>{_fmt(t)}</td><td>{_fmt(mean)}</td>"
                     f"<td>{_fmt(diff)}</td><td>{_fmt(ratio)}</td></tr>")
    parts.append("</table><div class='cols'>")
    for si, s in enumerate(scores):
        text = texts[s.source]
        parts.append(f"<div class='col' data-source='{html.escape(s.source, quote=True)}'><h2>{html.escape(s.source)}</h2><div class='article'>")
        parts.append(_article_body(text, s, si, align_of if si == 0 else {}, scores))
        parts.append("</div></div>")
    parts.append("</div></body></html>")
    return "".join(parts)


def _short(rank: dict) -> str:
    """A ranking entry's note when the article is too short for its index to mean much."""
    return "" if rank.get("rates_reliable", True) else "; short text, index unreliable"


def _ranking_html(c, others) -> str:
    """The ranking of a run that compared every article with the rest, and the other summaries."""
    if not others:
        return ""
    ranked = "".join(f"<li>{html.escape(r['source'])} ({_fmt(r['index'])}{_short(r)})</li>" for r in c.ranking)
    rest = "".join(f"<details><summary>How {html.escape(o.target)} differs from the rest</summary><ul>"
                   + "".join(f"<li>{html.escape(x)}</li>" for x in o.summary) + "</ul></details>" for o in others)
    return (f"<h1>Ranking, most editorializing first</h1><ol class='ranking'>{ranked}</ol>{rest}"
            "<p>Below: the first of them beside the others.</p>")


def _article_body(text: str, s, si: int, align_of: dict, scores) -> str:
    """One article, sentence by sentence: matches marked, quoted speech styled, each sentence's
    classifier probabilities (and, for a compared target, its alignment) on hover."""
    parts = []
    pos = 0
    for sent in s.sentences:
        parts.append(html.escape(text[pos:sent.start]))
        ms = [m for m in s.matches if m.sentence == sent.index]
        qs = [q for q in s.quotes if q.start < sent.end and q.end > sent.start]
        inner = _highlight_range(text, sent.start, sent.end, ms, qs)
        anchor = f"s{si}-{sent.index}"
        probs = _probabilities(sent)
        if sent.index in align_of:
            a = align_of[sent.index]
            ref_i = next((i for i, x in enumerate(scores) if x.source == a.reference), None)
            # a new claim has no counterpart: no closest sentence, no link to one
            link = f"#s{ref_i}-{a.reference_sentence}" if ref_i is not None and a.label != "new" else ""
            closest = "no counterpart in the other reports" if a.label == "new" else a.reference_text or ""
            tip = html.escape(f"{a.label} ({a.score:.2f}): {closest}" + probs, quote=True)
            parts.append(f"<span class='sent s-{a.label}' id='{anchor}' data-label='{a.label}' title='{tip}'>"
                         f"{inner}</span>" + (f" <a href='{link}' class='align'>&#8594;</a>" if link else ""))
        else:
            tip = f" title='{html.escape(probs.strip(), quote=True)}'" if probs else ""
            parts.append(f"<span class='sent' id='{anchor}'{tip}>{inner}</span>")
        pos = sent.end
    parts.append(html.escape(text[pos:]))
    return "".join(parts)


def _probabilities(sent) -> str:
    """Tooltip text of a sentence's classifier probabilities ('' when classifiers were off)."""
    if not sent.classifiers:
        return ""
    return "\nclassifiers: " + ", ".join(f"{n} {p:.2f}" for n, p in sent.classifiers.items())


def _highlight_range(text, start, end, matches, quotes):
    out = []
    pos = start
    last_end = -1
    for m in sorted(matches, key=lambda m: (m.start, -m.end)):
        if m.start < last_end:
            continue
        out.append(_marked_text(text, pos, m.start, quotes))
        title = f"{m.rule} ({m.category}, {m.voice}): {m.message}"
        out.append(f'<mark class="c-{html.escape(m.category)}" data-rule="{html.escape(m.rule)}" '
                   f'data-start="{m.start}" data-end="{m.end}" title="{html.escape(title)}">'
                   f"{html.escape(text[m.start:m.end])}</mark>")
        pos = last_end = m.end
    out.append(_marked_text(text, pos, end, quotes))
    return "".join(out)
