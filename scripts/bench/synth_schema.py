#!/usr/bin/env python3
"""Writes a synthetic schema.yaml with N tables for scripts/bench.sh.

A realistic mix, deterministic for a given N: every table uses the id and timestamps mixins, has an owner
column referencing auth.users with the RLS owner shorthand, and most have a foreign key to an earlier
table, an enum column with a default, a jsonb column with a shape, a composite index, a check and comments.

Usage: synth_schema.py N > schema.yaml
"""

from __future__ import annotations

import random
import sys

HEADER = """\
# Synthetic benchmark schema ({n} tables), written by scripts/bench/synth_schema.py.
mixins:
  id:
    position: first
    columns:
      id: {{ type: uuid, primary_key: true, default: gen_random_uuid() }}
  timestamps:
    position: last
    columns:
      created_at: {{ type: timestamptz, default: now() }}
      updated_at: {{ type: timestamptz, default: now() }}

external:
  auth.users:
    comment: Supabase Auth users.
    columns:
      id: {{ type: uuid, primary_key: true }}
      email: text?
"""

WORDS = [
    "account",
    "invoice",
    "order",
    "project",
    "crawl",
    "image",
    "label",
    "dataset",
    "team",
    "member",
    "payment",
    "report",
    "metric",
    "event",
    "session",
    "device",
    "region",
    "product",
    "price",
    "review",
]


def name_of(i: int) -> str:
    return f"{WORDS[i % len(WORDS)]}_{i}"


def main() -> None:
    n = int(sys.argv[1])
    rng = random.Random(n)
    out = [HEADER.format(n=n)]

    enum_count = max(1, n // 5)
    out.append("enums:")
    for e in range(enum_count):
        values = ["pending", "active", "paused", "done", "failed"][: 3 + e % 3]
        out.append(f"  status_{e}: [{', '.join(values)}]")
    out.append("")

    shape_count = max(1, n // 10)
    out.append("shapes:")
    for s in range(shape_count):
        out.append(f"  Settings{s}:")
        out.append(f"    comment: Settings of kind {s}.")
        out.append("    fields:")
        out.append("      enabled: boolean")
        out.append("      limit: integer?")
        out.append("      tags: string[]?")
        out.append(
            "      label: { type: string, optional: true, comment: Shown in the UI. }"
        )
    out.append("")

    out.append("tables:")
    for i in range(n):
        t = name_of(i)
        enum = f"status_{i % enum_count}"
        shape = f"Settings{i % shape_count}"
        out.append(f"  {t}:")
        out.append(
            f"    comment: Synthetic table {i}, a {WORDS[i % len(WORDS)]} with an owner."
        )
        out.append("    use: [id, timestamps]")
        out.append("    columns:")
        out.append(
            "      user_id: { type: uuid, references: auth.users.id, on_delete: cascade }"
        )
        if i > 0:
            parent = name_of(rng.randrange(0, i))
            out.append(
                f"      parent_id: {{ type: uuid?, references: {parent}.id, on_delete: set_null, index: true, inverse: {t}_children }}"
            )
        out.append("      name: { type: varchar(100), comment: The display name. }")
        out.append("      description: text?")
        out.append(f"      status: {{ type: {enum}, default: pending }}")
        out.append('      score: { type: integer, default: 0, check: "score >= 0" }')
        out.append('      amount: { type: "numeric(12,2)", default: 0 }')
        out.append('      tags: { type: "text[]", default: [] }')
        out.append(f"      settings: {{ type: jsonb, shape: {shape}, default: {{ enabled: true }} }}")
        out.append("      is_active: { type: boolean, default: true }")
        if i % 3 == 0:
            out.append("      happened_on: date?")
            out.append(
                "      note: { type: text?, comment: \"Free text; may contain 'quotes'.\" }"
            )
        out.append("    indexes:")
        out.append("      - [user_id, created_at desc]")
        if i % 4 == 0:
            out.append("      - columns: [status]")
            out.append(f"        name: {t}_open_idx")
            out.append("        where: \"status = 'pending'\"")
        out.append("    rls:")
        out.append("      owner: user_id")
        out.append("")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
