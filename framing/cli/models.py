"""CLI commands for the sentence classifiers: train, evaluate, explain, models.

Registered on the main `framing` group by framing.cli.main; heavy imports happen inside the commands.
"""
from __future__ import annotations

import sys

import click

from .. import jsonout
from .main import with_suggestions

EXIT_ERROR = 2
MAX_WARNINGS = 20


def _fail(message: str) -> None:
    click.echo(f"framing: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _report_skipped(skipped: list[str]) -> None:
    for line in skipped[:MAX_WARNINGS]:
        click.echo(f"framing: warning: skipped {line}", err=True)
    if len(skipped) > MAX_WARNINGS:
        click.echo(f"framing: warning: ... and {len(skipped) - MAX_WARNINGS} more skipped rows", err=True)


def _read(paths, positive, negative, text_field, label_field):
    from collections import Counter

    from ..learning.evaluation import labelled_rows, read_labelled

    if len(paths) > 1 and negative is None and positive is not None:
        # Several files are one pool: the negative class is the pool's most common other label, so
        # a file of positives only and a file of negatives only train together.
        counts = Counter()
        for path in paths:
            try:
                counts.update(lab for _, _, lab in labelled_rows(path, text_field=text_field,
                                                                    label_field=label_field)[0])
            except ValueError as exc:
                _fail(str(exc))
        others = [lab for lab, _ in counts.most_common() if lab != str(positive)]
        if str(positive) not in counts or not others:
            seen = ", ".join(sorted(counts)) or "none"
            _fail(f"{', '.join(map(str, paths))}: need rows labelled {positive!r} and another label "
                  f"(labels seen: {seen})")
        negative = others[0]
    texts, labels, skipped = [], [], []
    for path in paths:
        try:
            t, y, positive, negative, s = read_labelled(path, positive=positive, negative=negative,
                                                        text_field=text_field, label_field=label_field)
        except ValueError as exc:
            _fail(str(exc))
        texts += t
        labels += list(y)
        skipped += s
    return texts, labels, positive, negative, skipped


def _metrics_text(m: dict, title: str) -> str:
    (tn, fp), (fn, tp) = m["confusion"]
    auc = "n/a" if m.get("roc_auc") is None else f"{m['roc_auc']:.4f}"
    thr = "" if m.get("threshold") is None else f" (threshold {m['threshold']:.2f})"
    return "\n".join([
        f"{title}{thr}",
        f"  examples   {m['n']}   skipped {m.get('skipped', 0)}",
        f"  positive class: precision {m['precision']:.4f}  recall {m['recall']:.4f}  F1 {m['f1']:.4f}",
        f"  macro-F1 {m['macro_f1']:.4f}  accuracy {m['accuracy']:.4f}  ROC-AUC {auc}",
        "  confusion       predicted -   predicted +",
        f"    actual -   {tn:>12}  {fp:>12}",
        f"    actual +   {fn:>12}  {tp:>12}",
    ]) + "\n"


def _data_options(negative_default: str):
    """--negative, --text-field and --label-field; negative_default: what --negative defaults to."""
    def decorate(f):
        f = click.option("--label-field", default="label", show_default=True, help="JSON field holding the label.")(f)
        f = click.option("--text-field", default="text", show_default=True,
                         help="JSON field holding the sentence.")(f)
        return click.option("--negative", default=None, metavar="VALUE",
                            help=f"Label of the negative class (default: {negative_default}; rows with any "
                                 "third label are skipped and counted).")(f)
    return decorate


def register(group: click.Group) -> None:
    """Add train, evaluate, explain and models to the `framing` command group."""

    @group.command()
    @click.option("--data", "data", multiple=True, required=True, type=click.Path(dir_okay=False),
                  help="JSONL file of labelled sentences, one object a line. Repeatable (files are pooled).")
    @click.option("--positive", required=True, metavar="VALUE", help="Label value of the positive class, e.g. Biased.")
    @_data_options("the most common other label")
    @click.option("--name", required=True, help="Short model name stored in the model, e.g. biased.")
    @click.option("-o", "--output", "out_dir", required=True, type=click.Path(file_okay=False),
                  help="Directory to write the model into (model.json, weights.npz, MODEL_CARD.md).")
    @click.option("--cv", type=click.IntRange(0, 20), default=0, show_default=True,
                  help="Also report K-fold stratified cross-validated metrics (development estimate; 0 = off).")
    @click.option("--C", "c", type=click.FloatRange(min=1e-6), default=None,
                  help="Inverse regularisation strength of the logistic regression (default 4).")
    @click.option("--rules", type=click.Choice(["full", "lexicon", "none"]), default=None,
                  help="Rule-pack features: every rule, only the lexicon rules (faster), or none.")
    @click.option("--no-char", is_flag=True, help="Leave out character n-gram features (smaller, faster model).")
    @click.option("--vader/--no-vader", default=None,
                  help="Add VADER sentiment features (off by default: little gain measured, slower prediction).")
    @click.option("--objective", type=click.Choice(["macro_f1", "f1"]), default="macro_f1", show_default=True,
                  help="What the decision threshold is tuned for on cross-validated training predictions.")
    @click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
                  help="Output format of the training summary.")
    def train(data, positive, negative, text_field, label_field, name, out_dir, cv, c, rules, no_char, vader,
              objective, fmt):
        """Train a sentence classifier from labelled JSONL and save it to a directory.

        Example: framing train --data babe.jsonl --positive Biased --name biased -o models/biased

        Features: word and character n-gram TF-IDF, rule-pack hits by category and voice, style
        features (and VADER sentiment with --vader); model: logistic regression with calibrated
        probabilities and a threshold tuned on cross-validated training predictions. Malformed rows
        (bad JSON, missing text or label, unknown label) are skipped, counted and listed on stderr.
        """
        from ..learning import training

        if cv == 1:
            _fail("--cv needs at least 2 folds (0 turns cross-validation off)")
        texts, labels, positive, negative, skipped = _read(data, positive, negative, text_field, label_field)
        _report_skipped(skipped)
        smaller = min(sum(labels), len(labels) - sum(labels))
        if smaller < 20:
            click.echo(f"framing: warning: only {smaller} examples of the smaller class ({len(labels)} in all): "
                       "a model from so little data gives unreliable probabilities", err=True)
        params = {"objective": objective}
        if c is not None:
            params["C"] = c
        if rules is not None:
            params["rules"] = None if rules == "none" else rules
        if no_char:
            params["char_ngrams"] = None
        if vader is not None:
            params["vader"] = vader
        if not name.strip():
            _fail("--name must not be empty")
        try:
            cv_metrics = training.cross_validate(texts, labels, folds=cv, **params) if cv >= 2 else None
            model = training.train(texts, labels, name=name, positive_label=positive, negative_label=negative,
                                   **params)
        except ValueError as exc:  # too few examples for --cv, one class only, bad parameter values
            _fail(f"{', '.join(map(str, data))}: {exc}")
        card = training.model_card(model, data=[str(p) for p in data], cv_metrics=cv_metrics, folds=cv)
        try:
            model.save(out_dir, card=card)
        except OSError as exc:
            _fail(f"{out_dir}: cannot write: {exc.strerror or exc}")
        summary = {"name": name, "output": str(out_dir), "n": len(texts), "skipped": len(skipped),
                   "positive": positive, "negative": negative, "threshold": model.threshold, "cv": cv_metrics}
        if fmt == "json":
            click.echo(jsonout.dumps(jsonout.versioned("train", summary), indent=True))
        else:
            click.echo(f"trained {name!r} on {len(texts)} sentences ({int(sum(labels))} {positive!r}, "
                       f"{len(texts) - int(sum(labels))} {negative!r}; {len(skipped)} rows skipped); "
                       f"threshold {model.threshold:.2f}; saved to {out_dir}")
            if cv_metrics:
                cv_metrics["skipped"] = len(skipped)
                click.echo(_metrics_text(cv_metrics, f"{cv}-fold cross-validation"), nl=False)

    @group.command()
    @click.option("--model", "model_name", required=True, metavar="NAME_OR_DIR",
                  help="A shipped model name (see `framing models`) or a directory written by `framing train`.")
    @click.option("--data", required=True, type=click.Path(dir_okay=False), help="JSONL file of labelled sentences.")
    @click.option("--positive", default=None, metavar="VALUE",
                  help="Label value of the positive class (default: the label the model was trained on).")
    @_data_options("the model's own negative label when the data has it, else the most common other label")
    @click.option("--threshold", type=click.FloatRange(0, 1), default=None,
                  help="Probability threshold for the positive class (default: the model's own).")
    @click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
                  help="text, or json with keys schema_version, n, precision, recall, f1, macro_f1, roc_auc, "
                       "confusion, skipped.")
    def evaluate(model_name, data, positive, negative, text_field, label_field, threshold, fmt):
        """Measure a model on labelled JSONL: precision, recall and F1 of the positive class,
        macro-F1, ROC-AUC, the confusion matrix and the number of examples.

        Malformed rows are skipped and counted ('skipped'), not fatal.
        """
        from ..scoring import classify
        from ..learning import evaluation

        try:
            model = classify.load_model(model_name)
        except classify.ModelError as exc:
            _fail(with_suggestions(str(exc)))
        if positive is not None and positive != model.positive_label:
            _fail(f"--positive {positive!r}: model {model.name!r} gives the probability of "
                  f"{model.positive_label!r}; scoring it against another label would invert every figure")
        positive = model.positive_label
        if negative is None:
            # The model's own negative label when the data has it; else the data's most common other one.
            texts, labels, _, negative, skipped = _read([data], positive, model.negative_label, text_field,
                                                        label_field)
            if labels and all(labels) and skipped:
                texts, labels, _, negative, skipped = _read([data], positive, None, text_field, label_field)
                click.echo(f"framing: warning: {data}: no row has the model's negative label "
                           f"{model.negative_label!r}; {negative!r} is taken as the negative class", err=True)
        else:
            texts, labels, _, negative, skipped = _read([data], positive, negative, text_field, label_field)
        _report_skipped(skipped)
        m = evaluation.evaluate(model, texts, labels, threshold)
        m = {"model": model.name, "data": str(data), "positive": positive, "negative": negative, **m,
             "skipped": len(skipped)}
        if fmt == "json":
            click.echo(jsonout.dumps(jsonout.versioned("evaluate", m), indent=True))
        else:
            click.echo(_metrics_text(m, f"model {model.name!r} on {data}"), nl=False)

    @group.command()
    @click.argument("sentence")
    @click.option("--model", "model_names", multiple=True, metavar="NAME_OR_DIR",
                  help="Model to explain with (repeatable; default: every shipped model).")
    @click.option("--top", type=click.IntRange(1, 1000), default=10, show_default=True,
                  help="How many features to show.")
    @click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
                  help="json: an object with schema_version, sentence and models (each model's probability, "
                       "threshold and features).")
    def explain(sentence, model_names, top, fmt):
        """Show a sentence's probability under each model and the features that pushed it up (+)
        or down (-), in log-odds. SENTENCE is the text itself; '-' reads it from standard input.

        Example: framing explain "Critics say the reckless plan could backfire." --model biased
        """
        from ..scoring import classify

        if sentence == "-":
            sentence = sys.stdin.read().strip()
        if not sentence.strip():
            _fail("explain needs a non-empty sentence")
        names = list(model_names) or classify.shipped_models()
        if not names:
            _fail("no shipped models; give --model DIR")
        # The matches behind each rule feature ('rule:loaded_language:authorial' <- 'reckless'), so a
        # rule's push on the probability traces back to words, as every other score does.
        from ..scoring.scorer import Scorer

        rules = Scorer(profile="rules")
        behind: dict[str, list[dict]] = {}
        for m in rules.score(sentence).matches:
            # the models' rule features know two voices: indirect speech ("reported") is unquoted text
            voice = "authorial" if m.voice == "reported" else m.voice
            for key in (f"rule:{m.category}:{voice}", f"rule:{m.rule}"):
                behind.setdefault(key, []).append({"text": m.text, "rule": m.rule, "start": m.start, "end": m.end})
        models = []
        for n in names:
            try:
                models.append(classify.load_model(n))
            except classify.ModelError as exc:
                _fail(with_suggestions(str(exc)))
        # One set for every model: the sentence is cut once, and its rule features use the packs
        # compiled above.
        together = classify.ClassifierSet(models, scorer=rules)
        out = []
        for k, (model, (p,)) in enumerate(zip(models, together.scores([sentence]))):
            out.append({"model": model.name, "probability": round(p, 4), "threshold": model.threshold,
                        "positive": bool(p >= model.threshold),
                        "features": [{"feature": f, "contribution": round(c, 4)}
                                     | ({"matches": behind[f]} if f in behind else {})
                                     for f, c in together.explain(k, sentence, top)]})
        if fmt == "json":
            click.echo(jsonout.dumps(jsonout.versioned("explain", {"sentence": sentence, "models": out}), indent=True))
            return
        for o in out:
            verdict = "above" if o["positive"] else "below"
            click.echo(f"{o['model']}: P = {o['probability']:.3f} ({verdict} threshold {o['threshold']:.2f})")
            for f in o["features"]:
                why = "; ".join(f"'{m['text']}' ({m['rule']})" for m in f.get("matches", ()))
                click.echo(f"  {f['contribution']:+.3f}  {f['feature']}" + (f"  <- {why}" if why else ""))

    @group.command()
    @click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
                  help="json: an object with schema_version and models (name, positive, threshold, n, path).")
    def models(fmt):
        """List the sentence classifiers shipped with framing, with their threshold and training size."""
        from ..scoring import classify

        rows = []
        for n in classify.shipped_models():
            try:
                m = classify.load_model(n)
            except classify.ModelError as exc:
                _fail(str(exc))
            t = m.settings.get("training", {})
            rows.append({"name": n, "positive": m.positive_label, "threshold": m.threshold, "n": t.get("n"),
                         "path": m.source})
        if fmt == "json":
            click.echo(jsonout.dumps(jsonout.versioned("models", {"models": rows}), indent=True))
            return
        if not rows:
            click.echo("no shipped models")
        for r in rows:
            click.echo(f"{r['name']:<12} positive={r['positive']!r:<14} threshold={r['threshold']:.2f}  "
                       f"trained on {r['n']} sentences")
