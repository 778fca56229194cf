"""Taking over a Supabase CLI migration history: `migrate baseline`, then schemagen's own migrations after it."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
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


# drizzle-kit: a folder of NNNN_name.sql files listed in meta/_journal.json, applied by drizzle-orm's migrator.

DRIZZLE_V1 = """settings:
  migrations: { dir: drizzle, format: drizzle }

tables:
  projects:
    columns:
      id: { type: uuid, default: gen_random_uuid(), primary_key: true }
      name: varchar(100)
"""
DRIZZLE_V2 = DRIZZLE_V1 + "      archived: { type: boolean, default: false }\n      label: text?\n"
DRIZZLE_V3 = DRIZZLE_V2 + "      notes: text?\n      priority: { type: integer, default: 0 }\n"
BREAKPOINT = "--> statement-breakpoint"


def drizzle_files(folder: Path) -> list[tuple[dict[str, object], str]]:
    """drizzle-orm's readMigrationFiles: each journal entry with its file's text (read as UTF-8)."""
    journal = json.loads((folder / "meta" / "_journal.json").read_text())
    return [(entry, (folder / f"{entry['tag']}.sql").read_text()) for entry in journal["entries"]]


def drizzle_pending(folder: Path, dbname: str) -> list[str]:
    """drizzle-orm's rule for what migrate() runs: every entry whose `when` is greater than the created_at of the row
    `ORDER BY created_at DESC LIMIT 1` returns (a NULL created_at counts as 0), or every entry when there is none."""
    exists = run_sql(dbname, "select to_regclass('drizzle.__drizzle_migrations') is not null").strip() == "t"
    last = run_sql(dbname, "select coalesce(created_at, 0) from drizzle.__drizzle_migrations "
                           "order by created_at desc limit 1").strip() if exists else ""
    return [str(entry["tag"]) for entry, _ in drizzle_files(folder) if not last or int(last) < int(str(entry["when"]))]


def drizzle_migrate(folder: Path, dbname: str) -> list[str]:
    """drizzle-orm's PgDialect.migrate(): create drizzle.__drizzle_migrations, then in one transaction run each
    pending entry's statements (the file's text split at the breakpoints) and insert (sha256 of the text, when)."""
    run_sql(dbname, "create schema if not exists drizzle; create table if not exists drizzle.__drizzle_migrations "
                    "(id serial primary key, hash text not null, created_at bigint)")
    pending = drizzle_pending(folder, dbname)
    script = []
    for entry, text in drizzle_files(folder):
        if entry["tag"] in pending:
            script += [part for part in text.split(BREAKPOINT) if part.strip()]
            digest = hashlib.sha256(text.encode()).hexdigest()
            script.append(f"insert into drizzle.__drizzle_migrations (hash, created_at) values ('{digest}', {entry['when']})")
    if script:
        run_sql(dbname, ";\n".join(part.strip().rstrip(";") for part in script))
    return pending


def take_over_and_change(schemagen_bin: Path, folder: Path, url: str, changed: str, name: str) -> tuple[str, str]:
    """`migrate baseline`, everything in sync after it, then `changed` as schema.yaml and `migrate new NAME`; the
    stderr of the baseline and of `migrate new`."""
    taken = run(schemagen_bin, "migrate", "baseline", "--db", url, cwd=folder)
    assert taken.returncode == 0, taken.stderr
    assert run(schemagen_bin, cwd=folder).returncode == 0
    status = run(schemagen_bin, "status", "--db", url, cwd=folder)
    assert status.returncode == 0, status.stdout + status.stderr
    (folder / "schema.yaml").write_text(changed)
    assert run(schemagen_bin, cwd=folder).returncode == 0
    made = run(schemagen_bin, "migrate", "new", name, cwd=folder)
    assert made.returncode == 0, made.stderr
    return taken.stderr, made.stderr


def drizzle_history(schemagen_bin: Path, folder: Path, dbname: str) -> Path:
    """What a team has before schemagen: two drizzle-kit migrations (the second with a breakpoint) that drizzle-orm's
    migrator applied and recorded."""
    (folder / "schema.yaml").write_text(DRIZZLE_V1)
    assert run(schemagen_bin, "--only", "sql,rls", cwd=folder).returncode == 0
    history = folder / "drizzle"
    (history / "meta").mkdir(parents=True)
    generated = folder / "Generated" / "sql"
    (history / "0000_init.sql").write_text(
        f"{(generated / 'schema.sql').read_text()}{BREAKPOINT}\n{(generated / 'rls.sql').read_text()}")
    (history / "0001_archive.sql").write_text(
        'ALTER TABLE "projects" ADD COLUMN "archived" boolean DEFAULT false NOT NULL;\n'
        f'{BREAKPOINT}\nALTER TABLE "projects" ADD COLUMN "label" text;')
    journal = {"version": "7", "dialect": "postgresql", "entries": [
        {"idx": 0, "version": "7", "when": 1700000000000, "tag": "0000_init", "breakpoints": True},
        {"idx": 1, "version": "7", "when": 1700000100000, "tag": "0001_archive", "breakpoints": True},
    ]}
    # drizzle-kit writes JSON.stringify(journal, null, 2), with no final newline.
    (history / "meta" / "_journal.json").write_text(json.dumps(journal, indent=2))
    assert drizzle_migrate(history, dbname) == ["0000_init", "0001_archive"]
    (folder / "schema.yaml").write_text(DRIZZLE_V2)
    return history


def test_drizzle_history_is_taken_over(schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., str],
                                       tmp_path: Path) -> None:
    db = fresh_db("baseline_drizzle")
    url = socket_url(pg_env, db.dbname)
    history = drizzle_history(schemagen_bin, tmp_path, db.dbname)
    journal_before = (history / "meta" / "_journal.json").read_text()

    # Taken over, then the next change: drizzle-kit's next file, statements between breakpoints, its journal entry.
    taken, made = take_over_and_change(schemagen_bin, tmp_path, url, DRIZZLE_V3, "add_notes")
    assert ("schemagen: took over drizzle: 2 migrations as history; "
            "wrote schema.snapshot.json, schemagen.sum, schemagen.baseline") in taken
    assert (history / "schemagen.baseline").read_text().splitlines()[-1] == "version 1700000100000"
    assert "schemagen: wrote drizzle/0002_add_notes.sql" in made
    text = (history / "0002_add_notes.sql").read_text()
    parts = [part for part in text.split(BREAKPOINT) if part.strip()]
    assert len(parts) == 2, text
    assert "ALTER TABLE public.projects ADD COLUMN notes text;" in parts[0]
    assert "ADD COLUMN priority integer" in parts[1]
    journal_text = (history / "meta" / "_journal.json").read_text()
    journal = json.loads(journal_text)
    assert journal_text == json.dumps(journal, indent=2), "the journal keeps drizzle-kit's layout"
    assert journal_text.startswith(journal_before[: journal_before.rindex("]")].rstrip())
    entry = journal["entries"][-1]
    assert [e["idx"] for e in journal["entries"]] == [0, 1, 2]
    assert entry["tag"] == "0002_add_notes" and entry["version"] == "7" and entry["breakpoints"] is True
    assert isinstance(entry["when"], int) and entry["when"] > 1700000100000
    assert sorted(path.name for path in history.glob("*.sql")) == [f"{e['tag']}.sql" for e in journal["entries"]]

    # Applied and recorded as drizzle-orm's migrator records it: its rule then finds nothing to run.
    assert drizzle_pending(history, db.dbname) == ["0002_add_notes"]
    applied = run(schemagen_bin, "migrate", "apply", "--db", url, cwd=tmp_path)
    assert applied.returncode == 0, applied.stderr
    assert "schemagen: applied drizzle/0002_add_notes.sql (2 statements)" in applied.stderr
    assert "1 migration applied" in applied.stderr
    assert drizzle_pending(history, db.dbname) == []
    assert drizzle_migrate(history, db.dbname) == []
    rows = run_sql(db.dbname, "select hash, created_at from drizzle.__drizzle_migrations order by id").split()
    assert rows == [f"{hashlib.sha256(text.encode()).hexdigest()}|{entry['when']}" for entry, text in drizzle_files(history)]
    status = run(schemagen_bin, "status", "--db", url, cwd=tmp_path)
    assert status.returncode == 0, status.stdout + status.stderr
    again = run(schemagen_bin, "migrate", "apply", "--db", url, cwd=tmp_path)
    assert again.returncode == 0 and "none pending" in again.stderr

    # A fresh database: schemagen runs the whole journal as drizzle's migrator would, and records it the same way.
    fresh = fresh_db("baseline_drizzle_fresh")
    fresh_url = socket_url(pg_env, fresh.dbname)
    built = run(schemagen_bin, "migrate", "apply", "--db", fresh_url, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert "3 migrations applied" in built.stderr
    assert drizzle_pending(history, fresh.dbname) == []
    assert run_sql(fresh.dbname, "select hash, created_at from drizzle.__drizzle_migrations order by id").split() == rows
    status = run(schemagen_bin, "status", "--db", fresh_url, cwd=tmp_path)
    assert status.returncode == 0, status.stdout + status.stderr


def test_drizzle_baseline_refuses_drift_and_unapplied_entries(schemagen_bin: Path, pg_env: PgEnv,
                                                              fresh_db: Callable[..., str], tmp_path: Path) -> None:
    db = fresh_db("baseline_drizzle_drift")
    url = socket_url(pg_env, db.dbname)
    history = drizzle_history(schemagen_bin, tmp_path, db.dbname)
    (tmp_path / "schema.yaml").write_text(DRIZZLE_V3)
    journal = json.loads((history / "meta" / "_journal.json").read_text())
    journal["entries"].append({"idx": 2, "version": "7", "when": 1700000200000, "tag": "0002_pending", "breakpoints": True})
    (history / "meta" / "_journal.json").write_text(json.dumps(journal, indent=2))
    (history / "0002_pending.sql").write_text("SELECT 1;")
    refused = run(schemagen_bin, "migrate", "baseline", "--db", url, cwd=tmp_path)
    assert refused.returncode == 1
    assert ("schemagen: error: drizzle/0002_pending.sql is not applied to the database: apply it first "
            "(drizzle-kit migrate, or drizzle-orm's migrate())") in refused.stderr
    assert "the database differs from schema.yaml in 2 ways" in refused.stderr
    assert "public.projects: column notes is missing in the database" in refused.stderr
    assert refused.stderr.splitlines()[-1] == "schemagen: nothing written"
    assert not (history / "schema.snapshot.json").exists()

    # The folder is drizzle-kit's: taking it as plain SQL is refused with the setting to use.
    (tmp_path / "schema.yaml").write_text(DRIZZLE_V2.replace(", format: drizzle", ""))
    wrong = run(schemagen_bin, "migrate", "baseline", "--db", url, cwd=tmp_path)
    assert wrong.returncode == 1
    assert "drizzle has drizzle-kit's meta/_journal.json: set settings.migrations.format: drizzle" in wrong.stderr


# Alembic: revisions in alembic/versions chained by down_revision, applied by Alembic and recorded in alembic_version.

ALEMBIC_V1 = """settings:
  exposed_schemas: []
  migrations: { dir: alembic/versions, format: alembic }

