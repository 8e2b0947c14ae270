"""Rule packs (TOML) and lexicons (text): loading and strict validation.

All problems of a pack are collected and raised together as one PackError whose lines name the
file, the rule and the reason.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

KINDS = ("lexicon", "phrase", "regex", "tokens")
SCOPES = ("authorial", "quoted", "any")
ATTRIBUTIONS = ("anonymous", "vague")
_ID_RE = re.compile(r"^[a-z][a-z0-9_-]*$")
_GAP_RE = re.compile(r"^\{(\d+),(\d+)\}$")
MAX_GAP = 10
# The categories the scorer and its reports know. A pack's rule may use another only when the pack
# declares it ([pack] categories = ["spin"]), so that a misspelt category ('loaded_langauge') is an
# error with the nearest names, not a silent new category that no rate or index ever reads.
CATEGORIES = ("certainty", "furniture", "hedging", "loaded_language", "opinion", "sourcing", "speculation")

PACKAGE_DIR = Path(__file__).resolve().parent


def _unbounded(max_count) -> bool:
    from re import _constants as sre  # the parser's own constants; stable across 3.11-3.13

    return max_count == sre.MAXREPEAT or max_count > 100


def parse_regex(pattern: str, flags: int = 0):
    """The parse tree of a regex (re's own parser), read by the ReDoS check and the engine check.
    Not cached: a Matcher's engine_patterns.Translator keeps what it translates."""
    from re import _parser

    return _parser.parse(pattern, flags)


def backtracking_risk(pattern: str, flags: int = 0) -> str | None:
    """Why a regex can backtrack catastrophically (ReDoS), or None.

    Python's re has no time limit, so risky shapes are refused at load: an unbounded repeat whose
    body holds another unbounded repeat that can eat the same characters as the rest of an
    iteration ('(a+)+', '(\\w+\\s?)*'), or repeated alternatives that can match the same text
    ('(?:a|b|ab)*'). A repeat whose every iteration needs a character the inner repeats cannot
    match ('(?:[ \\t]*[|,][ \\t]*\\w+)+') is safe: each iteration is anchored. Conservative, not a proof.
    """
    from re import _constants as sre

    try:
        tree = parse_regex(pattern, flags)
    except re.error:
        return None  # reported as a bad regex elsewhere
    categories = {
        sre.CATEGORY_DIGIT: str.isdigit, sre.CATEGORY_SPACE: str.isspace,
        sre.CATEGORY_WORD: lambda c: c.isalnum() or c == "_",
    }
    categories.update({
        sre.CATEGORY_NOT_DIGIT: lambda c: not c.isdigit(), sre.CATEGORY_NOT_SPACE: lambda c: not c.isspace(),
        sre.CATEGORY_NOT_WORD: lambda c: not (c.isalnum() or c == "_"),
    })

    def char_test(op, av):
        """A predicate for a one-character item, or None for anything longer."""
        if op == sre.LITERAL:
            return lambda c: c.lower() == chr(av).lower()
        if op == sre.NOT_LITERAL:
            return lambda c: c.lower() != chr(av).lower()
        if op == sre.ANY:
            return lambda c: c != "\n"
        if op == sre.IN:
            negate = any(sub == sre.NEGATE for sub, _ in av)
            tests = []
            for sub, val in av:
                if sub == sre.LITERAL:
                    tests.append(lambda c, v=chr(val).lower(): c.lower() == v)
                elif sub == sre.RANGE:
                    tests.append(lambda c, lo=val[0], hi=val[1]: lo <= ord(c) <= hi or lo <= ord(c.lower()) <= hi
                                 or lo <= ord(c.upper()) <= hi)
                elif sub == sre.CATEGORY and val in categories:
                    tests.append(categories[val])
                elif sub != sre.NEGATE:
                    return None
            return lambda c: any(t(c) for t in tests) != negate
        return None

    def first_chars(items):
        """Literal characters an item sequence must start with; None when unknown or too varied."""
        for op, av in items:
            if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
                continue
            if op == sre.LITERAL:
                return {chr(av).lower(), chr(av).upper()}
            if op == sre.IN:
                if all(sub == sre.LITERAL for sub, _ in av):
                    return {f(chr(v)) for _, v in av for f in (str.lower, str.upper)}
                return None
            if op == sre.SUBPATTERN:
                return first_chars(av[-1])
            if op == sre.BRANCH:
                sets = [first_chars(b) for b in av[1]]
                return None if any(x is None for x in sets) else set().union(*sets)
            if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and av[0] >= 1:
                return first_chars(av[2])
            return None
        return set()  # empty or assertions only: consumes nothing

    def inner_repeats(items, out):
        for op, av in items:
            if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and _unbounded(av[1]):
                out.append(av[2])
            elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
                inner_repeats(av[2], out)
            elif op == sre.SUBPATTERN:
                inner_repeats(av[-1], out)
            elif op == sre.BRANCH:
                for b in av[1]:
                    inner_repeats(b, out)
        return out

    def anchored(body, repeats) -> bool:
        tests = []
        for rep in repeats:
            t = char_test(*rep[0]) if len(rep) == 1 else None
            if t is None:
                return False
            tests.append(t)
        for op, av in body:
            if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] == 0:
                continue
            chars = first_chars([(op, av)])
            if chars and not any(t(c) for c in chars for t in tests):
                return True
        return False

    def ambiguous_branch(items) -> bool:
        for op, av in items:
            if op == sre.SUBPATTERN and ambiguous_branch(av[-1]):
                return True
            if op == sre.BRANCH:
                seen: set = set()
                for f in (first_chars(b) for b in av[1]):
                    if f is None or f & seen:
                        return True
                    seen |= f
        return False

    def walk(items) -> str | None:
        for op, av in items:
            found = None
            if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
                body = list(av[2])
                if _unbounded(av[1]):
                    repeats = inner_repeats(body, [])
                    if repeats and not anchored(body, repeats):
                        return "a repeated group contains another unbounded repeat, as in (a+)+"
                    if not repeats and ambiguous_branch(body):
                        return "a repeated group has alternatives that can match the same text, as in (a|b|ab)*"
                found = walk(body)
            elif op == sre.SUBPATTERN:
                found = walk(av[-1])
            elif op == sre.BRANCH:
                found = next((w for w in map(walk, av[1]) if w), None)
            elif op in (sre.ASSERT, sre.ASSERT_NOT):
                found = walk(av[1])
            if found:
                return found
        return None

    return walk(tree)


