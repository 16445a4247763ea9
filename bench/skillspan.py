"""Skill mentions against SkillSpan's Knowledge spans (Zhang et al., NAACL 2022; MIT).

Each sentence's tokens are joined by single spaces; a mention covers the tokens it overlaps.
Strict: the same first and last token. Overlap: at least one token in common (each gold span and
each predicted span matched at most once).

    python -m bench.skillspan [tech|house] [--errors N]
"""

import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.common import SHARED
from loaders.extract.skills import find_skills

Span = tuple[int, int]  # first and last token, inclusive


def sentences(path: Path) -> list[tuple[list[str], list[Span]]]:
    out: list[tuple[list[str], list[Span]]] = []
    tokens: list[str] = []
    tags: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.strip():
            cols = line.split("\t")
            tokens.append(cols[0])
            tags.append(cols[2] if len(cols) > 2 else "O")
            continue
        if tokens:
            out.append((tokens, _spans(tags)))
        tokens, tags = [], []
    return out


def _spans(tags: list[str]) -> list[Span]:
    spans: list[Span] = []
    start = None
    for i, tag in enumerate([*tags, "O"]):
        if start is not None and not tag.startswith("I-"):
            spans.append((start, i - 1))
            start = None
        if tag.startswith("B-") or (tag.startswith("I-") and start is None):
            start = i
    return spans


def predict(tokens: list[str]) -> list[Span]:
    text = " ".join(tokens)
    starts, pos = [], 0
    for token in tokens:
        starts.append(pos)
        pos += len(token) + 1
    spans = []
    for hit in find_skills(text):
        for m in hit.mentions:
            first = max(i for i, s in enumerate(starts) if s <= m.start)
            last = max(i for i, s in enumerate(starts) if s < m.end)
            spans.append((first, last))
    return sorted(set(spans))


def evaluate(split: str = "tech", errors: int = 0) -> dict[str, Any]:
    data = sentences(SHARED / "data" / "skillspan" / f"skillspan_{split}_dev.conll")
    tp_strict = n_pred = n_gold = tp_overlap_p = tp_overlap_g = 0
    false_pos: Counter[str] = Counter()
    false_neg: Counter[str] = Counter()
    started = time.perf_counter()
    chars = 0
    for tokens, gold in data:
        chars += len(" ".join(tokens))
        pred = predict(tokens)
        n_pred += len(pred)
        n_gold += len(gold)
        tp_strict += len(set(pred) & set(gold))
        tp_overlap_p += sum(any(p[0] <= g[1] and g[0] <= p[1] for g in gold) for p in pred)
        tp_overlap_g += sum(any(p[0] <= g[1] and g[0] <= p[1] for p in pred) for g in gold)
        false_pos.update(" ".join(tokens[a : b + 1]) for a, b in set(pred) - set(gold))
        false_neg.update(" ".join(tokens[a : b + 1]) for a, b in set(gold) - set(pred))
    elapsed = time.perf_counter() - started

    def prf(tp_p: int, tp_g: int) -> dict[str, float]:
        p = tp_p / n_pred if n_pred else 0.0
        r = tp_g / n_gold if n_gold else 0.0
        return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}

    result: dict[str, Any] = {
        "split": f"{split} dev",
        "sentences": len(data),
        "gold_spans": n_gold,
        "predicted_spans": n_pred,
        "strict": prf(tp_strict, tp_strict),
        "overlap": prf(tp_overlap_p, tp_overlap_g),
        "seconds": round(elapsed, 3),
        "chars": chars,
    }
    if errors:
        result["top_false_positives"] = false_pos.most_common(errors)
        result["top_false_negatives"] = false_neg.most_common(errors)
    return result


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(sys.argv[sys.argv.index("--errors") + 1]) if "--errors" in sys.argv else 0
    print(json.dumps(evaluate(args[0] if args and args[0] in ("tech", "house") else "tech", n), indent=2))
