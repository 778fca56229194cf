#!/usr/bin/env python3
"""schemagen's migration planner next to migra (the diff tool Supabase's `db diff` used), on every migration case.

    scripts/dev-env.sh .venv/bin/python scripts/planner-vs-migra.py PATH/TO/migra

For each Tests/MigrationFixtures/<case>: a database built from before.yaml's DDL and RLS, one built from after.yaml's,
and two copies of the first, migrated by schemagen's plan (the case's migration.sql) and by migra's diff of the two
databases (`migra --unsafe --with-privileges`). A plan is exact when the migrated catalog (columns, constraints,
indexes, policies, views, enums, functions, triggers, privileges, comments, row-level security) equals the fresh
one; a plan that drops a column or table the case renames (`renamed_from`) loses its data. Prints one line per case
and the totals. Outside the test suite: migra is not one of its dependencies (install it with pip in a venv of its
own: `pip install migra psycopg2-binary`).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "Tests" / "MigrationFixtures"
PLATFORM = ("auth", "storage", "supabase_migrations", "extensions", "information_schema")

FACTS = """
WITH s AS (SELECT oid, nspname FROM pg_namespace
           WHERE nspname NOT LIKE 'pg\\_%%' AND nspname <> ALL (%(platform)s))
SELECT 'column ' || s.nspname || '.' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
       || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
       || CASE WHEN a.attidentity::text <> '' THEN ' identity ' || a.attidentity::text ELSE '' END
       || CASE WHEN a.attgenerated::text <> '' THEN ' generated' ELSE '' END
       || coalesce(' comment ' || col_description(c.oid, a.attnum), '')
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN s ON s.oid = c.relnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm')
UNION ALL
SELECT 'relation ' || s.nspname || '.' || c.relname || ' ' || c.relkind::text || ' rls ' || c.relrowsecurity || ' force '
       || c.relforcerowsecurity || coalesce(' comment ' || obj_description(c.oid, 'pg_class'), '')
       || coalesce(' acl ' || (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM unnest(c.relacl) x), '')
FROM pg_class c JOIN s ON s.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S')
UNION ALL
SELECT 'constraint ' || s.nspname || '.' || c.relname || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid)
FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN s ON s.oid = c.relnamespace
UNION ALL
SELECT 'index ' || pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
JOIN s ON s.oid = c.relnamespace
UNION ALL
SELECT 'policy ' || p.schemaname || '.' || p.tablename || ' ' || p.policyname || ' ' || p.permissive || ' '
       || p.roles::text || ' ' || p.cmd || ' ' || coalesce(p.qual, '-') || ' ' || coalesce(p.with_check, '-')
FROM pg_policies p WHERE p.schemaname <> ALL (%(platform)s)
UNION ALL
SELECT 'view ' || s.nspname || '.' || c.relname || ' ' || pg_get_viewdef(c.oid)
FROM pg_class c JOIN s ON s.oid = c.relnamespace WHERE c.relkind IN ('v', 'm')
UNION ALL
SELECT 'type ' || s.nspname || '.' || t.typname || ' '
       || coalesce((SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid), '')
       || coalesce(' comment ' || obj_description(t.oid, 'pg_type'), '')
FROM pg_type t JOIN s ON s.oid = t.typnamespace WHERE t.typtype IN ('e', 'd')
UNION ALL
SELECT 'function ' || pg_get_functiondef(p.oid)
       || coalesce(' acl ' || (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM unnest(p.proacl) x), '')