def _engine_problem(pattern: str, flags: int, compile_all: bool = True) -> str | None:
    """Why the native engine cannot run a regex that `re` accepts, or None. compile_all compiles
    every form (the shipped packs skip it at start-up: a test compiles them once)."""
    from . import _core
    from .engine.patterns import Untranslatable, translate

    if not compile_all:
        return None
    try:
        forms = translate(parse_regex(pattern, flags))
    except Untranslatable as exc:
        return f"it uses {exc}"
    except RecursionError:
        return "it is nested too deeply"
    return _core.check_pattern(forms.native, forms.fancy, forms.gate, forms.exact, forms.relaxed)


def data_dir(name: str) -> Path:
    """rules/ and lexicons/ live inside the package, in a checkout and in an installed wheel alike."""
    inside = PACKAGE_DIR / name
    return inside if inside.is_dir() else PACKAGE_DIR.parent / name


# What the CLI says when a run would have no rule at all to score with.
NO_RULES = "no rule is loaded (--no-default-packs without --pack, or every rule disabled): nothing to score"


class PackError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True, slots=True, kw_only=True)
class Lexicon:
    name: str
    path: str
    terms: tuple[tuple[str, float], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    id: str  # full id: pack.rule
    category: str
    kind: str
    weight: float
    scope: str
    message: str
    why: str
    terms: tuple[tuple[str, float], ...] = ()
    pattern: str | None = None
    tokens: tuple[str, ...] = ()
    case_sensitive: bool = False
    exceptions: tuple[str, ...] = ()
    attribution: str | None = None
    flag: tuple[str, ...] = ()
    passes: tuple[str, ...] = ()
    lexicons: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Pack:
    id: str
    version: str
    description: str
    path: str
    rules: tuple[Rule, ...]
    settings: dict = field(default_factory=dict)
    # The engine's forms of the rules' patterns and exception lists, made at load when the compiled-
    # pack cache is on (read from it, or made to write it); a Matcher starts from them. Empty: the
    # Matcher translates. Derived data: not compared, not shown.
    translations: dict = field(default_factory=dict, compare=False, repr=False)


_PACK_KEYS = {"id": str, "version": str, "description": str}
_PACK_OPTIONAL = {"categories": list}  # new categories this pack's rules may use, besides CATEGORIES
_RULE_KEYS = {
    "id": str, "category": str, "kind": str, "weight": (int, float), "scope": str, "message": str,
    "why": str, "lexicon": (str, list), "phrases": list, "pattern": str, "tokens": list,
    "case_sensitive": bool, "exceptions": list, "attribution": str, "examples": dict,
}
_REQUIRED = ("id", "category", "kind", "message", "why", "examples")


def did_you_mean(name: str, known, preferred: dict | None = None) -> str:
    """' (did you mean 'x'?)' naming the known names closest to an unknown one; '' when none is close.
    preferred: a name's preferred spelling (a rule's full id for its short name), so one thing is
    suggested once, by that spelling."""
    preferred = preferred or {}
    known = sorted(set(known))
    kind = ""
    if ":" in name and any(k.startswith(name.split(":", 1)[0] + ":") for k in known):
        kind = name.split(":", 1)[0] + ":"  # pack:ID or category:NAME: the names of that kind, compared bare
        name = name[len(kind):]
        known = [k[len(kind):] for k in known if k.startswith(kind)]
    import difflib

    close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
    if not close:  # a different case ('Hedging')
        lowered = {k.lower(): k for k in known}
        close = [lowered[k] for k in difflib.get_close_matches(name.lower(), list(lowered), n=3, cutoff=0.6)]
    close = [kind + c for c in close]
    # 'hedging' is a category and a pack: its 'pack:hedging' says nothing more
    close = [c for c in close if ":" not in c or c.split(":", 1)[1] not in close]
    close = list(dict.fromkeys(preferred.get(c, c) for c in close))  # 'modal-may' and 'hedging.modal-may': one rule
    return f" (did you mean {' or '.join(map(repr, close))}?)" if close else ""


def read_lexicon(path: Path) -> Lexicon:
    problems = []
    terms: list[tuple[str, float]] = []
    header = {}
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError([f"{path}: cannot read lexicon: {exc}"]) from None
    for n, line in enumerate(raw.splitlines(), 1):
        s = line.strip()
        if not s:
            continue
        if s.startswith("#"):
            key, _, val = s[1:].partition(":")
            if val:
                header[key.strip().lower()] = val.strip()
            continue
        term, _, weight = s.partition("\t")
        term = " ".join(term.lower().replace("’", "'").split())
        w = 1.0
        if weight.strip():
            try:
                w = float(weight)
            except ValueError:
                problems.append(f"{path}:{n}: weight must be a number; got {weight.strip()!r}")
        if not (0 < w <= 5):
            problems.append(f"{path}:{n}: weight must be in (0, 5]; got {w}")
        if "*" in term[:-1]:
            problems.append(f"{path}:{n}: '*' is allowed only at the end of a term; got {term!r}")
        elif term == "*":
            problems.append(f"{path}:{n}: '*' needs at least one character before it")
        terms.append((term, w))
    for key in ("sources", "licence"):
        if key not in header:
            problems.append(f"{path}: header line '# {key}: ...' is missing")
    if not terms:
        problems.append(f"{path}: lexicon has no terms")
    if problems:
        raise PackError(problems)
    return Lexicon(name=path.stem, path=str(path), terms=tuple(dict.fromkeys(terms)))


def _find_lexicon(name: str, pack_path: Path) -> Path | None:
    fname = name if name.endswith(".txt") else name + ".txt"
    for d in (pack_path.parent, pack_path.parent.parent / "lexicons", data_dir("lexicons")):
        p = d / fname
        try:
            if p.is_file():
                return p
        except (OSError, ValueError):  # a name too long for the file system, a NUL byte: not there
            continue
    return None


def compile_tokens(tokens: list[str] | tuple[str, ...]) -> str:
    """Token pattern -> regex: 'a|b' alternatives, 'x*' prefix, '{m,n}' a bounded gap of words."""
    parts = []
    for t in tokens:
        g = _GAP_RE.match(t)
        if g:
            parts.append(r"(?:\W+\w+){%d,%d}?" % (int(g.group(1)), int(g.group(2))))
            continue
        alts = []
        for alt in t.split("|"):
            star = alt.endswith("*")
            # Any run of spaces matches any whitespace; a straight or curly apostrophe matches either.
            body = r"\s+".join(re.escape(w) for w in (alt[:-1] if star else alt).split())
            body = re.sub("['’]", "['’]", body)
            alts.append(body + (r"\w*" if star else ""))
        sep = r"\W+" if parts else ""
        # (?<!\w)/(?!\w) rather than \b, so tokens may begin or end with punctuation ("U.S.").
        parts.append(sep + r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)")
    # Gaps carry their own separator; collapse "\W+" that follows a gap.
    return "".join(parts)


def _check_rule(raw: dict, where: str, pack_path: Path, lex_cache: dict,
                max_pattern_chars: int = 20_000, check_backtracking: bool = True,
                categories: tuple[str, ...] = CATEGORIES) -> tuple[list[str], dict]:
    problems = []
    given = raw
    for k in raw:
        if k not in _RULE_KEYS:
            problems.append(f"{where}: unknown key {k!r}{did_you_mean(k, _RULE_KEYS)} "
                            f"(allowed: {', '.join(sorted(_RULE_KEYS))})")
    for k in _REQUIRED:
        if k not in raw:
            problems.append(f"{where}: missing required key {k!r}")
    wrong = set()
    for k, typ in _RULE_KEYS.items():
        if k in raw and (not isinstance(raw[k], typ) or (isinstance(raw[k], bool) and typ == (int, float))):
            problems.append(f"{where}: {k!r} has the wrong type; got {type(raw[k]).__name__} {raw[k]!r}")
            wrong.add(k)
    incomplete = any(k not in raw or k in wrong for k in _REQUIRED)
    # Go on with the well-formed keys (a required one missing or mistyped too), so that every
    # problem of the rule is reported at once, not one round of fixes at a time.
    raw = {k: v for k, v in raw.items() if k in _RULE_KEYS and k not in wrong}
    out: dict = {}
    if "id" in raw and not _ID_RE.match(raw["id"]):
        problems.append(f"{where}: id must match [a-z][a-z0-9_-]*; got {raw['id']!r}")
    if "category" not in raw:
        pass
    elif not _ID_RE.match(raw["category"]):
        problems.append(f"{where}: category must match [a-z][a-z0-9_-]*; got {raw['category']!r}")
    elif raw["category"] not in categories:
        problems.append(f"{where}: unknown category {raw['category']!r}{did_you_mean(raw['category'], categories)}; "
                        f"a new category is declared in the pack: [pack] categories = [{raw['category']!r}]")
    kind = raw.get("kind")
    if kind is not None and kind not in KINDS:
        problems.append(f"{where}: kind must be one of {', '.join(KINDS)}; got {kind!r}")
    w = raw.get("weight", 1.0)
    if not (0 < w <= 5):
        problems.append(f"{where}: weight must be in (0, 5]; got {w}")
    unknown = sorted(set(re.findall(r"\{(\w*)\}", raw.get("message", ""))) - {"match"})
    if unknown:  # printed as written otherwise ("m {nope} Perhaps"): a typo of {match}, or a field that is not there
        problems.append(f"{where}: message has unknown placeholder{'s' if len(unknown) > 1 else ''} "
                        f"{', '.join('{' + u + '}' for u in unknown)}; only {{match}} is filled in (the matched text)")
    scope = raw.get("scope", "any")
    if scope not in SCOPES:
        problems.append(f"{where}: scope must be one of {', '.join(SCOPES)}; got {scope!r}")
    if "attribution" in raw and raw["attribution"] not in ATTRIBUTIONS:
        problems.append(f"{where}: attribution must be one of {', '.join(ATTRIBUTIONS)}; got {raw['attribution']!r}")
    needs = {"lexicon": "lexicon", "phrase": "phrases", "regex": "pattern", "tokens": "tokens"}
    for k, key in needs.items():
        if kind == k and key not in given:
            problems.append(f"{where}: kind {k!r} needs key {key!r}")
        elif kind != k and key in raw and kind in KINDS:
            problems.append(f"{where}: key {key!r} does not belong to kind {kind!r}")
    terms: list[tuple[str, float]] = []
    lex_names: list[str] = []
    if kind == "lexicon" and "lexicon" in raw:
        names = raw["lexicon"] if isinstance(raw["lexicon"], list) else [raw["lexicon"]]
        if not names:
            problems.append(f"{where}: 'lexicon' names no lexicon (give a file name or a list of them)")
        for name in names:
            p = _find_lexicon(str(name), pack_path)
            lex_cache[("found", str(name), str(pack_path))] = None if p is None else str(p)
            if p is None:
                problems.append(f"{where}: lexicon {name!r} not found (looked beside the pack, in ../lexicons and the built-in lexicons)")
                continue
            if p not in lex_cache:
                try:
                    lex_cache[p] = read_lexicon(p)
                except PackError as exc:
                    lex_cache[p] = exc
            lex = lex_cache[p]
            if isinstance(lex, PackError):
                problems.extend(f"{where}: {m}" for m in lex.problems)
                continue
            terms.extend(lex.terms)
            lex_names.append(lex.name)
    if kind == "phrase" and "phrases" in raw:
        if not raw["phrases"]:  # it loaded and matched nothing: only its examples' failure said so
            problems.append(f"{where}: 'phrases' is empty (give at least one phrase)")
        for ph in raw["phrases"]:
            if not isinstance(ph, str) or not ph.strip():
                problems.append(f"{where}: phrases must be non-empty strings; got {ph!r}")
            else:
                terms.append((" ".join(ph.lower().replace("’", "'").split()), float(w)))
    pattern = None
    if kind == "regex" and "pattern" in raw:
        pattern = raw["pattern"]
    if kind == "tokens" and "tokens" in raw:
        toks = raw["tokens"]
        bad = [t for t in toks if not isinstance(t, str) or not t.strip()]
        gaps = [_GAP_RE.match(t) for t in toks if isinstance(t, str)]
        if bad or not toks:
            problems.append(f"{where}: tokens must be a non-empty list of non-empty strings")
        elif any(not a.strip() or a.strip() == "*" for t in toks if not _GAP_RE.match(t) for a in t.split("|")):
            problems.append(f"{where}: every alternative of a token needs a word; got {toks!r}")
        elif _GAP_RE.match(toks[0]) or _GAP_RE.match(toks[-1]):
            problems.append(f"{where}: tokens cannot start or end with a gap")
        elif any(g and (int(g.group(1)) > int(g.group(2)) or int(g.group(2)) > MAX_GAP) for g in gaps):
            problems.append(f"{where}: a gap {{m,n}} needs m <= n <= {MAX_GAP}")
        else:
            pattern = compile_tokens(toks)
    if pattern is not None:
        flags = 0 if raw.get("case_sensitive") else re.IGNORECASE
        try:
            re.compile(pattern, flags)
        except re.error as exc:
            problems.append(f"{where}: bad regex: {exc}")
        else:
            if raw.get("kind") == "regex" and len(pattern) > max_pattern_chars:
                problems.append(f"{where}: regex is {len(pattern):,} characters long (limit {max_pattern_chars:,}); "
                                "use a phrase list or a lexicon for long term lists")
            risk = backtracking_risk(pattern, flags) if check_backtracking else None
            if risk:
                problems.append(f"{where}: regex can backtrack catastrophically (ReDoS): {risk}; "
                                "rewrite it without nested or ambiguous repeats")
            problem = _engine_problem(pattern, flags, compile_all=check_backtracking)
            if problem:
                problems.append(f"{where}: the matching engine cannot run this regex: {problem}")
    ex = raw.get("examples", {})
    for k in ex:
        if k not in ("flag", "pass"):
            problems.append(f"{where}: unknown key 'examples.{k}' (allowed: flag, pass)")
    flag, passes = ex.get("flag", []), ex.get("pass", [])
    if "examples" not in raw:
        pass  # missing or mistyped: said above
    elif not isinstance(flag, list) or not isinstance(passes, list) or not all(isinstance(x, str) for x in flag + passes):
        problems.append(f"{where}: examples.flag and examples.pass must be lists of strings")
    elif not flag or not passes:
        problems.append(f"{where}: every rule needs at least one example in examples.flag and in examples.pass")
    else:
        for x in flag:
            if not re.search(r"\[[^\[\]]+\]", x):
                problems.append(f"{where}: flag example must mark the expected span with [brackets]: {x!r}")
    for e in raw.get("exceptions", []):
        if not isinstance(e, str) or not e.strip():
            problems.append(f"{where}: exceptions must be non-empty strings; got {e!r}")
    if incomplete:
        return problems, {}
    out.update(terms=tuple(terms), pattern=pattern, lexicons=tuple(lex_names))
    return problems, out


def _read_toml(path: Path, what: str) -> tuple[str, dict]:
    """A TOML file (a pack or a project config): its text and its data; every way it can fail is
    a PackError."""
    import tomllib

    try:
        text = path.read_text(encoding="utf-8")
        return text, tomllib.loads(text)
    except FileNotFoundError:
        raise PackError([f"{path}: {what} file not found"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError([f"{path}: cannot read {what}: {exc}"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise PackError([f"{path}: TOML syntax error: {exc}"]) from None
    except RecursionError:  # tomllib recurses once per level of nested arrays and tables
        raise PackError([f"{path}: TOML nested too deeply to read (arrays or inline tables inside each other)"]) from None


def load_pack(path: str | Path, _lex_cache: dict | None = None, *, max_bytes: int = 10_000_000,
              max_rules: int = 5_000, check_backtracking: bool = True) -> Pack:
    """Load and validate one pack. max_bytes and max_rules refuse absurd files before parsing;
    check_backtracking=False skips the ReDoS check (the shipped packs, which a test checks once,
    so start-up stays fast)."""
    path = Path(path)
    lex_cache = {} if _lex_cache is None else _lex_cache
    try:
        if path.is_file() and path.stat().st_size > max_bytes:
            raise PackError([f"{path}: pack file is {path.stat().st_size:,} bytes (limit {max_bytes:,}); "
                             "put long term lists in lexicon files"])
    except OSError as exc:
        raise PackError([f"{path}: cannot read pack: {exc}"]) from None
    text, data = _read_toml(path, "pack")
    problems = []
    for k in data:
        if k not in ("pack", "rules", "settings"):
            problems.append(f"{path}: unknown top-level key {k!r} (allowed: pack, rules, settings)")
    meta = data.get("pack")
    if not isinstance(meta, dict):
        raise PackError(problems + [f"{path}: missing [pack] table with id, version, description"])
    for k in meta:
        if k not in _PACK_KEYS and k not in _PACK_OPTIONAL:
            problems.append(f"{path}: [pack]: unknown key {k!r} (allowed: {', '.join([*_PACK_KEYS, *_PACK_OPTIONAL])})"
                            f"{did_you_mean(k, [*_PACK_KEYS, *_PACK_OPTIONAL])}")
    for k, typ in _PACK_KEYS.items():
        if k not in meta:
            problems.append(f"{path}: [pack]: {k!r} is missing (a string)")
        elif not isinstance(meta[k], typ):
            problems.append(f"{path}: [pack]: {k!r} must be a string; got {meta[k]!r}")
    declared = meta.get("categories", [])
    if not isinstance(declared, list) or not all(isinstance(c, str) and _ID_RE.match(c) for c in declared):
        problems.append(f"{path}: [pack]: 'categories' must be a list of names matching [a-z][a-z0-9_-]*; "
                        f"got {declared!r}")
        declared = []
    categories = (*CATEGORIES, *declared)
    pack_id = meta.get("id")  # a missing or non-string id is said above, once
    if isinstance(pack_id, str) and not _ID_RE.match(pack_id):
        problems.append(f"{path}: [pack]: id must match [a-z][a-z0-9_-]*; got {pack_id!r}")
    rules_raw = data.get("rules", [])
    if not isinstance(rules_raw, list):
        problems.append(f"{path}: 'rules' must be an array of tables ([[rules]])")
        rules_raw = []
    settings = data.get("settings", {})
    if not isinstance(settings, dict):
        problems.append(f"{path}: [settings] must be a table")
        settings = {}
    if len(rules_raw) > max_rules:
        raise PackError(problems + [f"{path}: {len(rules_raw):,} rules (limit {max_rules:,})"])
    # Line of each [[rules]] header, so messages point where an editor can jump (file:line).
    lines = [n for n, line in enumerate(text.splitlines(), 1) if line.strip().replace(" ", "") == "[[rules]]"]
    rules = []
    seen = set()
    for i, raw in enumerate(rules_raw):
        rid = raw.get("id") if isinstance(raw, dict) else None
        loc = f"{path}:{lines[i]}" if len(lines) == len(rules_raw) else str(path)
        where = f"{loc}: rules[{i}] {rid!r}" if rid else f"{loc}: rules[{i}]"
        if not isinstance(raw, dict):
            problems.append(f"{where}: must be a table")
            continue
        if isinstance(rid, str):
            if rid in seen:
                problems.append(f"{where}: duplicate rule id {rid!r}")
            seen.add(rid)
        probs, out = _check_rule(raw, where, path, lex_cache, check_backtracking=check_backtracking,
                                 categories=categories)
        problems.extend(probs)
        if probs:
            continue
        ex = raw["examples"]
        rules.append(Rule(
            id=f"{pack_id}.{rid}", category=raw["category"], kind=raw["kind"],
            weight=float(raw.get("weight", 1.0)), scope=raw.get("scope", "any"),
            message=raw["message"], why=raw["why"], terms=out["terms"], pattern=out["pattern"],
            tokens=tuple(raw.get("tokens", ())), case_sensitive=raw.get("case_sensitive", False),
            exceptions=tuple(raw.get("exceptions", ())), attribution=raw.get("attribution"),
            flag=tuple(ex["flag"]), passes=tuple(ex["pass"]), lexicons=out["lexicons"], source=str(path),
        ))
    if problems:
        raise PackError(problems)
    return Pack(id=pack_id, version=meta["version"], description=meta["description"], path=str(path),
                rules=tuple(rules), settings=settings)


def as_list(value) -> list:
    """A parameter that takes several names or paths also takes one: "opinion" means ["opinion"]."""
    if value is None:
        return []
    if isinstance(value, (str, Path)):
        return [value]
    return list(value)


def default_pack_paths() -> list[Path]:
    return sorted(p for p in data_dir("rules").glob("*.toml") if p.name != "scoring.toml")


def pack_file_key(path: str | Path) -> Path:
    """One key per pack file however it is named (./mine.toml, an absolute path, a link)."""
    p = Path(path)
    return p.resolve() if p.exists() else p


def load_packs(paths=None, *, include_defaults: bool = True, cache: bool | None = None) -> list[Pack]:
    """Load the shipped packs (unless include_defaults is False) plus any extra pack paths.

    Raises PackError with every problem found, including rule ids duplicated across packs.
    cache: use the compiled-pack cache (see `pack_cache_dir`); None: unless FRAMING_NO_CACHE is set.
    """
    shipped = default_pack_paths() if include_defaults else []
    all_paths: list[Path] = []
    seen: set[Path] = set()
    for p in shipped + [Path(p) for p in as_list(paths)]:
        key = pack_file_key(p)
        if key not in seen:  # the same file given twice (or a shipped pack named again) loads once
            seen.add(key)
            all_paths.append(p)
    where = pack_cache_dir() if cache is None or cache else None
    entry = _cache_entry(where, [(p, p not in shipped) for p in all_paths]) if where else None
    if entry is not None:
        packs = _read_cached(entry)
        if packs is not None:
            return packs
    lex_cache: dict = {}
    packs = _load_all(all_paths, shipped, lex_cache)
    if entry is not None:
        _write_cached(entry, packs, lex_cache)
    return packs


def _load_all(all_paths: list[Path], shipped: list[Path], cache: dict) -> list[Pack]:
    packs, problems, ids, pack_ids = [], [], {}, {}
    for p in all_paths:
        try:
            pack = load_pack(p, cache, check_backtracking=p not in shipped)
        except PackError as exc:
            problems.extend(exc.problems)
            continue
        if pack.id in pack_ids:
            problems.append(f"{p}: [pack]: duplicate pack id {pack.id!r}, already used by {pack_ids[pack.id]}")
        pack_ids.setdefault(pack.id, p)
        for r in pack.rules:
            if r.id in ids:
                problems.append(f"{p}: rule {r.id!r}: duplicate id, already defined in {ids[r.id]}")
            ids[r.id] = p
        packs.append(pack)
    if problems:
        raise PackError(problems)
    return packs


# The compiled-pack cache: the validated packs of one load_packs call with the engine's forms of
# their patterns, as one file in the user's cache directory, named by a sha256 of everything
# the result depends on (the pack files' bytes and paths, this code, the engine, Python). The
# lexicons a pack reads are checked on every read (found at the same path, same sha256). A file
# that is missing, unreadable, corrupt or stale is ignored and rewritten, never an error; writes go
# through a temporary file and an atomic rename, so concurrent runs cannot tear one.
_CACHE_FORMAT = 2  # 2: a pattern's forms hold the engine's literal sets


def pack_cache_dir() -> Path | None:
    """Where compiled packs are cached: $FRAMING_CACHE_DIR, else $XDG_CACHE_HOME/framing, else
    ~/.cache/framing. None (no cache) when FRAMING_NO_CACHE is set to anything but '' or '0'."""
    import os

    if os.environ.get("FRAMING_NO_CACHE", "") not in ("", "0"):
        return None
    if os.environ.get("FRAMING_CACHE_DIR"):
        return Path(os.environ["FRAMING_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "framing"


def _digest(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _cache_hash(fmt: int, code_modules, *engine):
    """A sha256 seeded with what a cache file of format `fmt` depends on besides its inputs:
    framing's and Python's versions, the engine build (its version, `engine`: more of it, the
    library's size and mtime) and the code that makes the file (`code_modules`). Raises OSError or
    AttributeError where one cannot be read."""
    import hashlib
    import sys

    from . import __version__, _core

    code = [Path(m.__file__).read_bytes() for m in code_modules]
    core = Path(_core.__file__).stat()
    h = hashlib.sha256()
    h.update(repr([fmt, __version__, sys.version, _core.__version__, *engine, core.st_size, core.st_mtime_ns,
                   [_digest(c) for c in code]]).encode())
    return h


def _cache_entry(where: Path, items: list[tuple[Path, bool]], max_bytes: int = 10_000_000) -> Path | None:
    """The cache file of this set of packs (each with whether it gets the full checks), or None
    when a file cannot be read (load_pack reports it) or is too large to hash."""
    import sys

    from . import _core
    from .engine import patterns as engine_patterns

    try:  # the code that makes what is cached: this module and the translator (which keys its forms),
        # and the engine's matching code, which computes the literal sets kept with the forms (stale
        # ones would silently drop matches)
        h = _cache_hash(_CACHE_FORMAT, (sys.modules[__name__], engine_patterns), _core.MATCHING_BUILD)
        for p, full in items:
            if p.stat().st_size > max_bytes:
                return None
            h.update(f"\0{p}\0{full}\0".encode())
            h.update(_digest(p.read_bytes()).encode())
    except (OSError, ValueError, AttributeError):
        return None
    return where / f"packs-{h.hexdigest()}.bin"


def _translations(packs: list[Pack]) -> list[dict]:
    """The engine's forms of every pattern and exception list of the packs (what a Matcher
    without an ignore list translates)."""
    from .engine.patterns import Translator, phrase_words

    tr = Translator()
    out = []
    for p in packs:
        forms: dict = {}
        for r in p.rules:
            if r.pattern is not None:
                flags = 0 if r.case_sensitive else re.IGNORECASE
                forms[Translator.pattern_key(r.pattern, flags)] = tr.forms(r.pattern, flags)
            if r.exceptions:
                words = phrase_words(r.exceptions)
                forms[Translator.phrases_key(words)] = tr.phrase_forms(words)
        out.append(forms)
    return out


def _pack_data(pack: Pack, forms: dict) -> dict:
    rules = [{f: getattr(r, f) for f in Rule.__dataclass_fields__} for r in pack.rules]
    return {"id": pack.id, "version": pack.version, "description": pack.description, "path": pack.path,
            "settings": pack.settings, "rules": rules,
            "translations": [(k, (f.native, f.fancy, f.gate, f.exact, f.relaxed, f.literals))
                             for k, f in forms.items()]}


def _pack_of_data(d: dict) -> Pack:
    from .engine.patterns import Forms

    return Pack(id=d["id"], version=d["version"], description=d["description"], path=d["path"],
                rules=tuple(Rule(**r) for r in d["rules"]), settings=d["settings"],
                translations={k: Forms(*f) for k, f in d["translations"]})


# A cache file: this line, the payload's length and CRC-32, then the payload (marshal: plain
# tuples, lists, dicts and strings; 1 ms to read where JSON took 30, the patterns' forms holding
# megabytes of escapes). The length and checksum are checked before the payload is read.
_CACHE_MAGIC = b"framing compiled packs\n"


def _cache_load(entry: Path):
    """The payload of a cache file, or None when it is missing, unreadable or corrupt."""
    import marshal
    import zlib

    try:
        raw = entry.read_bytes()
        head = len(_CACHE_MAGIC)
        if raw[:head] != _CACHE_MAGIC:
            return None
        size, crc = int.from_bytes(raw[head:head + 8], "big"), int.from_bytes(raw[head + 8:head + 12], "big")
        payload = memoryview(raw)[head + 12:]
        if len(payload) != size or zlib.crc32(payload) != crc:
            return None
        data = marshal.loads(payload)
        return data if isinstance(data, dict) and data.get("format") == _CACHE_FORMAT else None
    except Exception:  # noqa: BLE001 - whatever is wrong with a cache file, it is only rebuilt
        return None


def _cache_store(entry: Path, data: dict, keep: int = 32) -> None:
    """Writes a cache file (a temporary file renamed over it: readers never see half of one) and
    keeps the `keep` newest files of its kind; a cache that cannot be written is no error.
    Raises ValueError for data marshal cannot hold."""
    import marshal
    import os
    import tempfile
    import zlib

    payload = marshal.dumps({**data, "format": _CACHE_FORMAT})
    blob = _CACHE_MAGIC + len(payload).to_bytes(8, "big") + zlib.crc32(payload).to_bytes(4, "big") + payload
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(blob)
            os.replace(tmp, entry)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        kind = entry.name.split("-", 1)[0]
        old = sorted(entry.parent.glob(f"{kind}-*.bin"), key=lambda q: q.stat().st_mtime, reverse=True)
        for q in old[keep:]:
            q.unlink(missing_ok=True)
    except OSError:
        return


def _read_cached(entry: Path) -> list[Pack] | None:
    """The packs of a cache file, or None when it is missing, unreadable, corrupt or stale."""
    data = _cache_load(entry)
    if data is None:
        return None
    try:
        for name, pack_path, found, digest in data["lexicons"]:
            now = _find_lexicon(name, Path(pack_path))
            if (None if now is None else str(now)) != found or (found and _digest(Path(found).read_bytes()) != digest):
                return None
        return [_pack_of_data(p) for p in data["packs"]]
    except Exception:  # noqa: BLE001 - whatever is wrong with a cache file, it is only rebuilt
        return None


def _write_cached(entry: Path, packs: list[Pack], lex_cache: dict, keep: int = 32) -> None:
    """Translates the packs' patterns into their `translations` and writes the cache file; a cache
    directory that cannot be written is no error. Keeps the `keep` newest cache files."""
    try:
        forms = _translations(packs)
    except (ValueError, RecursionError):  # an Untranslatable pattern: the Matcher reports it
        return
    for p, f in zip(packs, forms):
        p.translations.update(f)
    lexicons = []
    for key, found in lex_cache.items():
        if isinstance(key, tuple) and key[0] == "found":
            try:
                digest = _digest(Path(found).read_bytes()) if found else ""
            except OSError:
                return
            lexicons.append((key[1], key[2], found, digest))
    try:
        _cache_store(entry, {"lexicons": lexicons, "packs": [_pack_data(p, f) for p, f in zip(packs, forms)]}, keep)
    except ValueError:  # settings marshal cannot hold (a TOML date): not cached
        return


def load_config(path: str | Path | None = None, *, cache: bool | None = None) -> dict:
    """Scoring settings (index weights, thresholds) from rules/scoring.toml or a given file.
    cache: keep the parsed file in the compiled-pack cache (None: unless FRAMING_NO_CACHE is set)."""
    import sys

    path = Path(path) if path else data_dir("rules") / "scoring.toml"
    where = pack_cache_dir() if cache is None or cache else None
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PackError([f"{path}: cannot read scoring config: {exc}"]) from None
    entry = where / f"config-{_digest(repr((sys.version, _CACHE_FORMAT)).encode() + raw)}.bin" if where else None
    data = _cache_load(entry) if entry else None
    if data is not None and isinstance(data.get("config"), dict):
        return data["config"]
    import tomllib

    try:
        config = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PackError([f"{path}: cannot read scoring config: {exc}"]) from None
    if entry is not None:
        try:
            _cache_store(entry, {"config": config})
        except ValueError:  # a value marshal cannot hold (a TOML date): not cached
            pass
    return config


def check_config(config, where: str = "scoring config") -> None:
    """Validate scoring settings against the shipped rules/scoring.toml: known sections and keys,
    numbers where it has numbers, and well-formed index terms. Raises PackError with every problem."""
    default = load_config()
    problems = []
    if not isinstance(config, dict):
        raise PackError([f"{where}: must be a table (dict) of sections, got {type(config).__name__}"])
    for section, values in config.items():
        if section not in default:
            problems.append(f"{where}: unknown section [{section}] (known: {', '.join(sorted(default))})")
            continue
        if not isinstance(values, dict):
            problems.append(f"{where}: [{section}] must be a table")
            continue
        for key, value in values.items():
            known = default[section]
            if key not in known:
                problems.append(f"{where}: [{section}] unknown key {key!r} (known: {', '.join(sorted(known))})")
            elif key == "terms":
                if not isinstance(value, list):
                    problems.append(f"{where}: [index] terms must be a list of {{feature, weight}} tables")
                    continue
                for i, term in enumerate(value):
                    if not (isinstance(term, dict) and isinstance(term.get("feature"), str)
                            and isinstance(term.get("weight"), (int, float)) and not isinstance(term.get("weight"), bool)
                            and set(term) <= {"feature", "weight"}):
                        problems.append(f"{where}: [index] terms[{i}] needs exactly feature (text) and weight (number)")
            elif isinstance(known[key], (int, float)) and not isinstance(known[key], bool):
                if not isinstance(value, (int, float)) or isinstance(value, bool) or value != value:
                    problems.append(f"{where}: [{section}] {key} must be a number, got {value!r}")
                elif key.startswith("max_") and value < 1:
                    problems.append(f"{where}: [{section}] {key} must be at least 1, got {value!r}")
                elif value < 0:
                    problems.append(f"{where}: [{section}] {key} must not be negative, got {value!r}")
            elif not isinstance(value, type(known[key])):
                problems.append(f"{where}: [{section}] {key} must be {type(known[key]).__name__}, got {value!r}")
    if problems:
        raise PackError(problems)


PROJECT_CONFIG = ".framing.toml"
_PROJECT_KEYS = {"packs": list, "disable": list, "ignore": list, "no_default_packs": bool, "inline_markers": bool}


def find_project_config(start: str | Path | None = None) -> Path | None:
    """The nearest .framing.toml in `start` (default: the working directory) or a parent, like Vale's
    .vale.ini: a project keeps its house packs and ignore list beside its articles."""
    here = Path(start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        candidate = d / PROJECT_CONFIG
        if candidate.is_file():
            return candidate
    return None


def read_project_config(path: str | Path) -> dict:
    """Validate a project file's [framing] table: packs (paths relative to the file), disable
    (rule ids, pack ids or categories), ignore (phrases that cancel the matches inside them),
    no_default_packs, inline_markers (false: `<!-- framing off -->` markers are read as text).
    Unknown keys are errors."""
    path = Path(path)
    _, data = _read_toml(path, "config")
    problems = [f"{path}: unknown top-level key {k!r} (allowed: framing)" for k in data if k != "framing"]
    table = data.get("framing", {})
    if not isinstance(table, dict):
        raise PackError(problems + [f"{path}: 'framing' must be a table ([framing])"])
    for k, v in table.items():
        if k not in _PROJECT_KEYS:
            problems.append(f"{path}: [framing]: unknown key {k!r} (allowed: {', '.join(_PROJECT_KEYS)})")
        elif not isinstance(v, _PROJECT_KEYS[k]) or (isinstance(v, list) and not all(isinstance(x, str) for x in v)):
            want = "a list of strings" if _PROJECT_KEYS[k] is list else "true or false"
            problems.append(f"{path}: [framing]: {k!r} must be {want}; got {v!r}")
    if problems:
        raise PackError(problems)
    return {
        "packs": [str((path.parent / p).resolve()) if not Path(p).is_absolute() else p for p in table.get("packs", [])],
        "disable": list(table.get("disable", [])),
        "ignore": list(table.get("ignore", [])),
        "no_default_packs": table.get("no_default_packs", False),
        "inline_markers": table.get("inline_markers"),
        "path": str(path),
    }
