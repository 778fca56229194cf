"""Taking over a Supabase CLI migration history: `migrate baseline`, then schemagen's own migrations after it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import PgEnv, run_sql
from test_status_cli import run, socket_url

SCHEMA_V1 = """settings:
  migrations: { dir: supabase/migrations }

external:
  auth.users:
    columns:
      id: { type: uuid, primary_key: true }

tables:
  projects:
    columns:
      id: { type: uuid, default: gen_random_uuid(), primary_key: true }
      user_id: { type: uuid, references: auth.users.id, on_delete: cascade, index: true }
      name: varchar(100)
    rls: { owner: user_id }
"""

SCHEMA_V2 = SCHEMA_V1.replace("      name: varchar(100)\n", "      name: varchar(100)\n      archived: { type: boolean, default: false }\n")
SCHEMA_V3 = SCHEMA_V2.replace("      archived: { type: boolean, default: false }\n",
                              "      archived: { type: boolean, default: false }\n      notes: text?\n")


def supabase_history(schemagen_bin: Path, folder: Path, dbname: str) -> None:
    """What a team has before schemagen: two migrations the Supabase CLI applied and recorded (its statements split
    its own way), and a version whose file was squashed away."""
    (folder / "schema.yaml").write_text(SCHEMA_V1)
    assert run(schemagen_bin, "--only", "sql,rls", cwd=folder).returncode == 0
    history = folder / "supabase" / "migrations"
    history.mkdir(parents=True)
    first = (folder / "Generated" / "sql" / "schema.sql").read_text() + (folder / "Generated" / "sql" / "rls.sql").read_text()
    (history / "20240101000000_init.sql").write_text(first)
    (history / "20240201000000_archive.sql").write_text(
        "-- archive projects instead of deleting them\nalter table public.projects add column archived boolean not null default false;\n")
    for name in sorted(path.name for path in history.iterdir()):
        run_sql(dbname, (history / name).read_text())
    run_sql(dbname, """
        create schema if not exists supabase_migrations;
        create table supabase_migrations.schema_migrations (version text primary key, statements text[], name text);
        insert into supabase_migrations.schema_migrations values
          ('20231201000000', array['create table squashed_away (id int)'], 'squashed'),
          ('20240101000000', array['-- the CLI keeps comments and splits its own way'], 'init'),
          ('20240201000000', array['alter table public.projects add column archived boolean not null default false'], 'archive');
    """)
    (folder / "schema.yaml").write_text(SCHEMA_V2)


def test_supabase_history_is_taken_over(schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., str],
                                        tmp_path: Path) -> None:
    db = fresh_db("baseline_supabase")
    url = socket_url(pg_env, db.dbname)
    supabase_history(schemagen_bin, tmp_path, db.dbname)
    history = tmp_path / "supabase" / "migrations"

    # Before the baseline, schemagen says how to take the directory over.
    refused = run(schemagen_bin, "migrate", "new", "next", cwd=tmp_path)
    assert refused.returncode == 2
    assert "schemagen migrate baseline" in refused.stderr

    taken = run(schemagen_bin, "migrate", "baseline", "--db", url, cwd=tmp_path)
    assert taken.returncode == 0, taken.stderr
    assert ("schemagen: took over supabase/migrations: 2 migrations as history, and 1 applied version without a file; "
            "wrote schema.snapshot.json, schemagen.sum, schemagen.baseline") in taken.stderr
    assert (history / "schemagen.baseline").read_text().splitlines()[-2:] == ["version 20240201000000",
                                                                             "applied-without-file 20231201000000"]
    again = run(schemagen_bin, "migrate", "baseline", "--db", url, cwd=tmp_path)
    assert again.returncode == 1 and "already manages this directory" in again.stderr

    # In sync: the history is applied, nothing is pending, and the squashed version is not a problem.
    assert run(schemagen_bin, cwd=tmp_path).returncode == 0
    status = run(schemagen_bin, "status", "--db", url, cwd=tmp_path)
    assert status.returncode == 0, status.stdout + status.stderr

    # The next change: a migration in the same directory, in the Supabase CLI's naming, applied and recorded.
    (tmp_path / "schema.yaml").write_text(SCHEMA_V3)
    assert run(schemagen_bin, cwd=tmp_path).returncode == 0
    made = run(schemagen_bin, "migrate", "new", "add_notes", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    new_files = sorted(path.name for path in history.glob("*_add_notes.sql"))
    assert len(new_files) == 1 and new_files[0] > "20240201000000"
    assert "ALTER TABLE public.projects ADD COLUMN notes text;" in (history / new_files[0]).read_text()
    applied = run(schemagen_bin, "migrate", "apply", "--db", url, cwd=tmp_path)
    assert applied.returncode == 0, applied.stderr
    assert f"applied supabase/migrations/{new_files[0]}" in applied.stderr
    assert "1 migration applied" in applied.stderr
    status = run(schemagen_bin, "status", "--db", url, cwd=tmp_path)
    assert status.returncode == 0, status.stdout + status.stderr
    # The Supabase CLI's bookkeeping holds the new version with its name and statements, beside the old rows.
    rows = run_sql(db.dbname, "select version, name, cardinality(statements) from supabase_migrations.schema_migrations order by 1")
    assert rows.split() == ["20231201000000|squashed|1", "20240101000000|init|1", "20240201000000|archive|1",
                            f"{new_files[0][:14]}|add_notes|1"]

    # A fresh database gets the whole history and schemagen's migration, and is in sync.
    fresh = fresh_db("baseline_fresh")
    fresh_url = socket_url(pg_env, fresh.dbname)
    built = run(schemagen_bin, "migrate", "apply", "--db", fresh_url, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert "3 migrations applied" in built.stderr
    status = run(schemagen_bin, "status", "--db", fresh_url, cwd=tmp_path)
    assert status.returncode == 0, status.stdout + status.stderr


def test_baseline_refuses_a_database_that_differs(schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., str],
                                                  tmp_path: Path) -> None:
    db = fresh_db("baseline_differs")
    url = socket_url(pg_env, db.dbname)
    supabase_history(schemagen_bin, tmp_path, db.dbname)
    (tmp_path / "schema.yaml").write_text(SCHEMA_V3)
    (tmp_path / "supabase" / "migrations" / "20240301000000_pending.sql").write_text("select 1;\n")
    refused = run(schemagen_bin, "migrate", "baseline", "--db", url, cwd=tmp_path)
    assert refused.returncode == 1
    assert ("schemagen: error: supabase/migrations/20240301000000_pending.sql is not applied to the database: "
            "apply it first (supabase db push)") in refused.stderr
    assert "the database differs from schema.yaml in 1 way" in refused.stderr
    assert "public.projects: column notes is missing in the database" in refused.stderr
    assert refused.stderr.splitlines()[-1] == "schemagen: nothing written"
    assert not (tmp_path / "supabase" / "migrations" / "schema.snapshot.json").exists()
