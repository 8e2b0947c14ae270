"""Command line: a thin click layer over the library.

Exit codes: 0 success; 1 --fail-on threshold crossed or a rule example failed;
2 bad input, bad option or malformed rule pack (one line on stderr, no traceback); 2 wins over 1.
"""
from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click

from ..packs import NO_RULES, PackError, did_you_mean, load_packs

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def finite(ctx, param, value):
    """Option callback: nan and inf are not numbers a user means."""
    import math

    if value is not None and not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a finite number")
    return value


def _fail(message: str) -> None:
    click.echo(f"framing: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _note_config(ctx, param, value):
    """Option callback of --config and --no-config, before the command or after it: each value
    given is noted in the run's shared meta, where config_choice() reads them all."""
    if value:
        ctx.meta.setdefault("framing.config_given", []).append((param.name, value))
    return value


# One pair of option objects for the group and every command that takes them: they hold no state
# of a run (their values go to the context), and building a click.Option costs ~0.1 ms of start-up.
_CONFIG_OPTIONS = (
    click.Option(["--config"], type=click.Path(dir_okay=False), default=None, metavar="PATH",
                 expose_value=False, callback=_note_config,
                 help="Project file with packs, disabled rules, ignore list and whether to load the shipped "
                      "packs. Default: the nearest .framing.toml in this directory or above."),
    click.Option(["--no-config"], is_flag=True, expose_value=False, callback=_note_config,
                 help="Ignore any .framing.toml."),
)


def config_options(f):
    """--config PATH and --no-config: on the group (`framing --no-config score ...`) and on every
    command that reads the project file (`framing score --no-config ...`), the same meaning."""
    for option in reversed(_CONFIG_OPTIONS):  # attached as click.option attaches the option it builds
        click.decorators._param_memo(f, option)
    return f


def config_choice() -> tuple[str | None, bool]:
    """(the --config PATH given, whether --no-config was), from either place; --config with
    --no-config, or two different --config paths, exit 2 with one line."""
    ctx = click.get_current_context(silent=True)
    given = ctx.meta.get("framing.config_given", []) if ctx else []
    files: dict[str, str] = {}  # one file under two spellings (a.toml, ./a.toml) is no contradiction
    for name, value in given:
        if name == "config":
            files.setdefault(os.path.realpath(value), value)
    paths = list(files.values())
    no_config = any(name == "no_config" for name, _ in given)
    if paths and no_config:
        _fail(f"--config {paths[0]} and --no-config contradict each other; give one of them")
    if len(paths) > 1:
        _fail(f"--config given twice with different files ({paths[0]}, {paths[1]}); give one")
    return (paths[0] if paths else None), no_config


def project_settings() -> dict | None:
    """The project file in force: --config PATH, else the nearest .framing.toml above the working
    directory, unless --no-config. Errors exit 2 with the file and the problem."""
    from ..packs import find_project_config, read_project_config

    config, no_config = config_choice()
    if no_config:
        return None
    path = config or find_project_config()
    if not path:
        return None
    try:
        return read_project_config(path)
    except PackError as exc:
        for line in exc.problems:
            click.echo(f"framing: error: {line}", err=True)
        sys.exit(EXIT_ERROR)


def pack_options(f):
    @config_options
    @click.option("--pack", "packs", multiple=True, type=click.Path(dir_okay=False),
                  help="Extra rule pack (TOML) to load beside the shipped ones. Repeatable.")
    @click.option("--no-default-packs", is_flag=True, help="Load only the packs given with --pack.")
    @click.option("--disable", multiple=True, metavar="RULE_OR_CATEGORY",
                  help="Turn off a rule (pack.rule or rule), a category, or a whole pack. A name that is "
                       "both a category and a pack (speculation) means the category; pack:ID means the "
                       "pack. Repeatable.")
    @click.option("--ignore", multiple=True, metavar="PHRASE",
                  help="Ignore list: a match lying inside this phrase is dropped, whatever the rule "
                       "(e.g. --ignore 'so-called'). Repeatable; also `ignore = [...]` in .framing.toml.")
    @click.option("--no-inline-markers", is_flag=True,
                  help="Read <!-- framing off/on --> comments in the text as text: no article silences a "
                       "rule (for archives). Also `inline_markers = false` in .framing.toml.")
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        project = project_settings()
        ignore = tuple(kwargs.pop("ignore", ()))
        # None: the scoring settings decide ([suppression] inline_markers, on as shipped)
        markers = False if kwargs.pop("no_inline_markers", False) else (project or {}).get("inline_markers")
        ctx = click.get_current_context(silent=True)
        if project:  # the project file first, then what this command line adds
            if ctx is not None:  # so an unknown name can be traced to the file that asked for it
                ctx.meta["framing.project_disable"] = (project.get("path", ".framing.toml"), tuple(project["disable"]))
            kwargs["packs"] = (*project["packs"], *kwargs.get("packs", ()))
            kwargs["disable"] = (*project["disable"], *kwargs.get("disable", ()))
            kwargs["no_default_packs"] = kwargs.get("no_default_packs") or project["no_default_packs"]
            ignore = (*project.get("ignore", ()), *ignore)
        if ctx is not None:  # read by _scorer and the corpus command, so every command keeps its signature
            ctx.meta["framing.ignore"] = ignore
            ctx.meta["framing.inline_markers"] = markers
        return f(*args, **kwargs)
    return wrapper


def ignore_list() -> tuple:
    """The ignore list of this command run (--ignore and the project file's ignore)."""
    ctx = click.get_current_context(silent=True)
    return tuple(ctx.meta.get("framing.ignore", ())) if ctx is not None else ()


def inline_markers() -> bool | None:
    """Whether this command run reads inline markers: False with --no-inline-markers or the project
    file's `inline_markers = false`; None leaves it to the scoring settings."""
    ctx = click.get_current_context(silent=True)
    return ctx.meta.get("framing.inline_markers") if ctx is not None else None


def input_options(f):
    @click.option("--encoding", default=None, metavar="NAME",
                  help="Decode input files with this codec (e.g. cp1252). 'auto' tries UTF-8, then Windows-1252, "
                       "then replaces undecodable bytes, and says which it did. Default: UTF-8, strictly.")
    @click.option("--input", "input_format", type=click.Choice(["auto", "text", "html"]), default="auto",
                  show_default=True, help="Input kind. html scores a page's article as a reader sees it (navigation, "
                                          "asides, forms, banners, the page's header and footer, scripts and "
                                          "styles dropped); offsets then point into that text. auto: html for "
                                          ".html/.htm files and content that starts like a page.")
    @click.option("--max-mb", type=click.FloatRange(min=0, min_open=True), default=200, show_default=True,
                  callback=finite,
                  help="Refuse an input file larger than this many MB (memory use is about 30 bytes per "
                       "character of one article).")
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        return f(*args, **kwargs)
    return wrapper


def read_inputs(paths, encoding, input_format, max_mb=None, note_html=False):
    """Yields (name, text) for every readable input; reports the others on stderr and notes
    (such as a fallback encoding, and with note_html that an HTML file's positions count in its
    extracted text) as warnings. The caller learns of failures from state["failed"], and of each
    bad file and its error line from state["errors"] ((path, message) pairs)."""
    state = {"failed": False, "errors": []}

    def gen():
        from ..inputs import InputError, read_article  # html.parser and codecs: only once a file is read

        for path in paths:
            notes: list[str] = []
            try:
                name, text = read_article(path, encoding, input_format, notes,
                                          max_bytes=None if max_mb is None else int(max_mb * 1e6),
                                          note_html=note_html)
            except InputError as exc:
                click.echo(f"framing: error: {exc}", err=True)
                state["failed"] = True
                state["errors"].append((path, str(exc)))
                continue
            for note in notes:
                click.echo(f"framing: warning: {note}", err=True)
            yield name, text

    return gen(), state


def _debug() -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.find_root().params.get("debug"))


