"""Scoring the reader against the labelled sentences in tests/fixtures/reading/.

Each case is an entry (who is in it, its text) with the proposals a careful reader would
make. A proposal counts as right when its kind, its person and its target agree (the
held fact and new status, the open promise, the kind of new fact); dates are scored on
their own, among the right proposals that carry an expected date.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from journal.core.reading import (
    KINDS,
    Detected,
    HeldFact,
    OpenPromise,
    PersonRef,
    en,
    preticked,
    read_entry,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "reading"


@dataclass
class Score:
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    pre_tp: Counter[str] = field(default_factory=Counter)
    pre_fp: Counter[str] = field(default_factory=Counter)
    dates_right: int = 0
    dates_expected: int = 0
    sentences: int = 0
    cases: int = 0
    mistakes: list[str] = field(default_factory=list)

    def precision(self, kind: str) -> float | None:
        n = self.tp[kind] + self.fp[kind]
        return self.tp[kind] / n if n else None

    def recall(self, kind: str) -> float | None:
        n = self.tp[kind] + self.fn[kind]
        return self.tp[kind] / n if n else None

    def preticked_precision(self, kind: str) -> float | None:
        n = self.pre_tp[kind] + self.pre_fp[kind]
        return self.pre_tp[kind] / n if n else None

    def table(self, title: str) -> str:
        lines = [
            f"{title}: {self.cases} entries, {self.sentences} sentences",
            f"  {'kind':<13} {'prec':>6} {'recall':>6} {'tp':>4} {'fp':>4} {'fn':>4}  pre-ticked prec",
        ]
        for kind in KINDS:
            p, r, pp = self.precision(kind), self.recall(kind), self.preticked_precision(kind)
            lines.append(
                f"  {kind:<13} {_pct(p):>6} {_pct(r):>6} {self.tp[kind]:>4} {self.fp[kind]:>4} "
                f"{self.fn[kind]:>4}  {_pct(pp)} ({self.pre_tp[kind] + self.pre_fp[kind]})"
            )
        all_tp, all_fp, all_fn = (sum(c.values()) for c in (self.tp, self.fp, self.fn))
        lines.append(
            f"  {'all':<13} {_pct(all_tp / max(all_tp + all_fp, 1)):>6} "
            f"{_pct(all_tp / max(all_tp + all_fn, 1)):>6} {all_tp:>4} {all_fp:>4} {all_fn:>4}"
        )
        lines.append(f"  dates right: {self.dates_right}/{self.dates_expected}")
        return "\n".join(lines)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


def load(name: str) -> tuple[dict, list[dict]]:
    cast = json.loads((FIXTURES / "cast.json").read_text(encoding="utf-8"))
    cases = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))["cases"]
    return cast, cases


def _label(d: Detected, ids: dict[str, str]) -> tuple[str, ...]:
    key = {v: k for k, v in ids.items()}
    person = key[d.person_id]
    if d.kind == "new_fact":
        return ("new_fact", person, str(d.facet_kind))
    if d.kind == "fact_status":
        return ("fact_status", key[str(d.facet_id)], str(d.new_status))
    if d.kind == "promise_kept":
        return ("promise_kept", key[str(d.follow_up_id)])
    return (d.kind, person)


def _expected(text: str) -> tuple[tuple[str, ...], str | None]:
    parts = text.split()
    kind = parts[0]
    size = {
        "new_fact": 3,
        "fact_status": 3,
        "promise_kept": 2,
        "promise": 2,
        "life_event": 2,
        "deceased": 2,
    }[kind]
    label = tuple(parts[:size])
    rest = parts[size:]
    if kind == "life_event" and rest:
        rest = rest[1:]  # the kind of event is for the reader of the file
    when = next((p for p in rest if p[:2] == "20"), None)
    return label, when


def _date_of(d: Detected) -> date | None:
    return d.due_on if d.kind == "promise" else d.event_date


def score(name: str) -> Score:
    cast, cases = load(name)
    on = date.fromisoformat(cast["on"])
    result = Score()
    ids = {k: f"id-{k}" for k in [*cast["people"], *cast["facts"], *cast["promises"]]}
    for n, case in enumerate(cases):
        who = case["with"].split()
        people = [
            PersonRef(ids[k], cast["people"][k]["name"], pronouns=cast["people"][k]["pronouns"])
            for k in who
        ]
        facts = [
            HeldFact(ids[k], ids[f["person"]], f["kind"], f["text"])
            for k, f in cast["facts"].items()
            if f["person"] in who
        ]
        promises = [
            OpenPromise(ids[k], ids[p["person"]], p["text"])
            for k, p in cast["promises"].items()
            if p["person"] in who
        ]
        day = date.fromisoformat(case.get("on", cast["on"])) if case.get("on") else on
        found = read_entry(case["text"], day, people, facts, promises)
        result.cases += 1
        result.sentences += len(en.sentences(case["text"]))
        wanted = [_expected(e) for e in case["expect"]]
        open_labels = Counter(label for label, _ in wanted)
        dates = {label: when for label, when in wanted}
        for d in found:
            label = _label(d, ids)
            kind = d.kind
            if open_labels[label] > 0:
                open_labels[label] -= 1
                result.tp[kind] += 1
                if preticked(d):
                    result.pre_tp[kind] += 1
                if dates.get(label):
                    result.dates_expected += 1
                    got = _date_of(d)
                    if got and got.isoformat() == dates[label]:
                        result.dates_right += 1
                    else:
                        result.mistakes.append(f"#{n} date {label} {got} != {dates[label]}")
            else:
                result.fp[kind] += 1
                if preticked(d):
                    result.pre_fp[kind] += 1
                result.mistakes.append(f"#{n} FP {label} {d.text!r} :: {case['text']}")
        for label, left in open_labels.items():
            for _ in range(left):
                result.fn[label[0]] += 1
                result.mistakes.append(f"#{n} FN {label} :: {case['text']}")
    return result


def report() -> str:
    return "\n\n".join(score(name).table(name) for name in ("dev", "heldout"))


if __name__ == "__main__":
    import sys

    for name in sys.argv[1:] or ["dev", "heldout"]:
        s = score(name)
        print(s.table(name))
        if "-v" in sys.argv or name == "dev":
            print("\n".join(s.mistakes))
