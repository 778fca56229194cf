"""`schemagen pull` against the test cluster: the round trip that proves it.

For every source database: pull it, generate schema.sql and rls.sql from the pulled schema.yaml, apply them to an
empty database, and compare the two with pg_dump --schema-only (tables, columns, types, defaults, identity,
constraints and their names, foreign keys, indexes, enums, domains, sequences, views, comments, RLS and policies);
then pull the new database: the schema.yaml must be the same byte for byte.

Sources: the hand-written databases in Tests/PullFixtures/<case>/source.sql (their pulled schema.yaml is a golden
file, expected.yaml; SCHEMAGEN_RECORD=1 rewrites it), and the DDL of every compiling fixture in Tests/Fixtures
(databases schemagen made). Without the cluster these tests fail, never skip.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from conftest import REPO_ROOT, DatabaseURL, PgEnv, apply_sql, run_sql

PULL_FIXTURES = REPO_ROOT / "Tests" / "PullFixtures"
FIXTURES = REPO_ROOT / "Tests" / "Fixtures"

# Fixtures whose DDL needs what the test cluster lacks.
UNAVAILABLE = {
    "vector-type": "pgvector is not installed on the test cluster",
}

MANAGED = {"auth", "storage", "realtime", "extensions", "graphql", "graphql_public", "vault", "supabase_migrations"}


def hand_written_cases() -> list[Path]:
    return sorted(path for path in PULL_FIXTURES.iterdir() if (path / "source.sql").is_file())


# The fixtures whose DDL the suite pulls on every run: between them every construct of the language, hostile names
# and the name repairs pull makes. SCHEMAGEN_PULL_ALL=1 pulls every compiling fixture (scripts/pull-corpus.sh).
CORE = {
    "real-database", "kitchen-sink", "hostile-names", "partitioned-tables",
    "views-hostile-names", "materialized-views", "domains", "sequences", "generated-columns", "drizzle-escaping",
    "raw-sql-placement", "sqlalchemy-dotted-names", "composite-keys", "rls-hostile-names", "rls-owner-policy",
    "naming-drizzle", "named-primary-keys", "column-types-extended", "declared-types", "foreign-keys", "schemas",
    "protected-columns",
}


def generated_cases() -> list[Path]:
    every = os.environ.get("SCHEMAGEN_PULL_ALL") == "1"
    return sorted(
        path
        for path in FIXTURES.iterdir()
        if (path / "schema.sql").is_file() and path.name not in UNAVAILABLE and (every or path.name in CORE)
    )


def schemagen(binary: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PG") and k != "DATABASE_URL"}
    return subprocess.run(
        [str(binary), *args], capture_output=True, text=True, cwd=cwd, env=environment, timeout=300, check=False
    )


def user_schemas(db: DatabaseURL) -> list[str]:
    rows = run_sql(
        db,
        "select nspname from pg_namespace where nspname !~ '^pg_' and nspname <> 'information_schema' "
        "order by nspname",
    )
    return [name for name in rows.splitlines() if name and name not in MANAGED]


def dump(pg_env: PgEnv, db: DatabaseURL, schemas: list[str]) -> str:
    pg_dump = Path(os.environ.get("SCHEMAGEN_TEST_PG_BINDIR", Path(pg_env.psql).parent)) / "pg_dump"
    args = [str(pg_dump), "--schema-only", "--no-owner", "-h", pg_env.host, "-p", pg_env.port, "-U", pg_env.user]
    for schema in schemas:
        args += ["-n", schema]
    proc = subprocess.run([*args, db.dbname], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    # pg_dump 15.14+ writes a random \restrict key.
    return re.sub(r"^\\(un)?restrict .*$", "", proc.stdout, flags=re.M)


def round_trip(
    schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., DatabaseURL], tmp_path: Path,
    name: str, sources: list[Path], extra: tuple[str, ...] = (),
) -> str:
    source = fresh_db("pull_src_" + name)
    for path in sources:
        apply_sql(source, path)
    schemas = user_schemas(source)
    pulled = schemagen(schemagen_bin, "pull", *extra, "--db", source.conninfo, "--schemas", ",".join(schemas),
                       "--out", "schema.yaml", cwd=tmp_path)
    assert pulled.returncode == 0, pulled.stderr
    assert "error:" not in pulled.stderr, pulled.stderr
    text = (tmp_path / "schema.yaml").read_text()

    generated = schemagen(schemagen_bin, "generate", "--schema", "schema.yaml", "--only", "sql,rls", cwd=tmp_path)
    assert generated.returncode == 0, generated.stdout + generated.stderr
    target = fresh_db("pull_dst_" + name)
    for output in sorted((tmp_path / "Generated").rglob("schema.sql")) + sorted((tmp_path / "Generated").rglob("rls.sql")):
        apply_sql(target, output)

    before, after = dump(pg_env, source, schemas), dump(pg_env, target, schemas)
    if before != after:
        import difflib

        diff = "\n".join(difflib.unified_diff(before.splitlines(), after.splitlines(), "source", "pulled", lineterm="", n=2))
        pytest.fail(f"the database built from the pulled schema differs from the source:\n{diff}\n\n{text}")

    again_dir = tmp_path / "again"
    again_dir.mkdir()
    again = schemagen(schemagen_bin, "pull", *extra, "--db", target.conninfo, "--schemas", ",".join(schemas),
                      "--out", "schema.yaml", cwd=again_dir)
    assert again.returncode == 0, again.stderr
    assert (again_dir / "schema.yaml").read_text() == text, "pulling the rebuilt database gave another schema.yaml"
    return text


@pytest.mark.parametrize("case", hand_written_cases(), ids=lambda path: path.name)
def test_pull_round_trip_hand_written(
    case: Path, schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., DatabaseURL], tmp_path: Path
) -> None:
    text = round_trip(schemagen_bin, pg_env, fresh_db, tmp_path, case.name, [case / "source.sql"])
    expected = case / "expected.yaml"
    if os.environ.get("SCHEMAGEN_RECORD") == "1":
        expected.write_text(text)
        pytest.fail(f"recorded {expected.relative_to(REPO_ROOT)}; review it and run again without SCHEMAGEN_RECORD")
    assert expected.is_file(), f"{expected} is missing: run with SCHEMAGEN_RECORD=1 and review it"
    assert text == expected.read_text()


@pytest.mark.parametrize("case", generated_cases(), ids=lambda path: path.name)
def test_pull_round_trip_of_generated_ddl(
    case: Path, schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., DatabaseURL], tmp_path: Path
) -> None:
    sources = [path for path in (case / "setup.sql", case / "schema.sql", case / "rls.sql") if path.is_file()]
    round_trip(schemagen_bin, pg_env, fresh_db, tmp_path, case.name, sources)


def test_pull_reads_column_privileges_as_protected(
    schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., DatabaseURL], tmp_path: Path
) -> None:
    case = FIXTURES / "protected-columns"
    text = round_trip(schemagen_bin, pg_env, fresh_db, tmp_path, "protected_read", [case / "schema.sql", case / "rls.sql"])
    tables = yaml.safe_load(text)["tables"]
    protected = [name for name, column in tables["accounts"]["columns"].items()
                 if isinstance(column, dict) and column.get("protected") is True]
    assert protected == ["balance", "role", "rate_limit", "created_at"], text
    assert not any(isinstance(column, dict) and "protected" in column for column in tables["settings"]["columns"].values()), text
    # The clients' table-level REVOKE is what protected: true means, not a raw privileges block of its own. (A
    # table without a single column grant, all_protected, cannot be told apart from a plain REVOKE and keeps it.)
    assert "privileges on public.accounts" not in text and "ON TABLE public.accounts" not in text, text


def test_pull_with_mixins(
    schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., DatabaseURL], tmp_path: Path
) -> None:
    """--mixins finds the id and timestamp columns every PixCrawler table repeats; the round trip still holds."""
    sources = [REPO_ROOT / "Generated" / "sql" / "schema.sql", REPO_ROOT / "Generated" / "sql" / "rls.sql"]
    text = round_trip(schemagen_bin, pg_env, fresh_db, tmp_path, "mixins", sources, ("--mixins",))
    assert (
        "mixins:\n  id:\n    columns:\n      id: { type: uuid, default: gen_random_uuid(), primary_key: true }\n"
        "  timestamps:\n    position: last\n    columns:\n      created_at: { type: timestamptz, default: now() }\n"
        "      updated_at: { type: timestamptz, default: now() }\n"
    ) in text
    assert "    use: [id, timestamps]\n" in text


def test_pull_never_writes_over_a_file(schemagen_bin: Path, fresh_db: Callable[..., DatabaseURL], tmp_path: Path) -> None:
    db = fresh_db("pull_force")
    run_sql(db, "create table public.t (id integer primary key)")
    (tmp_path / "schema.yaml").write_text("# mine\n")
    refused = schemagen(schemagen_bin, "pull", "--db", db.conninfo, cwd=tmp_path)
    assert refused.returncode == 1
    assert "--force" in refused.stderr
    assert (tmp_path / "schema.yaml").read_text() == "# mine\n"
    forced = schemagen(schemagen_bin, "pull", "--db", db.conninfo, "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert "  t:\n    columns:\n      id: { type: integer, primary_key: true }\n" in (tmp_path / "schema.yaml").read_text()


def test_pull_to_standard_output(schemagen_bin: Path, fresh_db: Callable[..., DatabaseURL], tmp_path: Path) -> None:
    db = fresh_db("pull_stdout")
    run_sql(db, "create table public.notes (id bigint generated always as identity primary key, body text)")
    result = schemagen(schemagen_bin, "pull", "--db", db.conninfo, "--out", "-", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "body: text?" in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_pull_leaves_managed_schemas_alone(schemagen_bin: Path, fresh_db: Callable[..., DatabaseURL], tmp_path: Path) -> None:
    db = fresh_db("pull_managed")
    run_sql(db, "create table public.profiles (id uuid primary key references auth.users (id) on delete cascade)")
    result = schemagen(schemagen_bin, "pull", "--db", db.conninfo, "--schemas", "public,auth", "--out", "-", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "auth is managed" in result.stderr
    assert "external:\n  auth.users:\n    columns:\n      id: { type: uuid, primary_key: true }\n" in result.stdout
    assert "references: auth.users.id, on_delete: cascade" in result.stdout
    only = schemagen(schemagen_bin, "pull", "--db", db.conninfo, "--schemas", "auth", "--out", "-", cwd=tmp_path)
    assert only.returncode == 1 and "no schema left to pull" in only.stderr


def test_pull_unreachable_database(schemagen_bin: Path, tmp_path: Path) -> None:
    result = schemagen(schemagen_bin, "pull", "--db", "postgresql://me:secret-pw@127.0.0.1:1/db", cwd=tmp_path)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line]
    # A password on the command line is visible in the process list: a warning, then the one error line.
    assert len(lines) == 2 and lines[0].startswith("schemagen: warning: --db carries a password")
    assert lines[1].startswith("schemagen: error: ")
    assert "secret-pw" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_adopting_an_existing_database(
    schemagen_bin: Path, fresh_db: Callable[..., DatabaseURL], tmp_path: Path
) -> None:
    """pull, generate, a baseline migration recorded without running, then a change shipped as a migration."""
    db = fresh_db("pull_adopt")
    apply_sql(db, PULL_FIXTURES / "supabase-app" / "source.sql")
    assert schemagen(schemagen_bin, "pull", "--db", db.conninfo, cwd=tmp_path).returncode == 0
    generated = schemagen(schemagen_bin, cwd=tmp_path)
    assert generated.returncode == 0, generated.stderr
    baseline = schemagen(schemagen_bin, "migrate", "new", "baseline", cwd=tmp_path)
    assert baseline.returncode == 0, baseline.stderr
    recorded = schemagen(schemagen_bin, "migrate", "apply", "--db", db.conninfo, "--record-only", cwd=tmp_path)
    assert recorded.returncode == 0, recorded.stderr
    assert "1 migration recorded as applied without running them" in recorded.stderr
    versions = run_sql(db, "select name from supabase_migrations.schema_migrations").split()
    assert versions == ["baseline"]

    schema = tmp_path / "schema.yaml"
    schema.write_text(schema.read_text().replace("      website: text?\n", "      website: text?\n      bio: text?\n"))
    assert schemagen(schemagen_bin, cwd=tmp_path).returncode == 0
    change = schemagen(schemagen_bin, "migrate", "new", "add_bio", cwd=tmp_path)
    assert change.returncode == 0, change.stderr
    applied = schemagen(schemagen_bin, "migrate", "apply", "--db", db.conninfo, cwd=tmp_path)
    assert applied.returncode == 0, applied.stderr
    assert "1 migration applied" in applied.stderr
    assert run_sql(db, "select format_type(atttypid, atttypmod) from pg_attribute "
                       "where attrelid = 'public.profiles'::regclass and attname = 'bio'").strip() == "text"
    assert schemagen(schemagen_bin, "check", cwd=tmp_path).returncode == 0


# A database laid out like PostGraphile's examples: the application in app_public and app_private, nothing in public;
# functions over the tables' row types and SQL functions reading them; an expression index with commas inside; varchar
# columns checked with IN lists; EXECUTE granted and revoked; what pull does not write (a policy on a managed table, a
# publication) around it.
APP_SCHEMAS_SQL = """
create schema app_public;
create schema app_private;
grant usage on schema app_public to anon, authenticated;
alter default privileges in schema app_public grant select on tables to anon;
alter default privileges in schema app_private grant execute on functions to service_role;
create type app_public.trade_side as enum ('buy', 'sell');
create domain app_public.color as varchar(10) check (value in ('red', 'blue'));
create function app_public.double(x integer) returns integer language sql immutable as $$ select x * 2 $$;
create table app_public.accounts (
    id bigint generated always as identity primary key,
    name text not null,
    status varchar(20) not null default 'active' check (status in ('active', 'closed')),
    tier varchar check (tier not in ('banned', 'deleted') or tier is null),
    color app_public.color,
    score integer check (app_public.double(score) < 100)
);
create table app_public.trades (
    id bigint primary key,
    account_id bigint not null references app_public.accounts (id) on delete cascade,
    side app_public.trade_side not null,
    close_time timestamp,
    other_col integer,
    note text
);
create index trades_open_idx on app_public.trades ((coalesce(close_time, '9999-12-31'::timestamp)), other_col);
create index trades_note_idx on app_public.trades ((lower(note)) desc, (note || 'a,b') text_pattern_ops);
create table app_private.account_secrets (
    account_id bigint primary key references app_public.accounts (id),
    token text not null
);
create function app_public.account_label(a app_public.accounts) returns text language sql stable
    as $$ select a.name || ' (' || a.status || ')' $$;