def limit_warning(rule: str, why: str) -> str:
    """What a warning says of a rule a limit stopped (ArticleScore.limits)."""
    if why == "too_long":
        return (f"rule {rule} did not search a sentence too long for a look-around pattern; "
                "its matches there are missing")
    return f"rule {rule} gave up at the backtrack or size limit; some of its matches may be missing"


def _interruptible(score, text: str, name: str):
    """score(text, source=name) on a daemon thread, this thread waiting in short joins, which
    Ctrl-C interrupts (KeyboardInterrupt here; the thread is left to the process's exit)."""
    import threading

    out: dict = {}

    def work():
        try:
            out["result"] = score(text, source=name)
        except BaseException as exc:  # noqa: BLE001 - raised again in the caller's thread
            out["error"] = exc

    worker = threading.Thread(target=work, name="framing-score-long", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.2)
    if "error" in out:
        raise out["error"]
    return out["result"]


def score_or_report(scorer, text, name, errors: list | None = None, data: bool = False):
    """Score one article; an unexpected failure is reported as one line and the batch goes on
    (--debug re-raises it with the traceback). The failure's (name, message) goes to `errors`.
    data: the result's plain data (Scorer.score_data, what JSON output writes) instead of an ArticleScore."""
    try:
        score = scorer.score_data if data else scorer.score
        # A long article keeps the engine busy for seconds (about 1 s a MB), and Python handles
        # Ctrl-C only between native calls: scored on a thread, the interrupt ends the run at once.
        result = _interruptible(score, text, name) if len(text) > 1_000_000 else score(text, source=name)
        words, excluded, limits = (result["words"], result["excluded"], result["limits"]) if data \
            else (result.words, result.excluded, result.limits)
        if words == 0 and excluded:
            click.echo(f"framing: warning: {name}: every line is publisher furniture ({len(excluded)} "
                       "excluded); no words were left to score", err=True)
        for rule, why in limits.items():  # once per file and rule
            click.echo(f"framing: warning: {name}: {limit_warning(rule, why)}", err=True)
        # a bad inline marker, on stderr whatever the format (json, csv and html keep it in the data only)
        found = result.get("suppressed") if data else getattr(result, "suppressed", None)
        for w in (found or {}).get("warnings", ()):
            click.echo(f"framing: warning: {name}:{w['line']}:{w['column']}: {w['message']}", err=True)
        return result
    except Exception as exc:  # noqa: BLE001 - one bad article must not lose the rest of a batch
        if _debug():
            raise
        message = f"{name}: could not be scored ({type(exc).__name__}: {exc}); rerun with --debug for the traceback"
        click.echo(f"framing: error: {message}", err=True)
        if errors is not None:
            errors.append((name, message))
        return None


