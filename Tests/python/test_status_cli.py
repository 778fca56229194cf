"""`schemagen status`: generated files, unmigrated schema changes and pending migrations, against the test cluster.

Exit status 0 in sync, 1 out of sync, 2 database unreachable. Without the cluster or the built schemagen these tests
fail, never skip.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from conftest import PgEnv, apply_sql, run_sql

SCHEMA = "tables:\n  notes:\n    columns:\n      id: { type: uuid, primary_key: true }\n      body: text\n    rls: false\n"


def socket_url(env: PgEnv, dbname: str) -> str:
    return f"postgresql://{quote(env.user)}@/{quote(dbname)}?host={quote(env.host, safe='/')}&port={env.port}"


def run(schemagen_bin: Path, *args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """schemagen in `cwd`, with no database in the environment unless `env` names one."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PG") and k != "DATABASE_URL"}
    environment.update(env or {})
    return subprocess.run([str(schemagen_bin), *args], capture_output=True, text=True, cwd=cwd, env=environment,
                          timeout=120, check=False)


def project(schemagen_bin: Path, folder: Path, migration: str | None = "init") -> Path:
    """A project with its outputs generated and, unless `migration` is None, its first migration."""
    (folder / "schema.yaml").write_text(SCHEMA)
    assert run(schemagen_bin, cwd=folder).returncode == 0
    if migration:
        made = run(schemagen_bin, "migrate", "new", migration, cwd=folder)
        assert made.returncode == 0, made.stderr
    return folder


def migrations(folder: Path) -> list[str]:
    return sorted(p.name for p in (folder / "migrations").glob("2*.sql"))


def test_in_sync_without_a_database(schemagen_bin: Path, tmp_path: Path) -> None:
    project(schemagen_bin, tmp_path)
    result = run(schemagen_bin, "status", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        "generated files: up to date (5 outputs)",
        "migrations: schema.yaml matches the last migration in migrations",
        "database: not checked (no --db, DATABASE_URL, PGHOST or PGDATABASE); --require-db makes that an error",
        "files and migrations in sync; the database was not checked",
    ]
    required = run(schemagen_bin, "status", "--require-db", cwd=tmp_path)
    assert required.returncode == 2, required.stdout + required.stderr
    assert "--require-db needs a database" in required.stderr


def test_stale_outputs_and_unmigrated_change(schemagen_bin: Path, tmp_path: Path) -> None:
    project(schemagen_bin, tmp_path)
    (tmp_path / "schema.yaml").write_text(SCHEMA.replace("      body: text\n", "      body: text\n      title: text?\n"))
    result = run(schemagen_bin, "status", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "generated files: 5 of 5 out of date; run `schemagen`"
    assert "  stale: Generated/sql/schema.sql (schema.yaml changed since it was generated)" in lines
    assert "migrations: schema.yaml has changes no migration holds" in lines
    assert any(line.startswith("  schema.yaml differs from the last migration's snapshot") for line in lines)
    assert lines[-1] == "out of sync: generated files, migrations"


def test_pending_migrations_and_exit_codes(schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., str],
                                           tmp_path: Path) -> None:
    db = fresh_db("status")
    url = socket_url(pg_env, db.dbname)
    project(schemagen_bin, tmp_path)
    before = run(schemagen_bin, "status", "--db", url, cwd=tmp_path)
    assert before.returncode == 1
    assert f"  not applied: migrations/{migrations(tmp_path)[0]}" in before.stdout.splitlines()
    assert "database migrations: 1 not applied; run `schemagen migrate apply`" in before.stdout
    # status only reads: it does not create supabase_migrations.
    assert run_sql(db.dbname, "select to_regclass('supabase_migrations.schema_migrations') is null").strip() == "t"

    applied = run(schemagen_bin, "migrate", "apply", "--db", url, cwd=tmp_path)
    assert applied.returncode == 0, applied.stderr
    result = run(schemagen_bin, "status", "--db", url, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        "generated files: up to date (5 outputs)",
        "migrations: schema.yaml matches the last migration in migrations",
        "database migrations: all 1 applied",
        "database schema: matches schema.yaml (compared as PostgreSQL prints both, through a temporary database on the target's server)",
        "in sync",
    ]

    (tmp_path / "schema.yaml").write_text(SCHEMA.replace("      body: text\n", "      body: text\n      title: text?\n"))
    assert run(schemagen_bin, cwd=tmp_path).returncode == 0
    assert run(schemagen_bin, "migrate", "new", "add_title", cwd=tmp_path).returncode == 0
    second = migrations(tmp_path)[1]
    result = run(schemagen_bin, "status", cwd=tmp_path, env={"DATABASE_URL": url})
    assert result.returncode == 1
    assert "database migrations: 1 not applied; run `schemagen migrate apply`" in result.stdout
    assert f"  not applied: migrations/{second}" in result.stdout.splitlines()
    # The unapplied migration adds a column the database does not have yet: drift too.
    assert "title" in result.stdout
    assert result.stdout.splitlines()[-1] == "out of sync: database migrations, database schema"

    # The PG* variables name the database when PGHOST or PGDATABASE is set.
    pg_vars = {"PGHOST": pg_env.host, "PGPORT": pg_env.port, "PGUSER": pg_env.user, "PGDATABASE": db.dbname}
    result = run(schemagen_bin, "status", cwd=tmp_path, env=pg_vars)
    assert result.returncode == 1
    assert f"  not applied: migrations/{second}" in result.stdout.splitlines()

    assert run(schemagen_bin, "migrate", "apply", "--db", url, cwd=tmp_path).returncode == 0
    assert run(schemagen_bin, "status", "--db", url, cwd=tmp_path).returncode == 0


