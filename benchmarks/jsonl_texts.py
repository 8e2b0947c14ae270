"""The "text" fields of a JSONL file: the corpus the benchmark scripts read."""
import json


def jsonl_texts(path, limit: int | None = None) -> list[str]:
    """The non-blank "text" fields of the JSONL file at `path`, in order, the first `limit` of them
    (None: all); a file without one is a one-line error (SystemExit)."""
    texts = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if limit is not None and len(texts) >= limit:
                break
            t = json.loads(line).get("text")
            if isinstance(t, str) and t.strip():
                texts.append(t)
    if not texts:
        raise SystemExit(f"{path}: no records with a 'text' field")
    return texts