def model_option(f):
    return click.option("--model", "models", multiple=True, metavar="NAME_OR_DIR",
                        help="Sentence classifier to run instead of the shipped ones: a shipped name or a "
                             "directory written by `framing train` (./NAME for a folder in this directory). "
                             "Repeatable.")(f)


def classifier_option(f):
    f = model_option(f)
    return click.option("--classifiers/--no-classifiers", default=True, show_default=True,
                        help="Run the shipped sentence classifiers (biased, subjective, uncertain) and report "
                             "each sentence's probabilities; --no-classifiers is faster.")(f)


def chosen_classifiers(classifiers: bool | None, models: tuple, profile: str = "full"):
    """The Scorer's classifiers parameter from --classifiers/--no-classifiers and --model."""
    if models:
        if classifiers is False:
            _fail("--model runs a classifier; it cannot go with --no-classifiers")
        if profile != "full":
            _fail("--model needs the full profile (--profile rules runs no classifiers)")
        return list(models)
    return False if classifiers is False else None


_UNKNOWN_MODEL = ": no such model directory and no shipped model of that name"


def with_suggestions(line: str) -> str:
    """A pack or model error line as the command line says it: the Scorer's `disabled` is
    --disable here (its line already names the nearest known names); an unknown model gets them."""
    from ..scoring.scorer import UNKNOWN_DISABLED

    if line.startswith(UNKNOWN_DISABLED):
        return "--disable:" + line[len("disabled:"):]
    if _UNKNOWN_MODEL in line:
        from ..scoring.classify import shipped_models

        key = line.split(_UNKNOWN_MODEL, 1)[0].rsplit(": ", 1)[-1]
        return line + did_you_mean(Path(key).name, shipped_models())
    return line


def _scorer(packs, no_default_packs, disable, **params):
    from ..scoring.scorer import Scorer

    try:
        loaded = load_packs(packs, include_defaults=not no_default_packs)
        scorer = Scorer(loaded, disabled=disable, ignore=ignore_list(), inline_markers=inline_markers(), **params)
        scorer._prepare()
    except PackError as exc:
        ctx = click.get_current_context(silent=True)
        origin, from_project = (ctx.meta.get("framing.project_disable") if ctx else None) or (None, ())
        for line in exc.problems:
            line = with_suggestions(line)
            if line.startswith("--disable:") and any(repr(name) in line for name in from_project):
                line = f"{origin}: disable{line[len('--disable'):]} (or given with --disable)"
            click.echo(f"framing: error: {line}", err=True)
        sys.exit(EXIT_ERROR)
    if not scorer.matcher_.rules:
        _fail(NO_RULES)
    return scorer


# Command families that live in their own modules (classifiers, corpus runs, benchmarks); each
# module exposes register(group). They are imported only when one of their commands is asked for
# (or the command list is shown), so `framing score` does not pay for them at start-up.
_LAZY_COMMANDS = {"train": "models", "evaluate": "models", "explain": "models",
                  "models": "models", "corpus": "corpus", "bench": "bench", "outlets": "outlets"}