def test_json_and_sarif(schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., str], tmp_path: Path) -> None:
    db = fresh_db("status_json")
    project(schemagen_bin, tmp_path)
    result = run(schemagen_bin, "status", "--db", socket_url(pg_env, db.dbname), "--diagnostics-format", "json", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    diagnostics = json.loads(result.stderr)
    errors = [d for d in diagnostics if d["severity"] == "error"]
    # The empty database also lacks the table: drift.
    assert [d["code"] for d in errors][:2] == ["pending-migration", "drift-missing"]
    assert {d["code"] for d in errors[1:]} <= {"drift-missing", "drift-different"}
    assert errors[0]["file"] == f"migrations/{migrations(tmp_path)[0]}"
    assert errors[0]["message"] == f"{migrations(tmp_path)[0]} is not applied to the database"
    # The schema's own warnings (a table without RLS in an exposed schema) are in the same document.
    assert any(d["code"] == "rls-disabled-in-public" for d in diagnostics)

    sarif = run(schemagen_bin, "status", "--db", socket_url(pg_env, db.dbname), "--diagnostics-format", "sarif", cwd=tmp_path)
    assert sarif.returncode == 1
    document = json.loads(sarif.stderr)
    assert any(r["ruleId"] == "pending-migration" for r in document["runs"][0]["results"])


def test_unreachable_database_exits_2(schemagen_bin: Path, tmp_path: Path) -> None:
    project(schemagen_bin, tmp_path)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run(schemagen_bin, "status", "--db", f"postgres://me:secret-pw@127.0.0.1:{port}/db", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if line]
    # A password on the command line is visible in the process list: a warning, then the one error line.
    assert len(lines) == 2
    assert lines[0].startswith("schemagen: warning: --db carries a password")
    assert lines[1].startswith(f"schemagen: error: cannot connect to 127.0.0.1:{port}: Connection refused")
    assert "secret-pw" not in result.stderr


def test_sql_needs_a_database(schemagen_bin: Path, tmp_path: Path) -> None:
    project(schemagen_bin, tmp_path)
    without = run(schemagen_bin, "status", "--sql", cwd=tmp_path)
    assert without.returncode == 2
    assert "--sql needs a database" in without.stderr


DRIFT_SCHEMA = """external:
  auth.users:
    columns:
      id: { type: uuid, primary_key: true }

tables:
  projects:
    columns:
      id: { type: uuid, default: gen_random_uuid(), primary_key: true }
      user_id: { type: uuid, references: auth.users.id, on_delete: cascade, index: true }
      name: varchar(100)
      archived: { type: boolean, default: false }
    rls: { owner: user_id }
"""


def test_drift_between_database_and_schema(schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., str],
                                           tmp_path: Path) -> None:
    """A database built by the migrations is in sync; changes made to it by hand are drift, --sql repairs them."""
    db = fresh_db("status_drift")
    url = socket_url(pg_env, db.dbname)
    (tmp_path / "schema.yaml").write_text(DRIFT_SCHEMA)
    assert run(schemagen_bin, cwd=tmp_path).returncode == 0
    assert run(schemagen_bin, "migrate", "new", "init", cwd=tmp_path).returncode == 0
    assert run(schemagen_bin, "migrate", "apply", "--db", url, cwd=tmp_path).returncode == 0
    clean = run(schemagen_bin, "status", "--db", url, cwd=tmp_path)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "database schema: matches schema.yaml (compared as PostgreSQL prints both" in clean.stdout

    run_sql(db.dbname, """
        alter table public.projects drop column archived;
        alter table public.projects add column notes text;
        alter table public.projects alter column name type text;
        alter table public.projects no force row level security;
        drop policy "Users can delete own projects" on public.projects;
        create index projects_name_idx on public.projects (name);
    """)
    drift = run(schemagen_bin, "status", "--db", url, cwd=tmp_path)
    assert drift.returncode == 1, drift.stdout + drift.stderr
    out = drift.stdout
    assert "database schema: " in out and "differences from schema.yaml" in out
    for needle in ("archived", "notes", "projects_name_idx", "public.projects: column archived is missing in the database",
                   "public.projects: column notes is in the database, not in schema.yaml",
                   "public.projects: column name has another type in the database (varchar(100) in schema.yaml)",
                   'public.projects: policy "Users can delete own projects" is missing or different in the database'):
        assert needle in out, (needle, out)
    assert out.splitlines()[-1] == "out of sync: database schema"

    repair = run(schemagen_bin, "status", "--db", url, "--sql", "--allow-destructive", cwd=tmp_path)
    assert repair.returncode == 1, repair.stderr
    script = tmp_path / "repair.sql"
    # stdout is SQL only, the report goes to stderr: `status --sql | psql` works.
    assert "generated files:" not in repair.stdout and "generated files:" in repair.stderr
    script.write_text(repair.stdout)
    assert 'CREATE POLICY "Users can delete own projects"' in script.read_text()
    psql = [pg_env.psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", pg_env.host, "-p", pg_env.port, "-U", pg_env.user,
            "-d", db.dbname, "-1", "-f", str(script)]
    applied = subprocess.run(psql, capture_output=True, text=True, check=False)
    assert applied.returncode == 0, applied.stderr + script.read_text()
    again = run(schemagen_bin, "status", "--db", url, cwd=tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr + script.read_text()


def test_pending_alembic_revisions(schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., str], tmp_path: Path) -> None:
    db = fresh_db("status_alembic")
    url = socket_url(pg_env, db.dbname)
    (tmp_path / "schema.yaml").write_text("settings:\n  migrations: { format: alembic }\n" + SCHEMA)
    assert run(schemagen_bin, cwd=tmp_path).returncode == 0
    made = run(schemagen_bin, "migrate", "new", "init", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    revision = next((tmp_path / "migrations").glob("2*.py")).name
    result = run(schemagen_bin, "status", "--db", url, cwd=tmp_path)
    assert result.returncode == 1
    assert f"  not applied: migrations/{revision}" in result.stdout.splitlines()
    # What `alembic upgrade head` does: the revision's statements, then its version.
    apply_sql(db.dbname, tmp_path / "Generated" / "sql" / "schema.sql")
    run_sql(db.dbname, f"create table alembic_version (version_num varchar(32) primary key); "
                       f"insert into alembic_version values ('{revision[:14]}')")
    result = run(schemagen_bin, "status", "--db", url, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "database migrations: all 1 applied" in result.stdout


def test_unreadable_migration_history_exits_2(schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., str],
                                              tmp_path: Path) -> None:
    db = fresh_db("status_privilege")
    project(schemagen_bin, tmp_path)
    assert run(schemagen_bin, "migrate", "apply", "--db", socket_url(pg_env, db.dbname), cwd=tmp_path).returncode == 0
    url = (f"postgresql://schemagen_unprivileged@/{quote(db.dbname)}?host={quote(pg_env.host, safe='/')}&port={pg_env.port}")
    result = run(schemagen_bin, "status", "--db", url, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if line and "warning:" not in line]
    assert lines == ["schemagen: error: cannot read the applied migrations: ERROR 42501: permission denied for schema supabase_migrations"]


def test_drift_row_level_security_off(schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., str],
                                      tmp_path: Path) -> None:
    db = fresh_db("status_rls_off")
    url = socket_url(pg_env, db.dbname)
    (tmp_path / "schema.yaml").write_text(DRIFT_SCHEMA)
    assert run(schemagen_bin, cwd=tmp_path).returncode == 0
    assert run(schemagen_bin, "migrate", "new", "init", cwd=tmp_path).returncode == 0
    assert run(schemagen_bin, "migrate", "apply", "--db", url, cwd=tmp_path).returncode == 0
    run_sql(db.dbname, "alter table public.projects disable row level security")
    result = run(schemagen_bin, "status", "--db", url, cwd=tmp_path)
    assert result.returncode == 1
    assert "    public.projects: row-level security is off in the database, on in schema.yaml" in result.stdout.splitlines()
    # The policies are there: only the switch is repaired.
    repair = run(schemagen_bin, "status", "--db", url, "--sql", cwd=tmp_path)
    statements = [line for line in repair.stdout.splitlines() if line and not line.startswith("--")]
    assert statements == ["ALTER TABLE public.projects ENABLE ROW LEVEL SECURITY;"]


