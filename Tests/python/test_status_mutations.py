"""Deliberate drift on a database built from the repository's own generated DDL.

The database starts as `Generated/sql/schema.sql` and `rls.sql` applied to the Supabase-like template: `status`
must call it in sync. Each mutation below is one change made by hand; `status` must exit 1 and name the object,
`status --sql --allow-destructive` must print SQL only, which `psql -1` applies without an error, and `status` must
then exit 0 again.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import PgEnv, apply_sql, run_sql

# (the change made by hand, a piece of the report that names it)
MUTATIONS: list[tuple[str, str]] = [
    ("ALTER TABLE public.profiles ADD COLUMN extra text", "column extra is in the database"),
    ("ALTER TABLE public.profiles DROP COLUMN avatar_url", "column avatar_url is missing"),
    ("ALTER TABLE public.profiles RENAME COLUMN avatar_url TO avatar", "column avatar_url is missing"),
    ("ALTER TABLE public.profiles ALTER COLUMN full_name TYPE text", "column full_name has another type"),
    ("ALTER TABLE public.profiles ALTER COLUMN full_name TYPE varchar(100)", "column full_name has another type"),
    ("ALTER TABLE public.profiles ALTER COLUMN onboarding_completed SET DEFAULT true", "column onboarding_completed has another default"),
    ("ALTER TABLE public.profiles ALTER COLUMN onboarding_completed DROP DEFAULT", "column onboarding_completed has another default"),
    ("ALTER TABLE public.profiles ALTER COLUMN onboarding_completed DROP NOT NULL", "column onboarding_completed is nullable"),
    ("ALTER TABLE public.profiles ALTER COLUMN email SET NOT NULL", "column email is NOT NULL in the database"),
    ("ALTER TABLE public.api_keys ADD CONSTRAINT extra_check CHECK (rate_limit < 1000000)", "constraint extra_check"),
    ("ALTER TABLE public.api_keys DROP CONSTRAINT api_keys_rate_limit_check", "constraint api_keys_rate_limit_check"),
    ("ALTER TABLE public.crawl_jobs DROP CONSTRAINT crawl_jobs_progress_check, "
     "ADD CONSTRAINT crawl_jobs_progress_check CHECK (progress BETWEEN 0 AND 99)", "constraint crawl_jobs_progress_check"),
    ("ALTER TABLE public.profiles ADD CONSTRAINT profiles_email_key UNIQUE (email)", "profiles_email_key"),
    ("ALTER TABLE public.projects DROP CONSTRAINT projects_user_id_fkey", "constraint projects_user_id_fkey"),
    ("ALTER TABLE public.projects DROP CONSTRAINT projects_user_id_fkey, ADD CONSTRAINT projects_user_id_fkey "
     "FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE RESTRICT", "constraint projects_user_id_fkey"),
    ("DROP INDEX public.projects_user_id_idx", "index projects_user_id_idx"),
    ("DROP INDEX public.crawl_jobs_active_idx; CREATE INDEX crawl_jobs_active_idx ON public.crawl_jobs (status) "
     "WHERE status = 'pending'", "crawl_jobs_active_idx"),
    ("CREATE INDEX extra_idx ON public.profiles (email)", "index public.extra_idx"),
    # A name from the database that is SQL: the report is not on stdout, and the repair quotes it.
    ('CREATE SCHEMA keep; CREATE TABLE keep.victim (id int); '
     'CREATE INDEX "x; DROP TABLE keep.victim; --" ON public.profiles (email)', 'index public."x; DROP TABLE keep.victim; --"'),
    ('DROP POLICY "Users can view own profile" ON public.profiles', 'policy "Users can view own profile"'),
    ('ALTER POLICY "Users can view own profile" ON public.profiles USING (true)', 'policy "Users can view own profile"'),
    ('ALTER POLICY "Users can view own profile" ON public.profiles TO anon', 'policy "Users can view own profile"'),
    ('ALTER POLICY "Users can update own profile" ON public.profiles WITH CHECK (true)', 'policy "Users can update own profile"'),
    ("CREATE POLICY extra ON public.profiles FOR SELECT USING (true)", 'policy "extra"'),
    ("ALTER TABLE public.profiles DISABLE ROW LEVEL SECURITY", "row-level security is off in the database"),
    ("ALTER TYPE public.user_role ADD VALUE 'superuser'", "user_role"),
    ("CREATE TABLE public.extra_table (id int)", "table public.extra_table is in the database"),
    ("DROP TABLE public.usage_metrics", "table public.usage_metrics is missing"),
    ("COMMENT ON TABLE public.profiles IS 'changed'", "the comment on TABLE public.profiles differs"),
    ("DROP TRIGGER profiles_set_updated_at ON public.profiles", "trigger profiles_set_updated_at on public.profiles is missing"),
    ("DROP TRIGGER on_auth_user_created ON auth.users", "trigger on_auth_user_created on auth.users is missing"),
    ("CREATE OR REPLACE TRIGGER profiles_set_updated_at BEFORE INSERT OR UPDATE ON public.profiles "
     "FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()", "trigger profiles_set_updated_at on public.profiles differs"),
    ("ALTER TABLE public.profiles DISABLE TRIGGER profiles_set_updated_at", "profiles_set_updated_at"),
    ("CREATE OR REPLACE FUNCTION public.set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
     "function public.set_updated_at() differs"),
    ("DROP FUNCTION public.handle_new_user() CASCADE", "function public.handle_new_user() is missing"),
    ("CREATE FUNCTION public.extra_fn() RETURNS int LANGUAGE sql AS 'select 1'", "public.extra_fn()"),
    ("REVOKE ALL ON public.profiles FROM anon", "anon lacks"),
    ("GRANT SELECT ON public.profiles TO service_role WITH GRANT OPTION", "service_role"),
    ("REVOKE EXECUTE ON FUNCTION public.handle_new_user() FROM PUBLIC", "PUBLIC lacks EXECUTE"),
    ("REVOKE UPDATE (full_name) ON public.profiles FROM authenticated", "authenticated lacks UPDATE"),
]


def status(schemagen_bin: Path, repo_root: Path, pg_env: PgEnv, dbname: str, *args: str) -> subprocess.CompletedProcess[str]:
    url = f"postgresql://{pg_env.user}@/{dbname}?host={pg_env.host}&port={pg_env.port}"
    return subprocess.run([str(schemagen_bin), "status", "--db", url, *args], cwd=repo_root,
                          capture_output=True, text=True, check=False, timeout=120)


@pytest.fixture(scope="module")
def built_database(pg_env: PgEnv, repo_root: Path) -> Iterator[str]:
    """A database made from the generated DDL and RLS, the template of each mutation's database."""
    name = f"status_mutations_{uuid.uuid4().hex[:8]}"
    subprocess.run([*pg_env.psql_base("postgres"), "-c", f'CREATE DATABASE "{name}" TEMPLATE "{pg_env.template}"'],
                   capture_output=True, text=True, check=True)
    apply_sql(name, repo_root / "Generated" / "sql" / "schema.sql")
    apply_sql(name, repo_root / "Generated" / "sql" / "rls.sql")
    yield name
    subprocess.run([*pg_env.psql_base("postgres"), "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'],
                   capture_output=True, check=False)


@pytest.fixture
def copy_of(pg_env: PgEnv, built_database: str) -> Iterator[str]:
    name = f"status_mutation_{uuid.uuid4().hex[:8]}"
    subprocess.run([*pg_env.psql_base("postgres"), "-c", f'CREATE DATABASE "{name}" TEMPLATE "{built_database}"'],
                   capture_output=True, text=True, check=True)
    yield name
    subprocess.run([*pg_env.psql_base("postgres"), "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'],
                   capture_output=True, check=False)


def test_the_generated_ddl_is_in_sync(schemagen_bin: Path, repo_root: Path, pg_env: PgEnv, built_database: str) -> None:
    result = status(schemagen_bin, repo_root, pg_env, built_database)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "database schema: matches schema.yaml" in result.stdout
    repair = status(schemagen_bin, repo_root, pg_env, built_database, "--sql", "--allow-destructive")
    assert [line for line in repair.stdout.splitlines() if line and not line.startswith("--")] == []


@pytest.mark.parametrize(("mutation", "named"), MUTATIONS, ids=[m[0][:60] for m in MUTATIONS])
def test_drift_is_found_and_repaired(schemagen_bin: Path, repo_root: Path, pg_env: PgEnv, copy_of: str,
                                     mutation: str, named: str, tmp_path: Path) -> None:
    run_sql(copy_of, mutation)
    drifted = status(schemagen_bin, repo_root, pg_env, copy_of)
    assert drifted.returncode == 1, drifted.stdout + drifted.stderr
    assert named in drifted.stdout, drifted.stdout

    repair = status(schemagen_bin, repo_root, pg_env, copy_of, "--sql", "--allow-destructive")
    assert repair.returncode == 1, repair.stderr
    assert "generated files:" in repair.stderr and "generated files:" not in repair.stdout
    script = tmp_path / "repair.sql"
    script.write_text(repair.stdout)
    applied = subprocess.run([*pg_env.psql_base(copy_of), "-1", "-f", str(script)], capture_output=True, text=True,
                             check=False)
    assert applied.returncode == 0, applied.stderr + repair.stdout

    again = status(schemagen_bin, repo_root, pg_env, copy_of)
    assert again.returncode == 0, again.stdout + again.stderr + repair.stdout
    if "victim" in mutation:
        assert run_sql(copy_of, "select to_regclass('keep.victim') is not null").strip() == "t"


FIXTURES = sorted(path.parent for path in (Path(__file__).resolve().parents[1] / "Fixtures").glob("*/schema.sql"))


@pytest.mark.parametrize("fixture", FIXTURES, ids=[path.name for path in FIXTURES])
def test_each_fixture_is_in_sync_with_its_own_ddl(schemagen_bin: Path, pg_env: PgEnv, fresh_db, fixture: Path,
                                                   tmp_path: Path) -> None:
    """No false difference: a database made by a fixture's generated DDL is what its schema.yaml describes."""
    shutil.copy(fixture / "schema.yaml", tmp_path / "schema.yaml")
    db = fresh_db("status_fixture")
    # The fixture's setup (the extensions its types need), its DDL and its RLS, as reviewed golden files.
    setup = fixture / "setup.sql"
    if setup.is_file():
        available = set(run_sql(db.dbname, "select name from pg_available_extensions").split())
        missing = [name for name in re.findall(r"CREATE EXTENSION IF NOT EXISTS (\w+)", setup.read_text()) if name not in available]
        if missing:
            pytest.skip(f"this PostgreSQL server has no {', '.join(missing)} extension")
    for name in ("setup.sql", "schema.sql", "rls.sql"):
        if (fixture / name).is_file():
            apply_sql(db.dbname, fixture / name)
    url = f"postgresql://{pg_env.user}@/{db.dbname}?host={pg_env.host}&port={pg_env.port}"
    result = subprocess.run([str(schemagen_bin), "status", "--db", url], cwd=tmp_path, capture_output=True, text=True,
                            check=False, timeout=120)
    lines = result.stdout.splitlines()
    database = [line for line in lines if line.startswith("database schema:")]
    assert database and database[0].startswith("database schema: matches"), result.stdout + result.stderr
    # Without a shadow, schemagen's own spelling is compared: still no difference, at most uncertain ones.
    textual = subprocess.run([str(schemagen_bin), "status", "--db", url, "--shadow-db", "none"], cwd=tmp_path,
                             capture_output=True, text=True, check=False, timeout=120)
    database = [line for line in textual.stdout.splitlines() if line.startswith("database schema:")]
    assert database and database[0].startswith("database schema: matches"), textual.stdout + textual.stderr


def test_without_createdb_the_shadow_is_an_ephemeral_local_cluster(schemagen_bin: Path, repo_root: Path,
                                                                   pg_env: PgEnv, copy_of: str) -> None:
    """A role that may not create databases, and no --shadow-db: a throwaway local cluster is the shadow, and
    PostgreSQL still judges equality (a dropped trigger is found, the in-sync copy is in sync)."""
    run_sql("postgres", "DO $$ BEGIN CREATE ROLE status_nocreatedb LOGIN NOCREATEDB; "
                        "EXCEPTION WHEN duplicate_object THEN NULL; END $$")
    project = Path(tempfile.mkdtemp(prefix="schemagen-status-"))
    try:
        shutil.copy(repo_root / "schema.yaml", project / "schema.yaml")
        shutil.copytree(repo_root / "Generated", project / "Generated")
        for path in [project, *project.rglob("*")]:
            path.chmod(0o777 if path.is_dir() else 0o666)
        command = [str(schemagen_bin), "status", "--db",
                   f"host={pg_env.host} port={pg_env.port} user=status_nocreatedb dbname={copy_of}"]
        if os.geteuid() == 0:
            # initdb refuses root: run as the unprivileged user the test server runs as.
            command = ["runuser", "-u", Path(pg_env.host).owner(), "--", "env", "HOME=/tmp",
                       f"SCHEMAGEN_PG_BINDIR={os.environ.get('SCHEMAGEN_TEST_PG_BINDIR', '')}", *command]
        in_sync = subprocess.run(command, cwd=project, capture_output=True, text=True, check=False, timeout=120)
        assert in_sync.returncode == 0, in_sync.stdout + in_sync.stderr
        assert "through an ephemeral local PostgreSQL" in in_sync.stdout
        run_sql(copy_of, "DROP TRIGGER on_auth_user_created ON auth.users")
        drifted = subprocess.run(command, cwd=project, capture_output=True, text=True, check=False, timeout=120)
        assert drifted.returncode == 1, drifted.stdout + drifted.stderr
        assert "trigger on_auth_user_created on auth.users is missing" in drifted.stdout
        assert not list(Path(tempfile.gettempdir()).glob("schemagen-shadow-*"))
    finally:
        shutil.rmtree(project, ignore_errors=True)


@pytest.mark.parametrize(("mutation", "named"), [
    ("ALTER TABLE public.measurements_2024 DISABLE ROW LEVEL SECURITY",
     "public.measurements_2024: row-level security is off in the database, on in schema.yaml"),
    ("CREATE POLICY leak ON public.measurements_2025 FOR SELECT TO anon USING (true)",
     'public.measurements_2025: policy "leak" is in the database'),
])
def test_partition_security_drift(schemagen_bin: Path, pg_env: PgEnv, fresh_db, tmp_path: Path, mutation: str,
                                  named: str) -> None:
    """A partition's own RLS switch and policies decide what a query naming the partition sees."""
    fixture = Path(__file__).resolve().parents[1] / "Fixtures" / "partitioned-tables"
    shutil.copy(fixture / "schema.yaml", tmp_path / "schema.yaml")
    db = fresh_db("status_partition")
    apply_sql(db.dbname, fixture / "schema.sql")
    apply_sql(db.dbname, fixture / "rls.sql")
    run_sql(db.dbname, mutation)
    url = f"postgresql://{pg_env.user}@/{db.dbname}?host={pg_env.host}&port={pg_env.port}"
    drifted = subprocess.run([str(schemagen_bin), "status", "--db", url], cwd=tmp_path, capture_output=True, text=True,
                             check=False, timeout=120)
    assert drifted.returncode == 1
    assert named in drifted.stdout, drifted.stdout
    repair = subprocess.run([str(schemagen_bin), "status", "--db", url, "--sql", "--allow-destructive"], cwd=tmp_path,
                            capture_output=True, text=True, check=False, timeout=120)
    script = tmp_path / "repair.sql"
    script.write_text(repair.stdout)
    applied = subprocess.run([*pg_env.psql_base(db.dbname), "-1", "-f", str(script)], capture_output=True, text=True,
                             check=False)
    assert applied.returncode == 0, applied.stderr
    again = subprocess.run([str(schemagen_bin), "status", "--db", url], cwd=tmp_path, capture_output=True, text=True,
                           check=False, timeout=120)
    assert "database schema: matches" in again.stdout, again.stdout