class _CalmGroup(click.Group):
    """Turns any unexpected exception into one line and exit code 2 (--debug shows the traceback);
    loads the command families of _LAZY_COMMANDS on first use."""

    def _load(self, module_name: str) -> None:
        import importlib

        loaded = self.__dict__.setdefault("_loaded_modules", set())
        if module_name not in loaded:
            loaded.add(module_name)
            importlib.import_module(f"{__package__}.{module_name}").register(self)

    def get_command(self, ctx, cmd_name):
        if cmd_name not in self.commands and cmd_name in _LAZY_COMMANDS:
            self._load(_LAZY_COMMANDS[cmd_name])
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx):
        for module_name in sorted(set(_LAZY_COMMANDS.values())):
            self._load(module_name)
        return super().list_commands(ctx)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("framing: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:  # output piped into `head` and the like
            _drop_stdout()
            sys.exit(EXIT_OK)
        except PackError as exc:
            if ctx.params.get("debug"):
                raise
            for line in exc.problems:
                click.echo(f"framing: error: {with_suggestions(line)}", err=True)
            sys.exit(EXIT_ERROR)
        except Exception as exc:  # noqa: BLE001
            if ctx.params.get("debug"):
                raise
            click.echo(f"framing: error: {type(exc).__name__}: {exc} (rerun with --debug for the traceback)", err=True)
            sys.exit(EXIT_ERROR)


@click.group(cls=_CalmGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="framing")
@click.option("--debug", is_flag=True, help="Show full tracebacks for unexpected errors (for bug reports).")
@config_options
def main(debug):
    """Score news articles for hedging, speculation, loaded language, certainty and opinion,
    with every score traced back to the text spans and rules behind it.

    Start with `framing demo`, then `framing score ARTICLE.txt --show-matches`.

    --config and --no-config go before the command or after it.
    """
    config_choice()  # a contradiction before the command is an error whatever the command
    # The classifiers' only matrix product is a few sentences by 25 features: BLAS threads would be
    # started (and spin, ~0.1 s of CPU a process) for nothing. Set for a command run before NumPy
    # is imported, not on import of this module; a value the user set is kept.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "jsonl", "csv", "html", "line", "github"]),
              default="text", show_default=True,
              help="Output format. json/jsonl carry schema_version and every match with offsets; line prints "
                   "'path:line:col: category rule: message' a match (for editors); github prints workflow "
                   "annotations (::warning file=...,line=...::message) for GitHub Actions.")
@click.option("--show-matches", is_flag=True, help="Text format: list every match with offsets, rule and voice.")
@click.option("--voice", "voices", multiple=True, type=click.Choice(["authorial", "quoted", "reported"]),
              help="line, github and --show-matches: list only matches in these voices (repeatable; e.g. "
                   "--voice authorial keeps a politician's quoted words off a pull request). Counts, rates and "
                   "JSON keep every match; stderr says how many were left out.")
@input_options
@classifier_option
@click.option("--profile", type=click.Choice(["full", "rules"]), default="full", show_default=True,
              help="'rules': rule packs, voice and attribution only (fastest start-up: no sentiment, "
                   "readability or classifiers); 'full': everything.")
@click.option("--fail-on", type=float, default=None, metavar="INDEX", callback=finite,
              help="Exit 1 when any article's editorializing index is above this value (for CI use).")
@click.option("--fail-on-min-words", type=click.IntRange(min=0), default=0, show_default=True, metavar="N",
              help="--fail-on judges only articles with at least N words in the author's own voice (150: those "
                   "whose rates are reliable); shorter ones over the threshold are listed, not failed.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write the report to this file instead of standard output ('-': standard output).")
