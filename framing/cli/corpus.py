"""`framing corpus`: score a whole corpus into one row per article (registered by cli.py)."""
from __future__ import annotations

import sys

import click

from .main import chosen_classifiers, finite, ignore_list, inline_markers, limit_warning, model_option

EXIT_ERROR = 2


def register(group: click.Group) -> None:
    from .main import pack_options

    # Built here, not at import, because the shared --pack/--disable options live in cli.py.
    group.add_command(click.command("corpus")(pack_options(corpus)))


@click.argument("input_path", metavar="INPUT")
@click.option("-o", "--output", required=True, metavar="OUTPUT",
              help="Where to write one row per article: a .jsonl or .csv file ('-' for standard output).")
@click.option("--format", "output_format", type=click.Choice(["jsonl", "csv"]), default=None,
              help="Output format. Default: from OUTPUT's extension (.csv is CSV, anything else JSONL).")
@click.option("--input-format", type=click.Choice(["jsonl", "csv", "dir", "txt"]), default=None,
              help="How to read INPUT. Default: a directory is 'dir', *.csv[.gz] is CSV, *.txt one article, "
                   "anything else (and '-') JSONL.")
@click.option("--spans", "spans_path", default=None, metavar="FILE",
              help="Also write every match (article id, offsets, text, rule, category, voice) to this JSONL file.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker threads sharing one scorer (default: all cores). 1 scores in this thread.")
@click.option("--profile", type=click.Choice(["full", "rules"]), default="full", show_default=True,
              help="'rules': segmentation, voice, rule packs and attribution only (fastest). "
                   "'full': also VADER sentiment and readability.")
@click.option("--classifiers/--no-classifiers", default=None,
              help="Add each shipped sentence classifier's mean probability and share of sentences above its "
                   "threshold (authorial sentences). Default: on in the full profile when models are shipped.")
@model_option
@click.option("--resume", is_flag=True,
              help="Continue an interrupted run into the same OUTPUT: articles already there are skipped, a "
                   "half-written last line is cut, so every input id ends up in OUTPUT exactly once.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar (it is shown only when stderr is a terminal).")
@click.option("--max-mb", type=click.FloatRange(min=0, min_open=True), default=200, show_default=True,
              callback=finite,
              help="An article whose text is over this many MB (10^6 bytes in UTF-8) becomes an error row "
                   "before it is scored (scoring one article needs about 30 bytes of memory per character).")
@click.option("--encoding", default=None, metavar="NAME",
              help="The input's text encoding (e.g. cp1252, latin-1). 'auto': UTF-8, else Windows-1252, line by "
                   "line (file by file for a folder). A record with bytes it cannot decode becomes an error row "
                   "naming it. Default: UTF-8, strictly.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="'local': threads of this process. 'dask': Dask workers (needs framing[dask]).")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="With --engine dask: the scheduler to use, e.g. tcp://10.0.0.5:8786. "
                   "Without it a local Dask cluster of --workers processes is started.")
def corpus(input_path, output, output_format, input_format, spans_path, workers, profile, classifiers, models, resume,
           quiet, max_mb, encoding, engine, scheduler, packs, no_default_packs, disable):
    """Score every article of a corpus: INPUT is a JSONL file (one article a line with "id" and "text";
    "title", "source", "date" and any other fields are copied to the output), a CSV file with the same
    columns, a directory of articles (.txt, .md, .html; HTML pages scored as their article's text), or '-' for standard input. .gz files are read transparently.

    Writes one row per article, in input order, with the flattened article scores (the columns of
    `framing score --format csv`). A record that cannot be scored (not JSON, no text, undecodable)
    becomes a row with its id and an "error" reason, and the run goes on. Memory stays flat whatever
    the corpus size. A one-line summary (articles, failures, MB/s) ends the run on stderr.

    Examples: `framing corpus news.jsonl.gz -o scores.csv --profile rules`;
    `framing corpus news.jsonl -o scores.jsonl --resume` after an interruption.
    """
    from ..comparison.corpus import CorpusError, named_format, run_corpus
    from ..comparison.dask import EngineError, executor_from_options

    params = {"profile": profile, "disabled": tuple(disable), "extra_packs": tuple(packs), "ignore": ignore_list(),
              "inline_markers": inline_markers()}
    if models:
        from pathlib import Path

        from ..scoring.classify import shipped_models

        # A model directory as an absolute path, so workers started elsewhere (Dask) find it too.
        classifiers = tuple(m if m in shipped_models() else str(Path(m).resolve())
                            for m in chosen_classifiers(classifiers, models, profile))
    if no_default_packs:
        params["packs"] = ()
    if output_format is None and output != "-" and named_format(output) is None:
        click.echo(f"framing: warning: {output}: writing JSONL (the format follows a .jsonl or .csv name; "
                   "--format csv|jsonl to choose)", err=True)
    try:
        executor, close = executor_from_options(engine, scheduler, workers)
    except EngineError as exc:
        _fail(str(exc))
    try:
        summary = run_corpus(input_path, output, input_fmt=input_format, output_fmt=output_format,
                             spans_path=spans_path, workers=workers, resume=resume, executor=executor,
                             classifiers=classifiers, max_article_bytes=int(max_mb * 1e6), encoding=encoding,
                             progress=not quiet and sys.stderr.isatty(), **params)
    except CorpusError as exc:
        _fail(str(exc))
    finally:
        if close is not None:
            close()
    for rule, (why, articles) in summary.limits.items():  # once per rule, however many articles
        click.echo(f"framing: warning: {limit_warning(rule, why)} ({articles:,} article"
                   f"{'' if articles == 1 else 's'}; see the limits column)", err=True)
    click.echo(summary.line(), err=True)
    if summary.internal_errors:  # every row is written; the engine's internal errors are bugs to report
        _fail(f"{summary.internal_errors:,} record{'' if summary.internal_errors == 1 else 's'} met an internal "
              "error of the engine (please report it); see the error rows")


def _fail(message: str) -> None:
    click.echo(f"framing: error: {message}", err=True)
    sys.exit(EXIT_ERROR)
