"""Exports the shipped packs' compiled rules (as framing.scoring.matching.Matcher hands them to the engine)
for the `matching` fuzz target: one rule a record, fields apart by control characters no pattern
holds raw. Run from the repository root, with the project's venv:

    .venv/bin/python tools/export_fuzz_rules.py           # writes core/fuzz/rules.bin

It lives outside core/ because it imports framing: the arrow points from Python to the engine,
never back.

Both matchers of a scorer are exported (the rules and the furniture), the ignore list of the
tests' own example ("critics say") as every rule's exceptions, so exceptions run too.
"""
from __future__ import annotations

import sys
from pathlib import Path

from framing.scoring.matching import Matcher
from framing.packs import load_packs

RULE, FIELD, ITEM, PART = "\x1e", "\x1f", "\x1d", "\x1c"


def _opt(value) -> str:
    return "-" if value is None else "+" + str(value)


def _pattern(forms) -> str:
    if forms is None:
        return "-"
    native, fancy, gate, exact, relaxed = forms[:5]  # the literal sets: the fuzz target computes them
    return "+" + ITEM.join([native, "1" if fancy else "0", _opt(gate), exact, _opt(relaxed)])


def records() -> list[str]:
    packs = load_packs()
    out = []
    for only in (lambda r: r.category != "furniture", lambda r: r.category == "furniture"):
        out += _specs(Matcher(packs, only=only, ignore=["critics say"]))
    return out


def _specs(m: Matcher) -> list[str]:
    # Matcher keeps the data it built the engine from: the engine pickles with it
    rules_data = m.engine.__getnewargs__()[0]
    out = []
    for rid, cat, weight, scope, terms, pattern, exceptions, reach in rules_data:
        terms_s = ITEM.join(PART.join([k, repr(float(w)), "1" if p else "0"]) for k, w, p in terms)
        fields = [rid, cat, repr(float(weight)), str(scope), terms_s, _pattern(pattern), _pattern(exceptions),
                  str(reach)]
        text = FIELD.join(fields)
        if text.count(FIELD) != 7 or RULE in text:
            raise SystemExit(f"rule {rid}: a field holds a separator character; the export cannot carry it")
        out.append(text)
    return out


def main(argv=None) -> int:
    target = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "core" / "fuzz" / "rules.bin"
    recs = records()
    target.write_text(RULE.join(recs), encoding="utf-8")
    print(f"{target}: {len(recs)} rules")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