@pack_options
def score(files, fmt, show_matches, voices, encoding, input_format, max_mb, classifiers, models, profile, fail_on,
          fail_on_min_words, output, packs, no_default_packs, disable):
    """Score article FILES (plain text or HTML pages; '-' reads standard input).

    Each file gets category counts and rates per 1,000 words for the author's own voice, quoted
    speech and reported speech apart, attribution counts (named, anonymous, vague sources, direct quotes),
    VADER sentiment of authorial sentences, readability and a composite editorializing index.
    A bad file is reported on stderr and the others are still scored (exit code 2 at the end).
    """
    _refuse_overwriting_inputs((*files, *packs), output)
    if voices and not (fmt in ("line", "github") or show_matches):
        raise click.UsageError("--voice chooses the matches listed: use it with --format line or github, "
                               "or --show-matches")
    if fail_on is None and fail_on_min_words:  # it only narrows --fail-on: alone it would do nothing, silently
        raise click.UsageError("--fail-on-min-words only applies with --fail-on INDEX; give both")
    scorer = _scorer(packs, no_default_packs, disable, classifiers=chosen_classifiers(classifiers, models, profile),
                     profile=profile)
    results, texts, indexes = [], {}, []
    # JSON writes the results' plain data as the scorer builds it (no result objects), a result at
    # a time: a batch of any length is never held whole
    data = fmt in ("json", "jsonl")
    # line and github output name lines of the file: for a page they are lines of its extracted text
    inputs, state = read_inputs(files, encoding, input_format, max_mb, note_html=fmt in ("line", "github"))

    def scored():
        for name, text in inputs:
            r = score_or_report(scorer, text, name, state["errors"], data=data)
            if r is None:
                continue
            indexes.append((r["source"], r["index"], r["authorial_words"], r["rates_reliable"]) if data
                           else (r.source, r.index, r.authorial_words, r.rates_reliable))
            if not data:
                results.append(r)
                texts[name] = text
            yield r

    if data:  # bytes as orjson writes them: no decoding and encoding again (~3 x orjson's time)
        from .. import jsonout

        _write_chunks(jsonout.score_chunks(scored(), lines=fmt == "jsonl", as_list=len(files) > 1), output)
    else:
        for _ in scored():
            pass
    if results and voices:  # the listed matches only: every figure still counts them all
        results, left_out = _in_voices(results, set(voices))
        if left_out:
            click.echo(f"framing: --voice {' '.join(voices)}: {left_out:,} match{'' if left_out == 1 else 'es'} "
                       "in other voices not listed (counted in the figures)", err=True)
    if results:
        from ..report import formats as report  # csv, html and the comparison's helpers: not for JSON

        if fmt == "csv":
            out = report.to_csv(results)
        elif fmt == "html":
            out = report.to_html(results, texts)
        elif fmt == "line":
            out = report.to_lines(results, texts)
        elif fmt == "github":
            out = report.to_github(results, texts)
        else:
            out = report.to_text(results, show_matches)
        _write(out, output)
    # The threshold is checked for the files that were scored, even when others failed: a bad file
    # must not hide an article over --fail-on. Exit 2 (bad input) then wins over 1.
    above = [x for x in indexes if fail_on is not None and x[1] > fail_on]
    over = [x for x in above if x[2] >= fail_on_min_words]
    short = [x for x in above if x[2] < fail_on_min_words]

    def short_note(words, reliable):  # a short text's index swings on one match: say so where it fails
        return "" if reliable else f" (only {words} authorial words: rates unreliable)"

    if fmt == "github":  # the failing step says why on the file itself, in the pull request
        from ..report.formats import github_error

        click.echo("".join(github_error(source, f"editorializing index {index} is above --fail-on {fail_on:g}"
                                                f"{short_note(*rest)}") for source, index, *rest in over)
                   + "".join(github_error(path, message, title="framing") for path, message in state["errors"]),
                   nl=False)
    if short:
        click.echo(f"framing: above --fail-on {fail_on:g} but under --fail-on-min-words {fail_on_min_words} "
                   f"(not judged): {', '.join(f'{source} ({index}, {words} authorial words)' for source, index, words, _ in short)}",
                   err=True)
    if over:
        click.echo(f"framing: editorializing index above --fail-on {fail_on:g}: "
                   f"{', '.join(f'{source} ({index}){short_note(*rest)}' for source, index, *rest in over)}", err=True)
    if state["errors"]:
        sys.exit(EXIT_ERROR)
    if over:
        sys.exit(EXIT_FINDINGS)


def _in_voices(results: list, voices: set[str]) -> tuple[list, int]:
    """The results with only their matches in `voices` (the rest of each result as scored), and
    how many matches that leaves out."""
    import dataclasses

    kept, left_out = [], 0
    for r in results:
        matches = tuple(m for m in r.matches if m.voice in voices)
        left_out += len(r.matches) - len(matches)
        kept.append(dataclasses.replace(r, matches=matches))
    return kept, left_out


@main.group()
def rules():
    """List, show and check rule packs."""


@rules.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True,
              help="markdown produces the rule table of docs/rules.md; json an object with schema_version "
                   "and rules (a list of id, category, kind, scope, weight, message).")
@pack_options
def rules_list(fmt, packs, no_default_packs, disable):
    """List every loaded rule: id, category, kind, scope and weight."""
    scorer = _scorer(packs, no_default_packs, disable, sentiment=False)
    rows = [r for r in scorer.matcher_.rules + scorer.furniture_.rules]
    if scorer.unnamed_matches_:  # the finder's rule: its id is in the output like the packs' ones
        rows.append(_unnamed_source_rule(scorer))
    rows.sort(key=lambda r: r.id)
    if fmt == "json":
        from .. import jsonout

        click.echo(jsonout.dumps(jsonout.versioned("rules list", {"rules": [
            {"id": r.id, "category": r.category, "kind": r.kind, "scope": r.scope, "weight": r.weight,
             "message": r.message} for r in rows]}), indent=True))
    elif fmt == "markdown":
        click.echo("| rule | category | kind | scope | weight | terms | what it flags |")
        click.echo("|---|---|---|---|---|---|---|")
        for r in rows:
            click.echo(f"| `{r.id}` | {r.category} | {r.kind} | {r.scope} | {r.weight:g} | {len(r.terms) or ''} | "
                       f"{r.why.replace('|', '/')} |")
    else:
        for r in rows:
            click.echo(f"{r.id:<44} {r.category:<16} {r.kind:<8} {r.scope:<9} {r.weight:g}")