create function app_public.open_accounts() returns setof app_public.accounts language sql stable
    as $$ select * from app_public.accounts where status = 'active' $$;
create function app_public.trade_count() returns bigint language sql stable as $$ select count(*) from app_public.trades $$;
create function app_public.first_trades(n integer) returns table (id bigint, side app_public.trade_side) language sql stable
    begin atomic select t.id, t.side from app_public.trades t order by t.id limit n; end;
create function app_private.touch() returns trigger language plpgsql as $$ begin return new; end $$;
create trigger trades_touch before update on app_public.trades for each row execute function app_private.touch();
create view app_public.active_accounts as select id, name from app_public.accounts where status = 'active';
revoke execute on function app_public.trade_count() from public;
grant execute on function app_public.trade_count() to authenticated;
alter table auth.users enable row level security;
create policy "users see themselves" on auth.users for select using (id = auth.uid());
"""


def pull_round_trip_without_flags(
    schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., DatabaseURL], tmp_path: Path, name: str, sql: str
) -> tuple[subprocess.CompletedProcess[str], str]:
    """pull with no --schemas, generate, apply to an empty database: the same catalog; a second pull the same bytes."""
    source = fresh_db("pull_src_" + name)
    run_sql(source, sql)
    pulled = schemagen(schemagen_bin, "pull", "--db", source.conninfo, "--out", "schema.yaml", cwd=tmp_path)
    assert pulled.returncode == 0, pulled.stderr
    assert "error:" not in pulled.stderr, pulled.stderr
    text = (tmp_path / "schema.yaml").read_text()
    generated = schemagen(schemagen_bin, "generate", "--schema", "schema.yaml", "--only", "sql,rls", cwd=tmp_path)
    assert generated.returncode == 0, generated.stdout + generated.stderr
    target = fresh_db("pull_dst_" + name)
    for output in (tmp_path / "Generated" / "sql" / "schema.sql", tmp_path / "Generated" / "sql" / "rls.sql"):
        apply_sql(target, output)
    schemas = user_schemas(source)
    before, after = dump(pg_env, source, schemas), dump(pg_env, target, schemas)
    assert before == after, f"the database built from the pulled schema differs from the source\n{text}"
    again_dir = tmp_path / "again"
    again_dir.mkdir()
    again = schemagen(schemagen_bin, "pull", "--db", target.conninfo, "--out", "schema.yaml", cwd=again_dir)
    assert again.returncode == 0, again.stderr
    assert (again_dir / "schema.yaml").read_text() == text, "pulling the rebuilt database gave another schema.yaml"
    return pulled, text


def test_pull_reads_every_application_schema(
    schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., DatabaseURL], tmp_path: Path
) -> None:
    pulled, text = pull_round_trip_without_flags(schemagen_bin, pg_env, fresh_db, tmp_path, "app_schemas", APP_SCHEMAS_SQL)
    assert "schemagen: reading schemas app_private, app_public, public; skipped auth (managed by the platform)" in pulled.stderr
    assert "settings: { schemas: [app_private, app_public, public] }\n" in text
    assert "  app_public.trades:\n" in text and "  app_private.account_secrets:\n" in text
    # PyYAML refuses `varchar?` in a flow mapping, which YAML 1.2 allows: the blocks are read from the sql: section.
    blocks = yaml.safe_load(text[text.index("\nsql:\n"):])["sql"]
    placements = {block["name"]: block["placement"] for block in blocks}
    # Over row types, reading tables: after them. Called by a check: before them. A trigger function: before them.
    assert placements["function app_public.account_label(a app_public.accounts)"] == "after_tables"
    assert placements["function app_public.open_accounts()"] == "after_tables"
    assert placements["function app_public.trade_count()"] == "after_tables"
    assert placements["function app_public.first_trades(n integer)"] == "after_tables"
    assert placements["function app_public.double(x integer)"] == "before_tables"
    assert placements["function app_private.touch()"] == "before_tables"
    # Expression index keys whole, each with its operator class and direction.
    assert ("      - columns: [\"(COALESCE(close_time, '9999-12-31 00:00:00'::timestamp without time zone))\", other_col]\n"
            "        name: trades_open_idx\n") in text
    assert "- { columns: [(lower(note)) desc, \"(note || 'a,b'::text) text_pattern_ops\"], name: trades_note_idx }" in text
    # varchar IN lists as the IN lists PostgreSQL reads back the same.
    assert "check: \"status IN ('active', 'closed')\"" in text
    assert "check: \"(tier NOT IN ('banned', 'deleted')) OR (tier IS NULL)\"" in text
    assert "checks: { color_check: \"VALUE IN ('red', 'blue')\" }" in text
    # EXECUTE grants are pulled; what is left out is named.
    privileges = next(block for block in blocks if block["name"] == "privileges on function app_public.trade_count()")
    assert privileges["placement"] == "rls"
    assert privileges["sql"] == ("GRANT EXECUTE ON FUNCTION app_public.trade_count() TO authenticated;\n"
                                 "REVOKE EXECUTE ON FUNCTION app_public.trade_count() FROM PUBLIC;\n")
    sql = {block["name"]: (block["placement"], block["sql"]) for block in blocks}
    assert sql["privileges on schema app_public"] == (
        "rls", "GRANT USAGE ON SCHEMA app_public TO anon;\nGRANT USAGE ON SCHEMA app_public TO authenticated;\n")
    assert sql["default privileges of postgres in schema app_public"] == (
        "before_tables", "ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA app_public GRANT SELECT ON TABLES TO anon;\n")
    assert sql["default privileges of postgres in schema app_private"] == (
        "before_tables",
        "ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA app_private GRANT EXECUTE ON FUNCTIONS TO service_role;\n")
    # The application's policy on the platform's auth.users is kept, as rls.sql makes it.
    placement, policies = sql["policies on auth.users"]
    assert placement == "rls" and 'CREATE POLICY "users see themselves" ON auth.users AS PERMISSIVE FOR' in policies
    assert "not pulled" not in pulled.stderr


def test_pull_keeps_the_tables_a_publication_publishes(
    schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., DatabaseURL], tmp_path: Path
) -> None:
    sql = ("create table public.messages (id bigint primary key); create table public.rooms (id bigint primary key);"
           "create publication chat for table public.messages, public.rooms;"
           "create publication everything for all tables")
    pulled, text = pull_round_trip_without_flags(schemagen_bin, pg_env, fresh_db, tmp_path, "publications", sql)
    assert ("      ALTER PUBLICATION chat ADD TABLE public.messages, public.rooms;\n") in text
    assert "schemagen: warning: publication everything (FOR ALL TABLES): not pulled" in pulled.stderr
    # Only public: nothing to record, the default scope.
    assert "settings:" not in text


def test_pull_makes_composite_and_range_types_before_what_uses_them(
    schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., DatabaseURL], tmp_path: Path
) -> None:
    sql = """
    create type public.pair as (a integer, "B" text);
    comment on type public.pair is 'two values';
    create type public.score_range as range (subtype = float8, subtype_diff = float8mi);
    create function public.make_pair(x integer) returns public.pair language sql immutable as $$ select x, x::text $$;
    create table public.readings (id integer primary key, p public.pair, band public.score_range);
    """
    _, text = pull_round_trip_without_flags(schemagen_bin, pg_env, fresh_db, tmp_path, "types", sql)
    assert "      CREATE TYPE public.pair AS (a integer, \"B\" text);\n      COMMENT ON TYPE public.pair IS 'two values';\n" in text
    assert "CREATE TYPE public.score_range AS RANGE (subtype = double precision, subtype_diff = float8mi);\n" in text
    # The range's constructors are the type's own: CREATE TYPE makes them.
    assert "function public.score_range(" not in text and "score_multirange" not in text


def test_pull_names_a_view_it_cannot_place(
    schemagen_bin: Path, fresh_db: Callable[..., DatabaseURL], tmp_path: Path
) -> None:
    """A view calling a function over a table's row type: the function follows the tables, the views do not."""
    db = fresh_db("pull_late_view")
    run_sql(db, "create table public.people (id integer primary key, name text);"
                "create function public.label(p public.people) returns text language sql as $$ select p.name $$;"
                "create view public.labels as select public.label(p) as label from public.people p")
    result = schemagen(schemagen_bin, "pull", "--db", db.conninfo, "--out", "-", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert ("schemagen: warning: view public.labels calls public.label(public.people), which is made after the tables"
            in result.stderr)


def test_pull_refuses_a_schema_the_database_lacks(
    schemagen_bin: Path, fresh_db: Callable[..., DatabaseURL], tmp_path: Path
) -> None:
    db = fresh_db("pull_typo")
    run_sql(db, "create schema app_public; create table app_public.t (id integer primary key)")
    result = schemagen(schemagen_bin, "pull", "--db", db.conninfo, "--schemas", "public,app_publc", "--out", "-", cwd=tmp_path)
    assert result.returncode == 1
    assert "schemagen: error: --schemas: the database has no schema app_publc (did you mean 'app_public'?)" in result.stderr
    assert result.stdout == ""


def test_status_and_the_next_pull_read_the_recorded_schemas(
    schemagen_bin: Path, fresh_db: Callable[..., DatabaseURL], tmp_path: Path
) -> None:
    """settings.schemas is the scope: status does not report what public holds when only app_public was pulled."""
    db = fresh_db("pull_scope")
    run_sql(db, "create schema app_public; create table app_public.notes (id integer primary key, body text);"
                "create table public.legacy (id integer primary key)")
    pulled = schemagen(schemagen_bin, "pull", "--db", db.conninfo, "--schemas", "app_public", cwd=tmp_path)
    assert pulled.returncode == 0, pulled.stderr
    text = (tmp_path / "schema.yaml").read_text()
    assert "settings: { schemas: [app_public] }\n" in text and "legacy" not in text
    assert schemagen(schemagen_bin, cwd=tmp_path).returncode == 0
    status = schemagen(schemagen_bin, "status", "--db", db.conninfo, cwd=tmp_path)
    assert "legacy" not in status.stdout + status.stderr, status.stdout + status.stderr
    assert status.returncode == 0, status.stdout + status.stderr
    assert "database schema: matches schema.yaml" in status.stdout, status.stdout + status.stderr
    again = schemagen(schemagen_bin, "pull", "--db", db.conninfo, "--force", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "reading the schemas schema.yaml records: app_public" in again.stderr
    assert (tmp_path / "schema.yaml").read_text() == text


STORAGE = """
create schema storage;
create table storage.buckets (id text primary key, name text not null, public boolean default false);
create table storage.objects (
  id uuid primary key default gen_random_uuid(), bucket_id text references storage.buckets (id), name text, owner uuid
);
alter table storage.objects enable row level security;
create function storage.foldername(name text) returns text[] language sql immutable as $$ select string_to_array(name, '/') $$;
"""

STORAGE_POLICIES = """
create table public.profiles (id uuid primary key references auth.users (id), avatar_path text);
create policy "Avatars are public" on storage.objects for select using (bucket_id = 'avatars');
create policy "Users upload their own avatar" on storage.objects for insert to authenticated
  with check (bucket_id = 'avatars' and (select auth.uid())::text = (storage.foldername(name))[1]);
create policy "No deletes" on storage.objects as restrictive for delete to anon, authenticated using (false);
"""

POLICY_ROWS = ("select policyname, permissive, roles::text, cmd, qual, with_check from pg_policies "
               "where schemaname = 'storage' order by policyname")


def test_pull_keeps_the_applications_policies_on_storage_objects(
    schemagen_bin: Path, fresh_db: Callable[..., DatabaseURL], tmp_path: Path
) -> None:
    """Supabase Storage's storage.objects is the platform's table and the application's policies: pull keeps the
    policies (as an rls block), the generated rls.sql makes them again (twice, as a re-run does), status compares them
    and its repair applies."""
    source = fresh_db("storage_src")
    run_sql(source, STORAGE + STORAGE_POLICIES)
    pulled = schemagen(schemagen_bin, "pull", "--db", source.conninfo, "--out", "schema.yaml", cwd=tmp_path)
    assert pulled.returncode == 0, pulled.stderr
    assert "not pulled" not in pulled.stderr, pulled.stderr
    text = (tmp_path / "schema.yaml").read_text()
    assert 'CREATE POLICY "Users upload their own avatar" ON storage.objects AS PERMISSIVE FOR INSERT TO authenticated' in text

    generated = schemagen(schemagen_bin, "generate", cwd=tmp_path)
    assert generated.returncode == 0, generated.stderr
    target = fresh_db("storage_dst")
    run_sql(target, STORAGE)
    apply_sql(target, tmp_path / "Generated" / "sql" / "schema.sql")
    apply_sql(target, tmp_path / "Generated" / "sql" / "rls.sql")
    apply_sql(target, tmp_path / "Generated" / "sql" / "rls.sql")
    assert run_sql(target, POLICY_ROWS) == run_sql(source, POLICY_ROWS)

    in_sync = schemagen(schemagen_bin, "status", "--db", source.conninfo, cwd=tmp_path)
    assert in_sync.returncode == 0, in_sync.stdout + in_sync.stderr

    run_sql(source, 'alter policy "Avatars are public" on storage.objects using (bucket_id = \'public\');'
                    'drop policy "No deletes" on storage.objects')
    drifted = schemagen(schemagen_bin, "status", "--db", source.conninfo, cwd=tmp_path)
    assert drifted.returncode == 1, drifted.stdout + drifted.stderr
    assert "Avatars are public" in drifted.stdout + drifted.stderr and "No deletes" in drifted.stdout + drifted.stderr
    repair = schemagen(schemagen_bin, "status", "--db", source.conninfo, "--sql", "--allow-destructive", cwd=tmp_path)
    assert repair.returncode == 1, repair.stderr
    script = tmp_path / "repair.sql"
    script.write_text(repair.stdout)
    apply_sql(source, script)
    repaired = schemagen(schemagen_bin, "status", "--db", source.conninfo, cwd=tmp_path)
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert run_sql(target, POLICY_ROWS) == run_sql(source, POLICY_ROWS)
