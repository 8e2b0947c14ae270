"""Train, cross-validate and save the shipped sentence classifiers, reproducibly.

    .venv/bin/python benchmarks/train_models.py --data ../shared/data -o framing/models
    .venv/bin/python benchmarks/train_models.py --only biased --no-cv     # one model, no CV

Each model is trained on the development data named below (read by path, never copied), with a
fixed random state, and written to OUT/<name>/ with its model card. Cross-validated figures
(stratified 5-fold; every fold reruns the whole training, calibration and threshold included)
are printed, stored in each model card, and written as JSON with --metrics FILE.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from framing.learning import evaluation  # noqa: E402
from framing.learning import training  # noqa: E402

MODELS = {
    "biased": {
        "files": ["babe_train.jsonl"], "positive": "Biased", "negative": "Non-biased",
        "params": {"objective": "macro_f1"},
        "description": "P(a news sentence is biased), as judged by BABE's expert annotators: one-sided, "
                       "loaded or opinionated wording about a political topic.",
        "licence": "BABE (Spinde et al. 2021) is released under **AGPL-3.0**; this model is trained on it, so "
                   "treat the model files as a derivative work under AGPL-3.0 terms.",
        "intended_use": "Flag sentences whose wording a careful reader would call biased, shown beside the "
                        "rule matches; compare outlets' reports of one story sentence by sentence.",
        "limits": "BABE covers US political news of 2017-2020 on a fixed set of topics; expert judgements of "
                  "bias disagree at the margins. The model reads wording only: a neutral-sounding sentence "
                  "that omits context is not detected. Quoted speech is not separated from the author's voice "
                  "at training time (rule features are, by voice). Not a verdict on an outlet.",
    },
    "subjective": {
        "files": ["checkthat2023_train.jsonl", "checkthat2023_dev.jsonl"], "positive": "SUBJ", "negative": "OBJ",
        "params": {"objective": "macro_f1"},
        # BABE's opinion judgements as extra training data: "Expresses writer's opinion" = SUBJ,
        # "Entirely factual" = OBJ, the ambiguous rest left out. Added to every training run
        # (CV folds and the train -> dev check too), never evaluated: on CheckThat! dev it raised
        # macro-F1 0.567 -> 0.676 (see RESULTS.md).
        "aux": {"file": "babe_train.jsonl", "label_field": "label_opinion",
                "positive": "Expresses writer’s opinion", "negative": "Entirely factual"},
        "description": "P(a news sentence is subjective: the writer's opinion, judgement or feeling rather than "
                       "a checkable statement), CLEF CheckThat! 2023 Task 2 (English) labels.",
        "licence": "CLEF CheckThat! 2023 Task 2 English data: no licence stated by the task organisers; use for "
                   "research, and check the terms before any other use. BABE (Spinde et al. 2021), used as extra "
                   "training data, is released under **AGPL-3.0**, so treat the model files as a derivative work "
                   "under AGPL-3.0 terms as well.",
        "intended_use": "Separate opinion from reporting in news sentences, as one signal beside the opinion and "
                        "certainty rules.",
        "limits": "Trained on about 1,050 CheckThat! sentences and 1,988 BABE sentences (US political news, "
                  "whose annotators judged opinion rather than subjectivity), so many subjective phrasings are "
                  "unseen; sentences were labelled out of context. BABE mostly moved the decision threshold to "
                  "suit CheckThat! dev: the ranking (ROC-AUC) barely changed. Expect lower accuracy on domains "
                  "other than news and opinion.",
        "holdout": ("checkthat2023_train.jsonl", "checkthat2023_dev.jsonl"),
    },
    "uncertain": {
        "files": ["factbank_uncertainty_train.jsonl", "wiki_uncertainty_train.jsonl"], "positive": "uncertain",
        "negative": "certain", "params": {"objective": "f1", "calibration_folds": 3},
        "cv_file": "factbank_uncertainty_train.jsonl",
        "description": "P(a sentence expresses uncertainty: hedged, speculative, hypothetical or conditional), "
                       "Szeged Uncertainty Corpus labels (FactBank news and Wikipedia parts).",
        "licence": "FactBank text is LDC-licensed for **research use only**; the Szeged Uncertainty Corpus "
                   "annotation and the Wikipedia part are research-use. The model is for research use.",
        "intended_use": "Find hedged and speculative sentences in news, as a learned complement to the hedging "
                        "and speculation rules.",
        "limits": "Uncertainty cues are mostly single words (may, could, if, reportedly); the model learns "
                  "them from context-free sentences and cannot tell a hedge from an ability or root sense "
                  "of a modal reliably. Wikipedia 'weasel' annotation differs from news hedging. Cross-validated "
                  "figures are on FactBank (news) only, with the Wikipedia part added to every training fold.",
    },
}


# Said in every card: the rule features depend on the packs, and the packs were curated with this data in view.
COMMON_LIMITS = (" The rule-pack features are computed by the packs installed at prediction time: edits to the "
                 "shipped packs shift them, so retrain after changing rules. Some lexicons and rules were checked "
                 "against these same development sets, so cross-validated figures that use rule features may be "
                 "somewhat optimistic; the held-out test parts are the real measure.")


def load(data: Path, files: list[str], positive: str, negative: str):
    texts, labels = [], []
    for f in files:
        t, y, _, _, skipped = evaluation.read_labelled(data / f, positive=positive, negative=negative)
        for s in skipped:
            print(f"warning: skipped {s}", file=sys.stderr)
        texts += t
        labels += list(y)
    return texts, np.array(labels, dtype=bool)


def load_aux(data: Path, aux: dict | None):
    """An auxiliary corpus (texts, labels) added to every training run, or None. Rows with other
    labels are left out by design, so they are counted, not warned about one by one."""
    if not aux:
        return None
    t, y, _, _, skipped = evaluation.read_labelled(data / aux["file"], positive=aux["positive"],
                                                 negative=aux["negative"], label_field=aux["label_field"])
    if skipped:
        print(f"{aux['file']}: {len(skipped)} rows with other {aux['label_field']} values left out", file=sys.stderr)
    return t, np.asarray(y, dtype=bool)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data",
                    help="directory holding the development data (default ../shared/data)")
    ap.add_argument("-o", "--output", type=Path, default=ROOT / "framing" / "models",
                    help="directory to write the models into (default framing/models)")
    ap.add_argument("--only", action="append", choices=sorted(MODELS), help="train only these models")
    ap.add_argument("--folds", type=int, default=5, help="cross-validation folds (default 5)")
    ap.add_argument("--no-cv", action="store_true", help="skip cross-validation (faster; the card says so)")
    ap.add_argument("--metrics", type=Path, default=None, help="also write every figure as JSON here")
    ap.add_argument("--baseline", action="store_true",
                    help="only cross-validate the plain word+char TF-IDF model (no rule or style features) "
                         "with the same folds, calibration and threshold choice; nothing is saved")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        print(f"train_models: error: {args.data}: no such data directory", file=sys.stderr)
        return 2
    report = {}
    for name in args.only or sorted(MODELS):
        spec = MODELS[name]
        t0 = time.perf_counter()
        texts, y = load(args.data, spec["files"], spec["positive"], spec["negative"])
        entry: dict = {"n": len(texts), "positive": int(y.sum()), "files": spec["files"]}
        aux = load_aux(args.data, spec.get("aux"))
        if aux is not None:
            entry["aux"] = {"file": spec["aux"]["file"], "n": len(aux[0]), "positive": int(aux[1].sum())}
        cv = None
        extra_lines = []
        if args.baseline:
            params = {**spec["params"], "rules": None, "style": False, "vader": False}
            if "cv_file" in spec:
                main_t, main_y = load(args.data, [spec["cv_file"]], spec["positive"], spec["negative"])
                ext = load(args.data, [f for f in spec["files"] if f != spec["cv_file"]], spec["positive"],
                           spec["negative"])
                cv = training.cross_validate(main_t, main_y, folds=args.folds, extra=ext, **params)
            else:
                cv = training.cross_validate(texts, y, folds=args.folds, extra=aux, **params)
            report[name] = {"baseline_cv": cv}
            print(f"{name} baseline (word+char TF-IDF only): {args.folds}-fold CV macro-F1 {cv['macro_f1']:.4f} "
                  f"F1 {cv['f1']:.4f} AUC {cv['roc_auc']} (n={cv['n']})", flush=True)
            continue
        if not args.no_cv:
            if "cv_file" in spec:  # CV on one file, the others added to every training fold
                main_t, main_y = load(args.data, [spec["cv_file"]], spec["positive"], spec["negative"])
                rest = [f for f in spec["files"] if f != spec["cv_file"]]
                ext = load(args.data, rest, spec["positive"], spec["negative"])
                cv = training.cross_validate(main_t, main_y, folds=args.folds, extra=ext, **spec["params"])
                entry["cv_on"] = spec["cv_file"]
            else:
                cv = training.cross_validate(texts, y, folds=args.folds, extra=aux, **spec["params"])
                if aux is not None:
                    entry["cv_extra"] = spec["aux"]["file"]
            entry["cv"] = cv
            print(f"{name}: {args.folds}-fold CV macro-F1 {cv['macro_f1']:.4f} F1 {cv['f1']:.4f} "
                  f"P {cv['precision']:.4f} R {cv['recall']:.4f} AUC {cv['roc_auc']} (n={cv['n']})", flush=True)
            if "holdout" in spec:  # the official split: train on one file, test on the other
                tr, te = spec["holdout"]
                a = load(args.data, [tr], spec["positive"], spec["negative"])
                b = load(args.data, [te], spec["positive"], spec["negative"])
                if aux is not None:
                    a = (list(a[0]) + list(aux[0]), np.r_[a[1], aux[1]])
                m = training.train(*a, name=name, **spec["params"])
                ho = evaluation.evaluate(m, *b)
                entry["holdout"] = {"train": tr, "test": te, **ho}
                print(f"{name}: train {tr} -> test {te}: macro-F1 {ho['macro_f1']:.4f} F1 {ho['f1']:.4f} "
                      f"AUC {ho['roc_auc']}", flush=True)
                extra_lines.append(f"Trained on `{tr}`{' and the extra data' if aux is not None else ''} only and "
                                   f"tested on `{te}` (the task's own split): "
                                   f"macro-F1 {ho['macro_f1']:.4f}, F1 (positive) {ho['f1']:.4f}, "
                                   f"ROC-AUC {ho['roc_auc']}, n={ho['n']}.")
        all_t, all_y = (texts + list(aux[0]), np.r_[y, aux[1]]) if aux is not None else (texts, y)
        model = training.train(all_t, all_y, name=name, positive_label=spec["positive"],
                               negative_label=spec["negative"], **spec["params"])
        note = f"CV on `{spec['cv_file']}` only, the other files added to every training fold." \
            if "cv_file" in spec and cv else ""
        data_lines = [f"../shared/data/{f}" for f in spec["files"]]
        if aux is not None:
            a = spec["aux"]
            data_lines.append(f"../shared/data/{a['file']}")
            note = (f"Extra training data: `{a['file']}` rows with `{a['label_field']}` \"{a['positive']}\" as "
                    f"`{spec['positive']}` and \"{a['negative']}\" as `{spec['negative']}`, the other rows left out "
                    f"({len(aux[0])} sentences, {int(aux[1].sum())} `{spec['positive']}`). CV on the CheckThat! "
                    "files only: the extra sentences are added to every training fold and never tested.")
        card = training.model_card(model, data=data_lines, cv_metrics=cv,
                                   folds=args.folds, description=spec["description"], licence=spec["licence"],
                                   intended_use=spec["intended_use"], limits=spec["limits"] + COMMON_LIMITS,
                                   extra_metrics="\n\n".join(x for x in [note, *extra_lines] if x))
        out = model.save(args.output / name, card=card)
        size = sum(p.stat().st_size for p in out.iterdir())
        entry.update({"threshold": model.threshold, "bytes": size, "seconds": round(time.perf_counter() - t0, 1)})
        report[name] = entry
        print(f"{name}: saved to {out} ({size / 1e6:.2f} MB, threshold {model.threshold:.2f}, "
              f"{entry['seconds']} s)", flush=True)
    if args.metrics:
        args.metrics.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