FROM pg_proc p JOIN s ON s.oid = p.pronamespace WHERE p.prokind IN ('f', 'p')
UNION ALL
SELECT 'trigger ' || pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
JOIN s ON s.oid = c.relnamespace WHERE NOT t.tgisinternal
UNION ALL
SELECT 'schema ' || s.nspname FROM s
UNION ALL
SELECT 'extension ' || e.extname FROM pg_extension e
"""


def conninfo(dbname: str) -> str:
    return f"dbname={dbname}"


def admin(sql: str) -> None:
    with psycopg.connect(conninfo("postgres"), autocommit=True) as conn:
        conn.execute(sql)


def facts(dbname: str) -> set[str]:
    with psycopg.connect(conninfo(dbname)) as conn:
        return {row[0] for row in conn.execute(FACTS, {"platform": list(PLATFORM)}).fetchall()}


def psql(dbname: str, sql: str, single_transaction: bool = True) -> tuple[bool, str]:
    args = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", dbname] + (["-1"] if single_transaction else [])
    result = subprocess.run(args, input=sql, capture_output=True, text=True, check=False)
    return result.returncode == 0, result.stderr.strip().splitlines()[0] if result.returncode else ""


def build(yaml_text: str, dbname: str, schemagen: str, template: str) -> bool:
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "schema.yaml").write_text(yaml_text)
        result = subprocess.run([schemagen, "--only", "sql,rls"], cwd=folder, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            return False
        admin(f'CREATE DATABASE "{dbname}" TEMPLATE "{template}"')
        ddl = Path(folder, "Generated", "sql", "schema.sql").read_text() + Path(folder, "Generated", "sql", "rls.sql").read_text()
        return psql(dbname, ddl)[0]


def renamed(after_text: str) -> bool:
    return "renamed_from" in after_text


def main() -> int:
    migra = sys.argv[1] if len(sys.argv) > 1 else "migra"
    schemagen = os.environ.get("SCHEMAGEN_BIN", str(ROOT / ".build" / "debug" / "schemagen"))
    template = os.environ.get("SCHEMAGEN_TEST_PG_TEMPLATE", "template1")
    totals = {"schemagen": 0, "migra": 0, "cases": 0, "migra_lost": 0}
    for case in sorted(p for p in CASES.iterdir() if (p / "migration.sql").exists()):
        suffix = uuid.uuid4().hex[:8]
        names = {kind: f"pvm_{kind}_{suffix}" for kind in ("before", "after", "ours", "theirs")}
        try:
            before, after = (case / "before.yaml").read_text(), (case / "after.yaml").read_text()
            if not build(before, names["before"], schemagen, template) or not build(after, names["after"], schemagen, template):
                print(f"{case.name}: cannot build the before/after databases, skipped")
                continue
            totals["cases"] += 1
            want = facts(names["after"])
            admin(f'CREATE DATABASE "{names["ours"]}" TEMPLATE "{names["before"]}"')
            migration = (case / "migration.sql").read_text()
            ok, error = psql(names["ours"], migration, single_transaction="-- Outside a transaction" not in migration)
            ours = ok and facts(names["ours"]) == want
            diff = subprocess.run([migra, "--unsafe", "--with-privileges",
                                   f"postgresql:///{names['before']}?host={os.environ.get('PGHOST', '')}&port={os.environ.get('PGPORT', '5432')}&user={os.environ.get('PGUSER', '')}",
                                   f"postgresql:///{names['after']}?host={os.environ.get('PGHOST', '')}&port={os.environ.get('PGPORT', '5432')}&user={os.environ.get('PGUSER', '')}"],
                                  capture_output=True, text=True, check=False)
            admin(f'CREATE DATABASE "{names["theirs"]}" TEMPLATE "{names["before"]}"')
            theirs_ok, theirs_error = psql(names["theirs"], diff.stdout) if diff.returncode in (0, 2) else (False, diff.stderr[:200])
            theirs = theirs_ok and facts(names["theirs"]) == want
            lost = renamed(after) and any(word in diff.stdout.lower() for word in ("drop column", "drop table"))
            totals["schemagen"] += ours
            totals["migra"] += theirs
            totals["migra_lost"] += lost
            print(f"{case.name}: schemagen {'exact' if ours else 'differs ' + error}; migra "
                  f"{'exact' if theirs else 'differs ' + theirs_error}{'; migra drops a renamed column or table' if lost else ''}")
        finally:
            for name in names.values():
                admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(f"{totals['cases']} cases: schemagen exact in {totals['schemagen']}, migra in {totals['migra']}; "
          f"migra loses renamed data in {totals['migra_lost']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