def _unnamed_source_rule(scorer):
    """The attribution finder's own rule as `rules list` and `rules show` describe it (it is no
    pack's rule: its matches are the unnamed sources no speculation rule marks)."""
    from types import SimpleNamespace

    from ..scoring.attribution import UNNAMED_RULE

    return SimpleNamespace(
        id=UNNAMED_RULE, category="sourcing", kind="finder", scope="any", terms=(), lexicons=(), pattern=None,
        exceptions=(), flag=(), passes=(),
        weight=float(scorer._setting("attribution", "unnamed_source_weight", 0.4)),
        source="the attribution finder (framing/scoring/attribution.py); its weight: "
               "[attribution] unnamed_source_weight in rules/scoring.toml",
        message="Unnamed source (anonymous|vague|document): 'SOURCE', cue 'CUE'.",
        why="The attribution finder found a source that names no one (an individual not named, a "
            "group or unspecified source, an unnamed document) behind a reporting cue, where no speculation rule "
            "matched: it counts as sourcing, as the speculation pack's routine sourcing rules do.")


@rules.command("show")
@click.argument("rule_id")
@pack_options
def rules_show(rule_id, packs, no_default_packs, disable):
    """Show one rule: message, rationale, terms and examples."""
    from ..scoring.attribution import UNNAMED_RULE
    from ..scoring.scorer import full_rule_ids

    scorer = _scorer(packs, no_default_packs, (), sentiment=False)
    found = [r for p in scorer.packs_ for r in p.rules if r.id == rule_id or r.id.split(".", 1)[1] == rule_id]
    if rule_id in (UNNAMED_RULE, UNNAMED_RULE.split(".", 1)[1]):
        found = [_unnamed_source_rule(scorer)]
    if not found:
        ids = [r.id for p in scorer.packs_ for r in p.rules]
        hint = did_you_mean(rule_id, ids + [i.split('.', 1)[1] for i in ids], full_rule_ids(ids))
        _fail(f"no rule named {rule_id!r}{hint}; "
              "see `framing rules list`")
    for r in found:
        click.echo(f"{r.id}  ({r.category}, kind {r.kind}, scope {r.scope}, weight {r.weight:g})")
        click.echo(f"  defined in: {r.source}")
        click.echo(f"  message: {r.message}")
        click.echo(f"  why: {r.why}")
        if r.lexicons:
            click.echo(f"  lexicons: {', '.join(r.lexicons)} ({len(r.terms)} terms)")
        elif r.terms:
            click.echo(f"  phrases: {', '.join(t for t, _ in r.terms[:20])}{' ...' if len(r.terms) > 20 else ''}")
        if r.pattern:
            click.echo(f"  pattern: {r.pattern}")
        if r.exceptions:
            click.echo(f"  exceptions: {', '.join(r.exceptions)}")
        for x in r.flag:
            click.echo(f"  flags:   {x}")
        for x in r.passes:
            click.echo(f"  passes:  {x}")
        if r.id == UNNAMED_RULE:
            click.echo("  loaded: with the speculation pack" + ("" if scorer.unnamed_matches_ else " (not loaded now)")
                       + f"; off with --disable {UNNAMED_RULE} (or the category sourcing)")


@rules.command("check")
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=False))
@config_options
@click.option("--no-default-packs", is_flag=True,
              help="Check PATHS on their own, not also for pack and rule ids that clash with the shipped packs.")
def rules_check(paths, no_default_packs):
    """Validate packs and run every rule's examples: PATHS, or else the packs `score` loads (the
    shipped ones and those the project file .framing.toml names).

    PATHS are also checked against the shipped packs, as `score --pack` loads them beside those:
    a pack or rule id used twice is an error. Exit 0 when all pass, 1 when an example fails, 2
    when a pack is malformed.
    """
    from ..scoring.checks import check_examples
    from ..packs import default_pack_paths

    with_defaults = not paths
    if not paths:  # what `score` would load: the project's packs too (a house pack's examples in CI)
        project = project_settings()
        if project:
            paths, with_defaults = tuple(project["packs"]), not project["no_default_packs"]
    malformed = False
    try:
        packs = load_packs(paths, include_defaults=with_defaults)
        if paths and not with_defaults and not no_default_packs:
            load_packs(paths, include_defaults=True)  # the id clashes `score --pack` would meet
    except PackError as exc:
        malformed = True
        for line in exc.problems:
            click.echo(f"framing: error: {line}", err=True)
        # Still run the examples of every pack that loads on its own (the problem may lie between packs).
        packs = []
        for path in (*(default_pack_paths() if with_defaults else ()), *paths):
            try:
                packs += load_packs([path], include_defaults=False)
            except PackError:
                continue
    failures, total = check_examples(packs)
    for f in failures:
        click.echo(f"FAIL {f}")
    if total or failures or not malformed:  # no pack loaded: the error alone says it all
        # beside an error, the count covers only the packs that loaded: say so, or "N passed, 0
        # failed" above exit 2 reads as a clean check
        scope = " (examples of the packs that loaded; fix the error above and check again)" if malformed else ""
        click.echo(f"{total - len(failures)} passed, {len(failures)} failed{scope}")
    sys.exit(EXIT_ERROR if malformed else EXIT_FINDINGS if failures else EXIT_OK)


