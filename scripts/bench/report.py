#!/usr/bin/env python3
"""Turns scripts/bench.sh's hyperfine and GNU time results into the table of docs/benchmarks.md.

Usage: report.py --results DIR --cases "pixcrawler tables-10 ..." [--write docs/benchmarks.md]
Prints the markdown; with --write, replaces the part of the file between the bench markers.
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

BEGIN = "<!-- bench:begin (scripts/bench.sh writes this part) -->"
END = "<!-- bench:end -->"


def load(path: Path) -> dict[str, dict]:
    if not path.exists():
        return {}
    return {r["command"]: r for r in json.loads(path.read_text())["results"]}


def ms(result: dict | None) -> float | None:
    return None if result is None else result["median"] * 1000


def cell(result: dict | None) -> str:
    if result is None:
        return "–"
    times = [t * 1000 for t in result["times"]]
    median = statistics.median(times)
    if len(times) == 1:
        return f"{fmt(median)} (1 run)"
    return f"{fmt(median)} ({fmt(min(times))}–{fmt(max(times))})"


def fmt(value: float) -> str:
    if value >= 10000:
        return f"{value / 1000:.1f} s"
    if value >= 1000:
        return f"{value / 1000:.2f} s"
    return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"


def rss(results: Path, case: str, command: str) -> float | None:
    values = []
    for file in sorted(results.glob(f"{case}.{command}.rss*")):
        text = file.read_text().strip().splitlines()
        if text and text[-1].isdigit():
            values.append(int(text[-1]) / 1024)
    return statistics.median(values) if values else None


def tables(case: str) -> int:
    return 9 if case == "pixcrawler" else int(case.split("-")[1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--results", required=True, type=Path)
    parser.add_argument("--cases", required=True)
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    cases = args.cases.split()

    rows = []
    data = {}
    for case in cases:
        sg = load(args.results / f"{case}.schemagen.json")
        lm = load(args.results / f"{case}.linkml.json")
        data[case] = (sg, lm)
        generate, check, floor = sg.get("generate"), sg.get("check"), sg.get("floor")
        ddl, sqla = lm.get("gen-sqlddl"), lm.get("gen-sqla")
        peak = rss(args.results, case, "generate")
        peak_check = rss(args.results, case, "check")
        ratio_floor = ms(generate) / ms(floor) if generate and floor else None
        ratio_ddl = ms(ddl) / ms(generate) if ddl and generate else None
        ratio_sqla = ms(sqla) / ms(generate) if sqla and generate else None
        rows.append(
            "| "
            + " | ".join(
                [
                    "PixCrawler `schema.yaml`"
                    if case == "pixcrawler"
                    else f"synthetic, {tables(case):,} tables",
                    f"{tables(case):,}",
                    cell(floor),
                    cell(generate),
                    cell(check),
                    f"{ratio_floor:.2f}×" if ratio_floor else "–",
                    f"{peak:.0f} / {peak_check:.0f} MiB"
                    if peak and peak_check
                    else "–",
                    cell(ddl),
                    cell(sqla),
                    f"{ratio_ddl:.0f}× / {ratio_sqla:.0f}×"
                    if ratio_ddl and ratio_sqla
                    else "–",
                ]
            )
            + " |"
        )

    lines = [
        (
            "| schema | tables | floor | `generate` (all outputs) | `check` | generate ÷ floor "
            "| peak RSS generate / check | LinkML `gen-sqlddl` | LinkML `gen-sqla` "
            "| LinkML ÷ generate (sqlddl / sqla) |"
        ),
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *rows,
        "",
        "Times are wall-clock medians of whole processes, with the fastest and slowest run in parentheses.",
        "",
    ]

    def median_of(case: str, command: str, linkml: bool = False) -> float | None:
        if case not in data:
            return None
        return ms(data[case][1 if linkml else 0].get(command))

    targets = []

    def target(text: str, ok: bool | None, detail: str) -> None:
        mark = "not measured" if ok is None else ("met" if ok else "**missed**")
        targets.append(f"| {text} | {detail} | {mark} |")

    g_pix, f_pix = median_of("pixcrawler", "generate"), median_of("pixcrawler", "floor")
    target(
        "PixCrawler, all outputs ≤ 2× the floor",
        None if not (g_pix and f_pix) else g_pix <= 2 * f_pix,
        f"{fmt(g_pix)} vs floor {fmt(f_pix)} ({g_pix / f_pix:.2f}×)"
        if g_pix and f_pix
        else "–",
    )
    d_pix = median_of("pixcrawler", "gen-sqlddl", linkml=True)
    target(
        "PixCrawler ≥ 50× faster than LinkML `gen-sqlddl`",
        None if not (g_pix and d_pix) else d_pix >= 50 * g_pix,
        f"{fmt(d_pix)} vs {fmt(g_pix)} ({d_pix / g_pix:.0f}×)"
        if g_pix and d_pix
        else "–",
    )
    g1k, g10k = (
        median_of("tables-1000", "generate"),
        median_of("tables-10000", "generate"),
    )
    target(
        "1,000 tables, all outputs < 200 ms",
        None if g1k is None else g1k < 200,
        fmt(g1k) if g1k else "–",
    )
    d1k = median_of("tables-1000", "gen-sqlddl", linkml=True)
    target(
        "1,000 tables ≥ 100× faster than LinkML `gen-sqlddl`",
        None if not (g1k and d1k) else d1k >= 100 * g1k,
        f"{fmt(d1k)} vs {fmt(g1k)} ({d1k / g1k:.0f}×)" if g1k and d1k else "–",
    )
    target(
        "10,000 tables < 2 s",
        None if g10k is None else g10k < 2000,
        fmt(g10k) if g10k else "–",
    )
    p10k = rss(args.results, "tables-10000", "generate")
    target(
        "10,000 tables < 300 MiB peak",
        None if p10k is None else p10k < 300,
        f"{p10k:.0f} MiB" if p10k else "–",
    )
    target(
        "10,000-table time ≤ 11× the 1,000-table time (linear)",
        None if not (g1k and g10k) else g10k <= 11 * g1k,
        f"{g10k / g1k:.1f}×" if g1k and g10k else "–",
    )
    worst = None
    for case in cases:
        g, c = median_of(case, "generate"), median_of(case, "check")
        if g and c:
            ratio = c / g
            worst = ratio if worst is None or ratio > worst else worst
    target(
        "`check` ≤ `generate`",
        None if worst is None else worst <= 1.0,
        f"largest check ÷ generate: {worst:.2f}" if worst else "–",
    )

    lines += ["| target | measured | |", "|---|---|---|", *targets, ""]
    versions = args.results / "versions.txt"
    if versions.exists():
        lines += [
            "Machine and versions:",
            "",
            "```",
            versions.read_text().strip(),
            "```",
        ]
    table = "\n".join(lines)
    print(table)

    if args.write:
        text = (
            args.write.read_text()
            if args.write.exists()
            else f"# Benchmarks\n\n{BEGIN}\n{END}\n"
        )
        if BEGIN not in text or END not in text:
            text = text.rstrip() + f"\n\n{BEGIN}\n{END}\n"
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        args.write.write_text(f"{head}{BEGIN}\n{table}\n{END}{tail}")


if __name__ == "__main__":
    main()