tables:
  posts:
    columns:
      id: { type: integer, primary_key: true }
      title: text
"""
ALEMBIC_V2 = ALEMBIC_V1 + "      body: text?\n"
ALEMBIC_V3 = ALEMBIC_V2 + "      published: { type: boolean, default: false }\n"

ALEMBIC_ENV = """from logging.config import fileConfig

from alembic import context
from sqlalchemy import create_engine

fileConfig(context.config.config_file_name)

engine = create_engine(context.config.get_main_option("sqlalchemy.url"))
with engine.connect() as connection:
    context.configure(connection=connection, transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()
"""

# Two revisions as `alembic revision` writes them: the annotated form, then the plain one.
ALEMBIC_FIRST = '''"""create posts

Revision ID: 3f2a9c1d7e4b
Revises:
"""
from typing import Sequence, Union

from alembic import op

revision: str = "3f2a9c1d7e4b"
down_revision: Union[str, None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("CREATE TABLE public.posts (id integer NOT NULL, title text NOT NULL, CONSTRAINT posts_pkey PRIMARY KEY (id))")


def downgrade() -> None:
    op.execute("DROP TABLE public.posts")
'''
ALEMBIC_SECOND = '''"""add body

Revision ID: a81b55e0c2f6
Revises: 3f2a9c1d7e4b
"""
from alembic import op

revision = 'a81b55e0c2f6'
down_revision = '3f2a9c1d7e4b'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TABLE public.posts ADD COLUMN body text")


def downgrade():
    op.execute("ALTER TABLE public.posts DROP COLUMN body")
'''

# As `alembic init` writes it: Alembic's INFO lines ("Running upgrade a -> b") on stderr.
ALEMBIC_LOGGING = """[loggers]
keys = root,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARNING
handlers = console

[logger_alembic]
level = INFO
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
"""


def alembic(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real `alembic` command line, with the project's alembic.ini."""
    result = subprocess.run([sys.executable, "-m", "alembic", "-c", str(folder / "alembic.ini"), *args],
                            capture_output=True, text=True, cwd=folder, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def alembic_history(folder: Path, db_url: str) -> Path:
    """What a team has before schemagen: two revisions Alembic applied (alembic upgrade head)."""
    versions = folder / "alembic" / "versions"
    versions.mkdir(parents=True)
    (folder / "alembic" / "env.py").write_text(ALEMBIC_ENV)
    (folder / "alembic.ini").write_text(
        "[alembic]\nscript_location = %(here)s/alembic\npath_separator = os\n"
        f"sqlalchemy.url = {db_url.replace('%', '%%')}\n\n" + ALEMBIC_LOGGING)
    (versions / "3f2a9c1d7e4b_create_posts.py").write_text(ALEMBIC_FIRST)
    (versions / "a81b55e0c2f6_add_body.py").write_text(ALEMBIC_SECOND)
    alembic(folder, "upgrade", "head")
    (folder / "schema.yaml").write_text(ALEMBIC_V2)
    return versions


def test_alembic_history_is_taken_over(schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., str],
                                       tmp_path: Path) -> None:
    db = fresh_db("baseline_alembic")
    url = socket_url(pg_env, db.dbname)
    versions = alembic_history(tmp_path, str(db))

    # Taken over, then the next revision, which follows the head of the existing chain.
    taken, _ = take_over_and_change(schemagen_bin, tmp_path, url, ALEMBIC_V3, "publish")
    assert "schemagen: took over alembic/versions: 2 migrations as history;" in taken
    assert (versions / "schemagen.baseline").read_text().splitlines()[-1] == "revision a81b55e0c2f6"
    [new] = sorted(versions.glob("*_publish.py"))
    revision = new.name[:14]
    assert f"revision = '{revision}'" in new.read_text() or f'revision = "{revision}"' in new.read_text()
    assert "down_revision = 'a81b55e0c2f6'" in new.read_text() or 'down_revision = "a81b55e0c2f6"' in new.read_text()

    # Before it runs, status says it is not applied; migrate apply runs it and moves alembic_version as Alembic
    # would, so Alembic then finds nothing to do.
    status = run(schemagen_bin, "status", "--db", url, cwd=tmp_path)
    assert status.returncode == 1 and f"not applied: alembic/versions/{new.name}" in status.stdout
    applied = run(schemagen_bin, "migrate", "apply", "--db", url, cwd=tmp_path)
    assert applied.returncode == 0, applied.stderr
    assert f"schemagen: applied alembic/versions/{new.name}" in applied.stderr
    assert f"{revision} (head)" in alembic(tmp_path, "current").stdout
    noop = alembic(tmp_path, "upgrade", "head")
    assert "Running upgrade" not in noop.stderr
    assert alembic(tmp_path, "heads").stdout.split() == [revision, "(head)"]
    history = alembic(tmp_path, "history").stdout.splitlines()
    assert [line.split(",")[0] for line in history] == [
        f"a81b55e0c2f6 -> {revision} (head)", "3f2a9c1d7e4b -> a81b55e0c2f6", "<base> -> 3f2a9c1d7e4b"]
    assert run_sql(db.dbname, "select version_num from alembic_version").split() == [revision]
    status = run(schemagen_bin, "status", "--db", url, cwd=tmp_path)
    assert status.returncode == 0, status.stdout + status.stderr


def test_alembic_baseline_refuses_two_heads(schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., str],
                                            tmp_path: Path) -> None:
    db = fresh_db("baseline_alembic_heads")
    url = socket_url(pg_env, db.dbname)
    versions = alembic_history(tmp_path, str(db))
    (versions / "c0ffee000001_branch.py").write_text(
        ALEMBIC_SECOND.replace("a81b55e0c2f6", "c0ffee000001").replace("Revises: c0ffee000001", "Revises: 3f2a9c1d7e4b")
        .replace("down_revision = 'c0ffee000001'", "down_revision = '3f2a9c1d7e4b'"))
    refused = run(schemagen_bin, "migrate", "baseline", "--db", url, cwd=tmp_path)
    assert refused.returncode == 1
    assert ("the Alembic revisions have 2 heads (a81b55e0c2f6, c0ffee000001), so a new revision could follow none of "
            "them; merge them first (alembic merge heads)") in refused.stderr
    assert refused.stderr.splitlines()[-1] == "schemagen: nothing written"
    assert not (versions / "schema.snapshot.json").exists()

    # A merge revision (a tuple down_revision) makes one head again; the database must be at it.
    (versions / "d00d00000002_merge.py").write_text(
        'revision = "d00d00000002"\ndown_revision = ("a81b55e0c2f6", "c0ffee000001")\n'
        "branch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n")
    behind = run(schemagen_bin, "migrate", "baseline", "--db", url, cwd=tmp_path)
    assert behind.returncode == 1
    assert ("the database is at Alembic revision a81b55e0c2f6, not at the head d00d00000002 of alembic/versions: "
            "apply it first (alembic upgrade head)") in behind.stderr


