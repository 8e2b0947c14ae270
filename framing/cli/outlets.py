"""`framing outlets`: which outlet editorializes more than the others on the same stories (registered by cli.py)."""
from __future__ import annotations

import re
from pathlib import Path

import click

from .main import _fail, _refuse_overwriting_inputs, _write, finite, ignore_list, inline_markers


def register(group: click.Group) -> None:
    from .main import pack_options

    # Built here, not at import, because the shared --pack/--disable options live in cli.py.
    group.add_command(click.command("outlets")(pack_options(outlets)))


@click.argument("input_path", metavar="INPUT")
@click.option("--source-field", default="source", show_default=True, help="The record field naming the outlet.")
@click.option("--story-field", default=None,
              help="The record field naming the story (event). Without it, stories are found automatically.")
@click.option("--date-field", default="date", show_default=True,
              help="The record field with the publication date (ISO, e.g. 2019-01-04); used to keep automatic "
                   "stories within --window-days. Records without one are grouped on their text alone.")
@click.option("--title-field", default="title", show_default=True,
              help="The record field with the article's title, heading its column on the story pages.")
@click.option("--encoding", default=None, metavar="NAME",
              help="The input's text encoding, as for `framing corpus` (e.g. cp1252; 'auto': UTF-8, else "
                   "Windows-1252). A record it cannot decode is an error row. Default: UTF-8, strictly.")
@click.option("--input-format", type=click.Choice(["jsonl", "csv", "dir"]), default=None,
              help="How to read INPUT (as `framing corpus`). Default: *.csv[.gz] is CSV, a directory 'dir', "
                   "else JSONL.")
@click.option("--profile", type=click.Choice(["rules", "full"]), default="rules", show_default=True,
              help="'full' adds sentiment and the sentence classifiers' shares to the measures (slower).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Threads that score the articles, sharing one scorer (default: all cores, as `framing corpus`). "
                   "1 scores in this thread.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where to score and group the stories: 'local' threads, or Dask workers (needs framing[dask]); "
                   "the stories found are the same.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="With --engine dask: the scheduler, e.g. tcp://10.0.0.5:8786 (default: a local cluster).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the bootstrap intervals.")
@click.option("--bootstrap", "n_boot", type=click.IntRange(min=1), default=2000, show_default=True,
              help="Bootstrap resamples of the stories.")
@click.option("--confidence", type=click.FloatRange(0, 1, min_open=True, max_open=True), default=0.95,
              show_default=True, callback=finite, help="Coverage of the intervals.")
@click.option("--min-stories", type=click.IntRange(min=1), default=10, show_default=True,
              help="An outlet (or pair) with fewer shared stories is flagged unreliable.")
@click.option("--min-words", type=click.IntRange(min=0), default=0, show_default=True,
              help="Leave out articles with fewer words in the author's own voice (their rates swing widely); "
                   "they are listed with the error rows.")
@click.option("--threshold", type=click.FloatRange(0, 1, min_open=True), default=0.2, show_default=True,
              callback=finite, help="Automatic stories: the TF-IDF cosine at which two articles report the same event.")
@click.option("--window-days", type=click.FloatRange(min=0), default=3, show_default=True, callback=finite,
              help="Automatic stories: the most days apart two articles of one story may be.")
@click.option("--pair", "pairs", nargs=2, multiple=True, metavar="A B",
              help="Compare outlet A with outlet B over the stories both report. Repeatable. Every pair is "
                   "shown when there are 8 outlets or fewer.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv", "markdown", "html"]), default="text",
              show_default=True, help="csv: one row per outlet and measure. html: a self-contained page with "
                                      "a dot-and-whisker chart per measure.")