def _refuse_overwriting_inputs(paths, output: str | None) -> None:
    """Stop before any work when -o names one of the input files: writing would destroy it."""
    if output in (None, "-"):
        return
    from ..comparison.corpus import same_file

    for p in paths:
        if p != "-" and same_file(p, output):
            _fail(f"{output}: the output is the input file {p}; writing it would overwrite it")


def _write(out: str | bytes, output: str | None) -> None:
    """The report (text, or UTF-8 bytes) to a file, or to standard output when there is none or it is '-'."""
    if output and output != "-":
        try:
            if isinstance(out, bytes):
                Path(output).write_bytes(out)
            else:
                Path(output).write_text(out, encoding="utf-8")
        except OSError as exc:
            _fail(f"{output}: cannot write: {exc.strerror or exc}")
    else:
        click.echo(out, nl=False)


def _write_chunks(chunks, output: str | None) -> None:
    """Bytes as they come, to a file (opened at the first chunk: no file when nothing came), or to
    standard output when there is none or it is '-'."""
    if not output or output == "-":
        # the text stream's binary buffer, looked up once (click.echo looked for it again at every
        # chunk, probing the streams with trial writes); each chunk still flushed as written
        out = getattr(sys.stdout, "buffer", None)
        if out is None:  # a stream without one (a caller's): click.echo finds what it can
            for chunk in chunks:
                click.echo(chunk, nl=False)
            return
        sys.stdout.flush()  # text written before goes first, as click.echo had it
        for chunk in chunks:
            out.write(chunk)
            out.flush()
        return
    f = None
    try:
        for chunk in chunks:
            if f is None:
                f = open(output, "wb")  # noqa: SIM115 - written chunk by chunk, closed below
            f.write(chunk)
            f.flush()  # on disk once written: progress shows, and jsonl keeps every line done if a run stops
        if f is not None:
            f.close()
    except OSError as exc:
        _fail(f"{output}: cannot write: {exc.strerror or exc}")


def _render_comparisons(comps, fmt, texts) -> str:
    from ..report import formats as report

    if fmt == "json":
        return report.comparison_json(comps) + "\n"
    if fmt == "markdown":
        return report.comparison_markdown(comps)
    if fmt == "html":
        return report.comparison_html(comps[0], texts, others=comps[1:])
    out = report.comparison_text(comps)
    return out if out.endswith("\n") else out + "\n"


@main.command()
@click.argument("articles", nargs=-1, required=True)
@click.option("--ref", "refs", multiple=True, metavar="FILE", help="A reference report of the same story. Repeatable. "
              "Without --ref, every article is compared with all the others and they are ranked.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown", "html"]), default="text",
              show_default=True, help="html: one self-contained page with the sources side by side.")
