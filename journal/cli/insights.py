"""insights: the health of the network as text (or JSON), the same as the Insights screen."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from journal.cli.common import add_common_options, date_option, open_journal, print_json
from journal.core.insights import Insights, compute_insights, to_dict
from journal.core.insights.findings import Finding, names
from journal.core.wording import duration, format_date, month_text

#: Rows of a share table shown before "and N more".
TABLE_ROWS = 8
WIDTH = 88


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("insights", help="how diverse, reciprocal and well kept your network is")
    add_common_options(p)
    p.add_argument("--json", action="store_true", help="everything, with the ids behind it")
    p.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        help="the insights as they stood on another day (default: today)",
    )
    p.set_defaults(func=cmd_insights)


def cmd_insights(args: argparse.Namespace) -> int:
    on = date_option(args.date)
    with open_journal(args) as journal:
        insights = compute_insights(journal, on, weekly=True)
    if args.json:
        print_json(to_dict(insights))
    else:
        print(render(insights), end="")
    return 0


def render(ins: Insights) -> str:
    """The Insights screen as plain text: findings with the names behind them, tables."""
    out: list[str] = [f"Insights on {format_date(ins.today)}", "", *_wrap(ins.overview.text, "")]
    if not ins.people:
        # Every table would be zeros and "no ... yet" four times over: say what to do.
        out.extend(["", "Add someone with: journal log --with NAME TEXT (or journal import FILE)"])
        return "\n".join(out) + "\n"

    def section(title: str) -> None:
        out.extend(["", title, "-" * len(title)])

    def finding(f: Finding, show_people: bool = True) -> None:
        out.extend(_wrap(f.text, "* "))
        if show_people and f.people:
            out.extend(
                _wrap("People: " + names([ins.names.get(p, "?") for p in f.people], 6), "    ")
            )

    if ins.highlights:
        section("Worth doing")
        for f in ins.highlights:
            finding(f)

    section("Diversity of your active network")
    for d in ins.diversity:
        out.extend(_wrap(d.finding.text, "* "))
        if not d.rows:
            continue
        out.append(
            f"    Measures: Shannon H {d.entropy:.2f}, effective number exp(H) {d.effective:.2f}, "
            f"Blau {d.blau:.2f}, normalised "
            + (
                f"{d.normalised_blau:.2f}"
                if d.normalised_blau is not None
                else "n/a (fewer than two categories)"
            )
        )
        for row in d.rows[:TABLE_ROWS]:
            out.append(
                f"    {row.label[:30]:<30} {row.weight:>6g}  {row.share * 100:5.1f}%  "
                + names([ins.names.get(p, "?") for p in row.people], 2)
            )
        if len(d.rows) > TABLE_ROWS:
            out.append(f"    ... and {len(d.rows) - TABLE_ROWS} more")
        if d.unknown:
            out.append(f"    ({len(d.unknown)} active with no {d.dimension} recorded)")
    if ins.cluster:
        finding(ins.cluster.finding)
    finding(ins.brokerage.finding, show_people=False)
    if ins.active:  # the measure's workings, when there is something to measure
        out.extend(_wrap(ins.brokerage.finding.how, "    "))
    for f in ins.flags:
        finding(f)

    section("Ties by strength")
    strength = next(f for f in ins.ties.findings if f.key == "ties.strength")
    finding(strength, show_people=False)
    for label, counts in (
        ("Close (inner, close)", ins.ties.strong),
        ("Wider (network, acquaintance, dormant)", ins.ties.weak),
    ):
        out.append(
            f"  {label}: {counts.total} — {len(counts.active)} in touch, "
            f"{len(counts.drifting)} drifting, {len(counts.dormant)} dormant"
        )
        for state, ids in (("Drifting", counts.drifting), ("Dormant", counts.dormant)):
            if ids:  # a count is never left without the names behind it
                who = names([ins.names.get(p, "?") for p in ids], 6)
                out.extend(_wrap(f"{state}: {who}", "    "))
    if ins.ties.at_risk:
        out.append("  At risk (more than twice overdue):")
        for a in ins.ties.at_risk[:TABLE_ROWS]:
            last = f"{format_date(a.last_contact)}" if a.last_contact else "never logged"
            out.append(
                f"    {a.name} ({a.circle.value}): {duration(a.days)}, {a.ratio:.1f}× the "
                f"cadence, last {last}, closeness about {a.closeness * 100:.0f}%"
            )
        if len(ins.ties.at_risk) > TABLE_ROWS:
            out.append(f"    ... and {len(ins.ties.at_risk) - TABLE_ROWS} more")
    for f in ins.ties.findings:
        if f.key in ("ties.reconnect", "ties.unplaced"):
            finding(f, show_people=False)
    for c in ins.ties.reconnect[:5]:
        out.extend(_wrap(c.reason, "    - "))

    section("Reciprocity")
    r = ins.reciprocity
    out.append(
        f"  Given {r.given}, received {r.received} (last 12 months: "
        f"{r.given_last_year} given, {r.received_last_year} received)"
    )
    for f in r.findings:
        finding(f, show_people=f.key != "reciprocity.balance")
    owed = [b for b in r.people if b.net < 0][:5]
    ahead = sorted((b for b in r.people if b.net > 0), key=lambda b: -b.net)[:5]
    for label, rows in (("Received more than given", owed), ("Given more than received", ahead)):
        if rows:
            out.extend(
                _wrap(
                    f"{label}: "
                    + "; ".join(f"{b.name} (gave {b.given}, received {b.received})" for b in rows),
                    "  ",
                )
            )

    section("Follow-through (last 90 days)")
    for f in ins.follow_through.findings:
        finding(f, show_people=False)
    for item in ins.follow_through.open[:5]:
        who = ins.names.get(item.person_id or "", "")
        out.append(
            f"    - {item.text} (due {format_date(item.due_on, year=False)}{', ' + who if who else ''})"
        )

    section("Networking Quotient (estimate, after Dulworth)")
    for quotient in ins.quotient.items:
        score = quotient.score
        out.append(f"  {quotient.label:<36} {score}/4  {'#' * score}{'.' * (4 - score)}")
        out.extend(_wrap(quotient.evidence, "      "))
    out.append(f"  Total {ins.quotient.total} of 280 ({ins.quotient.band})")
    for f in ins.quotient.findings:
        if f.key == "quotient.best" and f in ins.highlights:
            continue  # said once, under "Worth doing"
        finding(f, show_people=False)

    section("Contact over time (entries per month)")
    peak = max((m.entries for m in ins.months), default=0) or 1
    # From the first month with an entry: a new journal is not two years of zeros.
    first = next((i for i, m in enumerate(ins.months) if m.entries), len(ins.months))
    for m in ins.months[first:]:
        out.append(
            f"  {month_text(m.month):<8}  {'█' * round(m.entries / peak * 40):<40} {m.entries}"
        )
    return "\n".join(out) + "\n"


def _wrap(text: str, first: str, width: int = WIDTH) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width, initial_indent=first, subsequent_indent=" " * len(first)) or [
        first.rstrip()
    ]


__all__: Sequence[str] = ["register", "render"]