def test_alembic_apply_leaves_other_revisions_to_alembic(schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., str],
                                                         tmp_path: Path) -> None:
    """A revision schemagen did not write (hand-written, autogenerated) is Python only Alembic can run: migrate apply
    refuses the lot (the sum does not know it) and applies nothing; Alembic runs them all."""
    db = fresh_db("alembic_foreign")
    url = socket_url(pg_env, db.dbname)
    versions = alembic_history(tmp_path, str(db))
    take_over_and_change(schemagen_bin, tmp_path, url, ALEMBIC_V3, "publish")
    [new] = sorted(versions.glob("*_publish.py"))
    revision = new.name[:14]
    (versions / "c0ffee000001_hand_written.py").write_text(
        '"""Hand-written."""\n\nimport sqlalchemy as sa\nfrom alembic import op\n\n'
        f'revision = "c0ffee000001"\ndown_revision = "{revision}"\nbranch_labels = None\ndepends_on = None\n\n\n'
        'def upgrade() -> None:\n    op.create_table("audit", sa.Column("id", sa.Integer, primary_key=True))\n\n\n'
        'def downgrade() -> None:\n    op.drop_table("audit")\n')
    refused = run(schemagen_bin, "migrate", "apply", "--db", url, cwd=tmp_path)
    assert refused.returncode == 1, refused.stderr
    assert "c0ffee000001_hand_written.py: not in schemagen.sum" in refused.stderr
    assert run_sql(db.dbname, "select version_num from alembic_version").split() == ["a81b55e0c2f6"]
    alembic(tmp_path, "upgrade", "head")
    assert run_sql(db.dbname, "select version_num from alembic_version").split() == ["c0ffee000001"]
