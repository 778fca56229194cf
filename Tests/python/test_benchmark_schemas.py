"""The benchmark's inputs, run for correctness only (nothing is timed; scripts/bench.sh times them).

The synthetic schemas of scripts/bench/synth_schema.py must compile into all five outputs, the same bytes on every
run, with `check` agreeing afterwards; PostgreSQL must accept the DDL and the policies; and the LinkML translation
must stay readable, so the benchmark keeps measuring what it says it measures.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
SYNTH = REPO / "scripts" / "bench" / "synth_schema.py"
TO_LINKML = REPO / "scripts" / "bench" / "to_linkml.py"


def synthetic(tmp_path: Path, tables: int) -> Path:
    folder = tmp_path / f"tables-{tables}"
    folder.mkdir()
    schema = folder / "schema.yaml"
    schema.write_text(
        subprocess.run(
            [sys.executable, str(SYNTH), str(tables)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    return schema


def schemagen(
    schemagen_bin: Path, command: str, schema: Path
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(schemagen_bin), command, "--schema", str(schema)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_synthetic_schemas_compile_the_same_way_twice(
    schemagen_bin: Path,
    tmp_path: Path,
    fresh_db: Callable[..., str],
    apply_sql: Callable[[str, str | os.PathLike[str]], None],
    psql: Callable[..., str],
) -> None:
    schema = synthetic(tmp_path, 120)
    first = schemagen(schemagen_bin, "generate", schema)
    assert first.returncode == 0, first.stderr
    assert "5 of 5 outputs written" in first.stderr
    outputs = sorted(p for p in (schema.parent / "Generated").rglob("*") if p.is_file())
    assert sorted(p.name for p in outputs) == [
        "Models.swift",
        "models.py",
        "rls.sql",
        "schema.sql",
        "schema.ts",
    ]
    contents = {p: p.read_bytes() for p in outputs}

    second = schemagen(schemagen_bin, "generate", schema)
    assert second.returncode == 0 and "0 of 5 outputs written" in second.stderr
    assert {p: p.read_bytes() for p in outputs} == contents
    check = schemagen(schemagen_bin, "check", schema)
    assert check.returncode == 0, check.stdout

    generated = schema.parent / "Generated" / "sql"
    database = fresh_db("bench")
    apply_sql(database, generated / "schema.sql")
    apply_sql(database, generated / "rls.sql")
    count = psql(
        database,
        "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace "
        "where c.relkind = 'r' and n.nspname = 'public' and c.relrowsecurity",
    )
    assert int(count.strip()) == 120


def test_the_linkml_translation_keeps_every_table(tmp_path: Path) -> None:
    schema = synthetic(tmp_path, 30)
    translated = subprocess.run(
        [sys.executable, str(TO_LINKML), str(schema)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    document = yaml.safe_load(translated)
    # Every synthetic table, plus the external auth.users they reference.
    assert len(document["classes"]) == 31