def test_not_null_column_without_default(schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., str],
                                         tmp_path: Path) -> None:
    """A new NOT NULL column without a default: planned for an empty table, refused (the rest still planned) for
    a table with rows; a type change PostgreSQL does not cast implicitly is cast explicitly."""
    db = fresh_db("status_not_null")
    url = socket_url(pg_env, db.dbname)
    (tmp_path / "schema.yaml").write_text(DRIFT_SCHEMA)
    assert run(schemagen_bin, cwd=tmp_path).returncode == 0
    assert run(schemagen_bin, "migrate", "new", "init", cwd=tmp_path).returncode == 0
    assert run(schemagen_bin, "migrate", "apply", "--db", url, cwd=tmp_path).returncode == 0
    (tmp_path / "schema.yaml").write_text(DRIFT_SCHEMA.replace("      name: varchar(100)\n",
                                                               "      name: jsonb?\n      title: text\n"))
    empty = run(schemagen_bin, "status", "--db", url, "--sql", "--allow-destructive", cwd=tmp_path)
    assert "ALTER TABLE public.projects ADD COLUMN title text NOT NULL;" in empty.stdout, empty.stdout + empty.stderr
    assert "ALTER TABLE public.projects ALTER COLUMN name TYPE jsonb USING name::jsonb;" in empty.stdout

    run_sql(db.dbname, "insert into auth.users (id) values ('00000000-0000-0000-0000-000000000001');"
                       "insert into public.projects (user_id, name) values ('00000000-0000-0000-0000-000000000001', '{}')")
    full = run(schemagen_bin, "status", "--db", url, "--sql", "--allow-destructive", cwd=tmp_path)
    assert full.returncode == 1
    assert "ADD COLUMN title" not in full.stdout
    assert "ALTER TABLE public.projects ALTER COLUMN name TYPE jsonb USING name::jsonb;" in full.stdout
    assert "cannot plan: new column public.projects.title is NOT NULL without a default, and the table has rows" in full.stderr