@input_options
@classifier_option
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="Write the report to this file.")
@pack_options
def compare(articles, refs, fmt, encoding, input_format, max_mb, classifiers, models, output, packs,
            no_default_packs, disable):
    """Compare how one report of a story editorializes against other reports of the same story.

    `framing compare TARGET --ref REF [--ref REF ...]` compares TARGET with the references;
    `framing compare A B C` compares each with the rest and ranks them, most editorializing first.
    Reports differences from the references (rates per 1,000 words in the author's own voice and in
    quotes, attribution, sentiment, readability), aligns each target sentence with its closest
    reference sentence (shared, reworded or new) and writes a plain-language summary.
    """
    from ..comparison.compare import compare_all, compare_scores, run_warnings

    if refs and len(articles) != 1:
        _fail("with --ref, give exactly one target article")
    _refuse_overwriting_inputs((*articles, *refs, *packs), output)
    scorer = _scorer(packs, no_default_packs, disable, classifiers=chosen_classifiers(classifiers, models))
    from ..comparison.corpus import same_file

    scores, texts, failed = [], {}, False
    given: list[str] = []
    for p in (*articles, *refs):  # the same file under two paths (./a.txt, a link) is one report
        twin = next((g for g in given if p != "-" and g != "-" and g != p and same_file(g, p)), None)
        if twin is not None:
            click.echo(f"framing: warning: {p} is the same file as {twin}; used once", err=True)
        else:
            given.append(p)
    inputs, state = read_inputs(given, encoding, input_format, max_mb)
    for name, text in inputs:
        if name in texts:
            click.echo(f"framing: warning: {name} given twice; used once", err=True)
            continue
        twin = next((n for n, t in texts.items() if t == text), None)
        if twin is not None:
            click.echo(f"framing: warning: {name} has the same text as {twin}; compared all the same", err=True)
        r = score_or_report(scorer, text, name)
        if r is None:
            failed = True
            continue
        scores.append(r)
        texts[name] = text
    failed = failed or state["failed"]
    if refs:
        if not scores or scores[0].source not in (articles[0], "<stdin>"):
            _fail(f"{articles[0]}: the target could not be read; nothing to compare")
        if len(scores) < 2:  # every reference was missing, unreadable or the target itself
            _fail(f"{articles[0]}: no readable reference to compare it with (the --ref files failed or "
                  "repeat the target)")
        comps = [compare_scores(scores[0], scores[1:], scorer.config_)]
    else:
        if len(scores) < 2:
            _fail("need at least two readable articles to compare (or one target with --ref)")
        comps = compare_all(scores, scorer.config_)
    for w in run_warnings(comps):  # each once, though a ranked run repeats them in every comparison
        click.echo(f"framing: warning: {w}", err=True)
    _write(_render_comparisons(comps, fmt, texts), output)
    if failed:
        sys.exit(EXIT_ERROR)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown", "html"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default="framing-demo.html", show_default=True,
              help="Where to write the HTML report of the example story (by default only with --format text).")
def demo(fmt, output):
    """Compare the example story shipped with framing: a fictional harbour deal told by two
    wire-style reports and one editorialized rewrite. Prints the comparison of the rewrite with
    the wire reports and writes the side-by-side HTML report (with another --format, only when
    -o names a file)."""
    from ..report import formats as report
    from ..comparison.compare import compare_scores
    from ..packs import PACKAGE_DIR

    scorer = _scorer((), False, ())
    scores, texts = [], {}
    for name in ("editorial.txt", "wire_a.txt", "wire_b.txt"):
        text = (PACKAGE_DIR / "examples" / name).read_text(encoding="utf-8")
        scores.append(scorer.score(text, source=name))
        texts[name] = text
    comp = compare_scores(scores[0], scores[1:], scorer.config_)
    if output == "-":  # the page goes to standard output, which then carries nothing else
        if fmt != "html":
            _fail(f"-o - would mix the HTML page into the {fmt} output on standard output; give -o a file "
                  "(or use --format html -o -)")
        click.echo(report.comparison_html(comp, texts), nl=False)
        return
    click.echo(_render_comparisons([comp], fmt, texts), nl=False)
    # `demo --format json > d.json` asked for JSON: a page in the working directory would be a surprise
    asked = click.get_current_context().get_parameter_source("output") is not click.core.ParameterSource.DEFAULT
    if output and (fmt == "text" or asked):
        _write(report.comparison_html(comp, texts), output)
        click.echo(f"HTML report written to {output}", err=True)


def _drop_stdout() -> None:
    """Standard output's reader has gone (`framing ... | head`): point the descriptor at /dev/null,
    so that the bytes still buffered, flushed again at exit, go nowhere instead of raising again
    where nothing can report it (closing stderr instead made CPython print its shutdown garbage)."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no descriptor (stdout replaced, e.g. in tests): nothing to flush to
        pass


def run() -> None:
    """The `framing` executable: the click group, then a quick exit. Tearing the scorer down (its
    compiled patterns, caches and the modules' objects) costs ~10 ms of a one-article run's
    ~0.23 s and frees nothing the system would not; so once the output is flushed, and when no
    worker thread or process is left to wait for (their exit handlers must run), the process ends
    at once. Tests call `main` itself, which returns or raises as click's commands do."""
    import os
    import threading

    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader stopped early (`| head`): what it did not read is dropped
        _drop_stdout()
        sys.exit(code)
    except OSError:  # another write error: the normal exit reports it
        sys.exit(code)
    mp = sys.modules.get("multiprocessing")
    if threading.active_count() > 1 or (mp is not None and mp.active_children()):
        sys.exit(code)
    if not isinstance(code, int):  # sys.exit("message") prints it and exits 1
        if code is not None:
            print(code, file=sys.stderr, flush=True)
        code = 0 if code is None else 1
    os._exit(code)