@click.option("--story-detail", is_flag=True,
              help="With --format json: add every story's outlets with their values and differences there.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="Write the report to this file.")
@click.option("--story-pages", default=None, metavar="DIR",
              help="With --format html: write each story's side-by-side comparison page (framing compare's "
                   "report) into DIR and link it. Default: OUTPUT's name + '_stories' beside it.")
@click.option("--no-story-pages", is_flag=True, help="With --format html: do not write the story pages.")
def outlets(input_path, source_field, story_field, date_field, title_field, encoding, input_format, profile, workers,
            engine, scheduler, seed, n_boot, confidence, min_stories, min_words, threshold, window_days, pairs, fmt, story_detail,
            output, story_pages, no_story_pages, packs, no_default_packs, disable):
    """Compare outlets across many stories: on the same events, which outlet uses more loaded language
    in its own voice, more anonymous sourcing, fewer named sources, and by how much.

    INPUT is read as `framing corpus` reads it (JSONL, CSV, a folder, .gz, '-'); each record needs
    "text" and a source field, and optionally a story and a date field. Each outlet is compared with
    the other outlets on every story it shares with them; its profile is the mean of those
    differences with a seeded bootstrap interval over stories. Records without a source or text are
    error rows, counted and reported; the run goes on.

    Example: `framing outlets news.jsonl --format html -o outlets.html`.
    """
    from ..report import outlets as outlets_report
    from ..comparison.corpus import CorpusError, read_records
    from ..comparison.dask import EngineError, executor_from_options
    from ..comparison.outlets import Outlets, OutletsError, StoryGrouper, counted

    _refuse_overwriting_inputs((input_path,), output)
    scorer_params = {"disabled": tuple(disable), "extra_packs": tuple(packs), "ignore": ignore_list(),
                     "inline_markers": inline_markers()}
    if no_default_packs:
        scorer_params["packs"] = ()
    # options that only one format reads: said once, not silently dropped
    for given, name, wanted in ((story_detail, "--story-detail", "json"), (story_pages, "--story-pages", "html"),
                                (no_story_pages, "--no-story-pages", "html")):
        if given and fmt != wanted:
            click.echo(f"framing: warning: {name} applies to --format {wanted} only; ignored with --format {fmt}",
                       err=True)
    try:
        records = list(read_records(input_path, input_format, encoding=encoding))
    except CorpusError as exc:
        _fail(str(exc))
    if not records:
        _fail(f"{input_path}: no records")
    try:
        executor, close = executor_from_options(engine, scheduler, workers)
    except EngineError as exc:
        _fail(str(exc))
    if engine == "dask":  # grouped on the cluster too: the Client just made is Dask's default scheduler
        from ..comparison.dask import DaskStoryGrouper

        grouper = DaskStoryGrouper(threshold=threshold, window_days=window_days)
    else:
        grouper = StoryGrouper(threshold=threshold, window_days=window_days)
    if workers is None:
        from ..comparison.corpus import _cpu_count

        workers = _cpu_count()
    try:
        report = Outlets(source_field=source_field, story_field=story_field, date_field=date_field, profile=profile,
                         workers=workers, seed=seed, n_boot=n_boot, confidence=confidence, min_stories=min_stories,
                         min_words=min_words,
                         grouper=grouper, pairs=[tuple(p) for p in pairs], executor=executor,
                         **scorer_params).run(records)
        for a, b in pairs:
            report.pair(a, b)  # an unknown outlet name is an error, not a silently missing pair
    except (OutletsError, KeyError, ValueError) as exc:
        _fail(str(exc.args[0]) if exc.args else str(exc))  # a KeyError's str() would add quotes
    finally:
        if close is not None:
            close()
    unread = report.grouping.get("dates_not_read")
    if unread:
        click.echo(f"framing: warning: {counted(unread['count'], 'date')} in the field {date_field!r} not read as an "
                   f"ISO date (first: {unread['first']!r}); those articles were grouped without a date", err=True)
    if report.errors:
        first = report.errors[0]
        click.echo(f"framing: warning: {len(report.errors):,} record{'' if len(report.errors) == 1 else 's'} "
                   f"could not be used (first: {first['id']}: {first['error']}); listed in the report", err=True)
    links = None
    if fmt == "html" and not no_story_pages and (story_pages or (output and output != "-")):
        folder = Path(story_pages) if story_pages else Path(output).with_name(Path(output).stem + "_stories")
        links = _write_story_pages(report, records, folder, Path(output).parent if output and output != "-" else None,
                                   source_field, title_field, {"profile": "full", **scorer_params})
    _write(outlets_report.render(report, fmt, links, story_detail), output)
    from ..comparison.corpus import ERROR, INTERNAL_ERROR, marked_note

    n = counted
    click.echo(f"framing: {len(report.outlets)} outlets, {n(len(report.stories), 'story', 'stories')} compared, "
               f"{n(len(report.singletons), 'single-outlet article', 'single-outlet articles')}, "
               f"{n(len(report.errors), 'error row', 'error rows')}"
               f"{marked_note(report.marked['articles'], report.marked['matches'], 'article')}", err=True)

    internal = sum(INTERNAL_ERROR in str(e.get(ERROR) or "") for e in report.errors)
    if internal:  # the report is written; the engine's internal errors are bugs to report
        _fail(f"{n(internal, 'record', 'records')} met an internal error of the engine (please report it); "
              "see the error rows")


def _write_story_pages(report, records, folder: Path, base: Path | None, source_field: str, title_field: str,
                       scorer_params) -> dict:
    """Each story's side-by-side page into folder; {story: link relative to the report}."""
    from ..report.outlets import story_pages

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _fail(f"{folder}: cannot create the story pages folder: {exc.strerror or exc}")
    pages = story_pages(report, records, source_field=source_field, title_field=title_field, **scorer_params)
    links = {}
    for n, st in enumerate(report.stories, 1):
        if st.story not in pages:
            continue
        slug = re.sub(r"[^\w-]+", "-", st.story).strip("-")[:40] or "story"
        path = folder / f"{n:04d}-{slug}.html"
        try:
            path.write_text(pages[st.story], encoding="utf-8")
        except OSError as exc:
            _fail(f"{path}: cannot write: {exc.strerror or exc}")
        try:
            links[st.story] = (path.resolve().relative_to(base.resolve()).as_posix() if base is not None
                               else path.resolve().as_uri())
        except ValueError:
            links[st.story] = path.resolve().as_uri()
    click.echo(f"framing: {len(links):,} story pages written to {folder}", err=True)
    return links