def test_shadow_database_setting(schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., str], tmp_path: Path) -> None:
    """settings.shadow_database chooses the shadow (here: none); the flag overrides it; a password in it is refused."""
    db = fresh_db("status_shadow_setting")
    url = socket_url(pg_env, db.dbname)
    (tmp_path / "schema.yaml").write_text("settings:\n  shadow_database: none\n" + DRIFT_SCHEMA)
    assert run(schemagen_bin, cwd=tmp_path).returncode == 0
    assert run(schemagen_bin, "migrate", "new", "init", cwd=tmp_path).returncode == 0
    assert run(schemagen_bin, "migrate", "apply", "--db", url, cwd=tmp_path).returncode == 0
    textual = run(schemagen_bin, "status", "--db", url, cwd=tmp_path)
    assert textual.returncode == 0, textual.stdout + textual.stderr
    assert "database schema: matches schema.yaml (compared without a shadow database)" in textual.stdout
    shadowed = run(schemagen_bin, "status", "--db", url, "--shadow-db", url, cwd=tmp_path)
    assert "through a temporary database on the --shadow-db server" in shadowed.stdout, shadowed.stdout + shadowed.stderr

    (tmp_path / "schema.yaml").write_text("settings:\n  shadow_database: postgres://me:secret@db/app\n" + DRIFT_SCHEMA)
    refused = run(schemagen_bin, "check", cwd=tmp_path)
    assert refused.returncode == 1
    assert "schema.yaml:2:20: error: shadow_database carries a password, and schema.yaml is committed" in refused.stderr
    assert "secret" not in refused.stderr
