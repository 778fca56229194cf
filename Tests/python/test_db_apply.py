"""Connecting to PostgreSQL through libpq and `schemagen migrate apply`, against the test cluster.

Every connection failure is one line on stderr (exit status 2, nothing on stdout) that never holds the password.
Without the cluster or the built schemagen these tests fail, never skip.
"""

from __future__ import annotations

import os
import socket
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from conftest import PgEnv, run_sql

SECRET = "schemagen-test-secret"


def socket_url(env: PgEnv, dbname: str, user: str | None = None, password: str | None = None) -> str:
    who = quote(user or env.user)
    if password is not None:
        who += ":" + quote(password)
    return f"postgresql://{who}@/{quote(dbname)}?host={quote(env.host, safe='/')}&port={env.port}"


def run(schemagen_bin: Path | str, *args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PG") and k != "DATABASE_URL"}
    environment.update(env or {})
    return subprocess.run([schemagen_bin, *args], capture_output=True, text=True, cwd=cwd, env=environment, timeout=120, check=False)


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    # A password in --db is visible in the process list, which a warning says before the error.
    lines = [line for line in result.stderr.splitlines()
             if line and not line.startswith("schemagen: warning: --db carries a password")]
    assert result.returncode == 2, result.stderr
    assert len(lines) == 1, result.stderr
    assert result.stdout == ""
    return lines[0]


def write_migration(folder: Path, name: str, sql: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(sql)
    return path


def apply(schemagen_bin: Path, url: str, folder: Path) -> subprocess.CompletedProcess[str]:
    return run(schemagen_bin, "migrate", "apply", "--db", url, "--dir", str(folder))


def applied_versions(dbname: str) -> list[str]:
    out = run_sql(dbname, "select version || ':' || coalesce(name, '') from supabase_migrations.schema_migrations order by version")
    return [line for line in out.splitlines() if line]


# --- connecting ---------------------------------------------------------------------------------------------


def test_bad_url_is_one_line(schemagen_bin: Path, tmp_path: Path) -> None:
    write_migration(tmp_path, "20260101000000_a.sql", "select 1;\n")
    line = one_error_line(apply(schemagen_bin, "mysql://root:hunter2@host/db", tmp_path))
    # Only the scheme is named: the rest may hold a password in a shape no masking foresees.
    assert line == ("schemagen: error: bad database URL: a mysql:// URL is not a PostgreSQL URL "
                    "(postgres://USER@HOST:PORT/DATABASE, the password in PGPASSWORD or ~/.pgpass, "
                    "or a key=value connection string)")
    line = one_error_line(apply(schemagen_bin, "postgres://u:hunter2@h:99999/db", tmp_path))
    assert line == 'schemagen: error: bad database URL: invalid port number: "99999"'
    line = one_error_line(apply(schemagen_bin, "postgres://u:hunter2@h/db?sslmode=always", tmp_path))
    assert line == 'schemagen: error: bad database URL: invalid sslmode value: "always"'
    line = one_error_line(apply(schemagen_bin, "postgres://u:hunter2@h/db?colour=blue", tmp_path))
    assert line == 'schemagen: error: bad database URL: invalid URI query parameter: "colour"'
    line = one_error_line(apply(schemagen_bin, "host='h password=hunter2", tmp_path))
    assert line == "schemagen: error: bad database URL: unterminated quoted string in connection info string"


def test_unreachable_host(schemagen_bin: Path, tmp_path: Path) -> None:
    write_migration(tmp_path, "20260101000000_a.sql", "select 1;\n")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    line = one_error_line(apply(schemagen_bin, f"postgres://me:{SECRET}@127.0.0.1:{port}/db?sslmode=disable", tmp_path))
    assert line == (f"schemagen: error: cannot connect to 127.0.0.1:{port}: Connection refused "
                    "(is the server running on that host and accepting TCP/IP connections?)")
    line = one_error_line(apply(schemagen_bin, f"postgres://me:{SECRET}@no-such-host.invalid/db", tmp_path))
    assert line.startswith("schemagen: error: cannot connect to no-such-host.invalid: the host name does not resolve (")
    assert SECRET not in line


def test_missing_socket(schemagen_bin: Path, tmp_path: Path) -> None:
    write_migration(tmp_path, "20260101000000_a.sql", "select 1;\n")
    line = one_error_line(apply(schemagen_bin, f"postgresql:///db?host={tmp_path}&port=1", tmp_path))
    assert line.startswith(f"schemagen: error: cannot connect to the unix socket {tmp_path}/.s.PGSQL.1: No such file or directory (")


def test_authentication_failed(schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., str], tmp_path: Path) -> None:
    db = fresh_db("auth")
    write_migration(tmp_path, "20260101000000_a.sql", "select 1;\n")
    socket_path = f"{pg_env.host}/.s.PGSQL.{pg_env.port}"
    line = one_error_line(apply(schemagen_bin, socket_url(pg_env, db.dbname, "schemagen_password", "wrong-" + SECRET), tmp_path))
    assert line == (f"schemagen: error: cannot connect to the unix socket {socket_path}: "
                    'FATAL: password authentication failed for user "schemagen_password"')
    assert SECRET not in line
    line = one_error_line(apply(schemagen_bin, socket_url(pg_env, db.dbname, "schemagen_password"), tmp_path))
    assert line == (f"schemagen: error: cannot connect to the unix socket {socket_path}: "
                    "the server asks for a password and none was given (put it in the URL, PGPASSWORD or ~/.pgpass)")


def test_wrong_password_from_pgpassword_is_not_printed(schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., str],
                                                        tmp_path: Path) -> None:
    db = fresh_db("auth_env")
    write_migration(tmp_path, "20260101000000_a.sql", "select 1;\n")
    result = run(schemagen_bin, "migrate", "apply", "--dir", str(tmp_path),
                 env={"DATABASE_URL": socket_url(pg_env, db.dbname, "schemagen_password"), "PGPASSWORD": "wrong-" + SECRET})
    line = one_error_line(result)
    assert 'password authentication failed for user "schemagen_password"' in line
    assert SECRET not in result.stderr


def test_password_login_works(schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., str], tmp_path: Path) -> None:
    db = fresh_db("password")
    run_sql(db.dbname, f"grant create on database {db.dbname} to schemagen_password")
    write_migration(tmp_path, "20260101000000_a.sql", "select 1;\n")
    result = run(schemagen_bin, "migrate", "apply", "--dir", str(tmp_path),
                 env={"DATABASE_URL": socket_url(pg_env, db.dbname, "schemagen_password"), "PGPASSWORD": SECRET})
    assert result.returncode == 0, result.stderr
    assert SECRET not in result.stderr + result.stdout
    assert applied_versions(db.dbname) == ["20260101000000:a"]
    result = run(schemagen_bin, "migrate", "apply", "--dir", str(tmp_path),
                 "--db", socket_url(pg_env, db.dbname, "schemagen_password", SECRET))
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stderr
    assert SECRET not in result.stderr + result.stdout


def test_missing_database(schemagen_bin: Path, pg_env: PgEnv, tmp_path: Path) -> None:
    write_migration(tmp_path, "20260101000000_a.sql", "select 1;\n")
    line = one_error_line(apply(schemagen_bin, socket_url(pg_env, "no_such_database_here"), tmp_path))
    assert line == (f"schemagen: error: cannot connect to the unix socket {pg_env.host}/.s.PGSQL.{pg_env.port}: "
                    'FATAL: database "no_such_database_here" does not exist')


def test_missing_privilege(schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., str], tmp_path: Path) -> None:
    db = fresh_db("privilege")
    write_migration(tmp_path, "20260101000000_a.sql", "select 1;\n")
    line = one_error_line(apply(schemagen_bin, socket_url(pg_env, db.dbname, "schemagen_unprivileged"), tmp_path))
    assert line == f"schemagen: error: missing privilege: ERROR 42501: permission denied for database {db.dbname}"


def test_tls_required_but_refused(schemagen_bin: Path, tmp_path: Path) -> None:
    """A server that answers the SSLRequest with 'N' (no TLS), as PostgreSQL without ssl=on does."""
    write_migration(tmp_path, "20260101000000_a.sql", "select 1;\n")
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]

    def answer() -> None:
        connection, _ = server.accept()
        with connection:
            connection.recv(8)
            connection.sendall(b"N")
            connection.recv(1024)

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    try:
        line = one_error_line(apply(schemagen_bin, f"postgres://me:{SECRET}@127.0.0.1:{port}/db?sslmode=require", tmp_path))
    finally:
        server.close()
    assert line == f"schemagen: error: cannot connect to 127.0.0.1:{port}: the server does not accept TLS, but sslmode=require requires it"


def test_pg_variables(schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., str], tmp_path: Path) -> None:
    db = fresh_db("pgvars")
    write_migration(tmp_path, "20260101000000_a.sql", "create table public.t (id int);\n")
    result = run(schemagen_bin, "migrate", "apply", "--dir", str(tmp_path),
                 env={"PGHOST": pg_env.host, "PGPORT": pg_env.port, "PGUSER": pg_env.user, "PGDATABASE": db.dbname})
    assert result.returncode == 0, result.stderr
    assert applied_versions(db.dbname) == ["20260101000000:a"]


# --- migrate apply ------------------------------------------------------------------------------------------


def test_apply_from_empty_with_migrate_new(schemagen_bin: Path, pg_env: PgEnv,
                                           fresh_db: Callable[..., str], tmp_path: Path) -> None:
    db = fresh_db("apply_new")
    (tmp_path / "schema.yaml").write_text(
        "tables:\n  notes:\n    columns:\n      id: { type: uuid, primary_key: true }\n      body: text\n    rls: false\n"
    )
    made = subprocess.run([schemagen_bin, "migrate", "new", "init", "--schema", "schema.yaml"],
                          cwd=tmp_path, capture_output=True, text=True, check=False)
    assert made.returncode == 0, made.stderr
    result = run(schemagen_bin, "migrate", "apply", "--db", socket_url(pg_env, db.dbname), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "1 migration applied" in result.stderr
    assert run_sql(db.dbname, "select count(*) from public.notes").strip() == "0"
    names = applied_versions(db.dbname)
    assert len(names) == 1 and names[0].endswith(":init")
    statements = run_sql(db.dbname, "select array_length(statements, 1) > 0 from supabase_migrations.schema_migrations")
    assert statements.strip() == "t"
    again = run(schemagen_bin, "migrate", "apply", "--db", socket_url(pg_env, db.dbname), cwd=tmp_path)
    assert again.returncode == 0 and "up to date" in again.stderr


def test_apply_from_partly_migrated(schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., str], tmp_path: Path) -> None:
    db = fresh_db("apply_partly")
    url = socket_url(pg_env, db.dbname)
    write_migration(tmp_path, "20260101000000_first.sql", "-- one\ncreate table public.a (id int);\n")
    assert apply(schemagen_bin, url, tmp_path).returncode == 0
    write_migration(tmp_path, "20260102000000_second.sql", "create table public.b (id int);\ninsert into public.b values (1);\n")
    write_migration(tmp_path, "20260103000000_third.sql", "alter table public.b add column note text default 'it''s; fine';\n")
    result = apply(schemagen_bin, url, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "20260101000000_first" not in result.stderr
    assert "2 migrations applied" in result.stderr
    assert applied_versions(db.dbname) == ["20260101000000:first", "20260102000000:second", "20260103000000:third"]
    assert run_sql(db.dbname, "select note from public.b").strip() == "it's; fine"


def test_two_concurrent_appliers(schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., str], tmp_path: Path) -> None:
    db = fresh_db("apply_concurrent")
    url = socket_url(pg_env, db.dbname)
    write_migration(tmp_path, "20260101000000_slow.sql", "create table public.c (id int);\nselect pg_sleep(1.5);\n")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PG") and k != "DATABASE_URL"}
    command = [schemagen_bin, "migrate", "apply", "--db", url, "--dir", str(tmp_path)]
    first = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=environment)
    second = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=environment)
    outputs = [process.communicate(timeout=120)[1] for process in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, outputs
    assert sorted("1 migration applied" in out for out in outputs) == [False, True], outputs
    assert sum("up to date" in out for out in outputs) == 1, outputs
    assert applied_versions(db.dbname) == ["20260101000000:slow"]


def test_tampered_migration_stops_before_anything_runs(schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., str],
                                                      tmp_path: Path) -> None:
    db = fresh_db("apply_tampered")
    url = socket_url(pg_env, db.dbname)
    first = write_migration(tmp_path, "20260101000000_first.sql", "create table public.a (id int);\n")
    assert apply(schemagen_bin, url, tmp_path).returncode == 0
    first.write_text("create table public.a (id bigint);\n")
    write_migration(tmp_path, "20260102000000_second.sql", "create table public.b (id int);\n")
    result = apply(schemagen_bin, url, tmp_path)
    assert result.returncode == 1
    assert "20260101000000_first.sql was changed after it was applied" in result.stderr
    assert "nothing applied" in result.stderr
    assert applied_versions(db.dbname) == ["20260101000000:first"]
    assert run_sql(db.dbname, "select to_regclass('public.b') is null").strip() == "t"


def test_applied_version_missing_from_directory(schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., str],
                                               tmp_path: Path) -> None:
    db = fresh_db("apply_missing")
    url = socket_url(pg_env, db.dbname)
    first = write_migration(tmp_path, "20260101000000_first.sql", "create table public.a (id int);\n")
    assert apply(schemagen_bin, url, tmp_path).returncode == 0
    first.unlink()
    write_migration(tmp_path, "20260102000000_second.sql", "create table public.b (id int);\n")
    result = apply(schemagen_bin, url, tmp_path)
    assert result.returncode == 1
    assert "version 20260101000000 is applied to the database but no migration file has it" in result.stderr
    assert run_sql(db.dbname, "select to_regclass('public.b') is null").strip() == "t"


def test_failing_statement_rolls_back(schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., str], tmp_path: Path) -> None:
    db = fresh_db("apply_failing")
    url = socket_url(pg_env, db.dbname)
    write_migration(tmp_path, "20260101000000_ok.sql", "create table public.ok (id int);\n")
    write_migration(tmp_path, "20260102000000_broken.sql",
                    "-- header\ncreate table public.half (id int);\n\ninsert into public.missing_table\n  values (1);\n")
    result = apply(schemagen_bin, url, tmp_path)
    assert result.returncode == 1
    assert f"{tmp_path}/20260102000000_broken.sql:4: error: ERROR 42P01: relation \"public.missing_table\" does not exist" in result.stderr
    assert "in: insert into public.missing_table ..." in result.stderr
    assert "20260102000000_broken.sql was rolled back" in result.stderr
    assert applied_versions(db.dbname) == ["20260101000000:ok"]
    assert run_sql(db.dbname, "select to_regclass('public.half') is null, to_regclass('public.ok') is not null").strip() == "t|t"


def test_non_transactional_file(schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., str], tmp_path: Path) -> None:
    db = fresh_db("apply_concurrently")
    url = socket_url(pg_env, db.dbname)
    write_migration(tmp_path, "20260101000000_t.sql", "create table public.t (id int, body text);\n")
    write_migration(tmp_path, "20260101000001_t_concurrently.sql",
                    "-- Migration generated by schemagen.\n-- Outside a transaction (psql -f FILE, without -1): CREATE INDEX CONCURRENTLY cannot run in one.\n\n"
                    "CREATE INDEX CONCURRENTLY t_body_idx ON public.t (body);\n")
    result = apply(schemagen_bin, url, tmp_path)
    assert result.returncode == 0, result.stderr
    assert run_sql(db.dbname, "select indisvalid from pg_index where indexrelid = 'public.t_body_idx'::regclass").strip() == "t"


# --- what the runner refuses, and what it keeps whole -------------------------------------------------------


def test_begin_atomic_body_is_one_statement(schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., str], tmp_path: Path) -> None:
    db = fresh_db("apply_atomic")
    url = socket_url(pg_env, db.dbname)
    write_migration(tmp_path, "20260101000000_atomic.sql", """\
create table public.scores (id int primary key, score int not null);
create function public.grade(s int) returns text
language sql
begin atomic
  select case when s >= 90 then 'a;' when s >= 50 then 'b' else 'c' end;
end;
create procedure public.bump(amount int)
language sql
BEGIN ATOMIC
  update public.scores set score = score + amount;
  insert into public.scores values (99, case when amount > 0 then amount else 0 end);
END;
insert into public.scores values (1, 40);
call public.bump(55);
""")
    result = apply(schemagen_bin, url, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "(5 statements)" in result.stderr
    assert run_sql(db.dbname, "select public.grade(score) from public.scores order by id").split() == ["a;", "b"]


def test_two_files_with_one_version_are_refused(schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., str], tmp_path: Path) -> None:
    db = fresh_db("apply_same_version")
    url = socket_url(pg_env, db.dbname)
    write_migration(tmp_path, "20260101000000_mine.sql", "create table public.mine (id int);\n")
    write_migration(tmp_path, "20260101000000_theirs.sql", "create table public.theirs (id int);\n")
    result = apply(schemagen_bin, url, tmp_path)
    assert result.returncode == 2, result.stderr
    assert (f"{tmp_path}: error: 20260101000000_mine.sql and 20260101000000_theirs.sql have the same version 20260101000000"
            in result.stderr)
    assert "nothing applied" in result.stderr
    assert run_sql(db.dbname, "select to_regclass('public.mine') is null, to_regclass('supabase_migrations.schema_migrations') is null").strip() == "t|t"
    # With a sum (made by `migrate new`), the clash is still what is reported, not only the unrecorded file.
    (tmp_path / "schemagen.sum").write_text("")
    with_sum = apply(schemagen_bin, url, tmp_path)
    assert with_sum.returncode == 2, with_sum.stderr
    assert "have the same version 20260101000000" in with_sum.stderr


def test_transaction_statement_in_a_transactional_migration_is_refused(schemagen_bin: Path, pg_env: PgEnv,
                                                                     fresh_db: Callable[..., str], tmp_path: Path) -> None:
    db = fresh_db("apply_commit")
    url = socket_url(pg_env, db.dbname)
    write_migration(tmp_path, "20260101000000_ok.sql", "create table public.t (id int);\n")
    write_migration(tmp_path, "20260102000000_commits.sql",
                    "insert into public.t values (1);\ncommit;\ninsert into public.t values (2);\nselect 1/0;\n")
    result = apply(schemagen_bin, url, tmp_path)
    assert result.returncode == 1, result.stderr
    assert f"{tmp_path}/20260102000000_commits.sql:2: COMMIT would end the transaction this migration runs in" in result.stderr
    assert "nothing applied" in result.stderr
    assert run_sql(db.dbname, "select to_regclass('public.t') is null").strip() == "t"
    # Recording it without running it is still allowed.
    recorded = run(schemagen_bin, "migrate", "apply", "--record-only", "--db", url, "--dir", str(tmp_path))
    assert recorded.returncode == 0, recorded.stderr
    assert applied_versions(db.dbname) == ["20260101000000:ok", "20260102000000:commits"]


def test_invalid_index_from_a_failed_concurrent_build_is_named(schemagen_bin: Path, pg_env: PgEnv,
                                                              fresh_db: Callable[..., str], tmp_path: Path) -> None:
    db = fresh_db("apply_invalid_index")
    url = socket_url(pg_env, db.dbname)
    write_migration(tmp_path, "20260101000000_t.sql", "create table public.t (email text);\ninsert into public.t values ('a'), ('a');\n")
    write_migration(tmp_path, "20260101000001_unique.sql",
                    "-- Outside a transaction (psql -f FILE, without -1): CREATE INDEX CONCURRENTLY cannot run in one.\n\n"
                    "CREATE UNIQUE INDEX CONCURRENTLY t_email_key ON public.t (email);\n")
    first = apply(schemagen_bin, url, tmp_path)
    assert first.returncode == 1, first.stderr
    assert "could not create unique index" in first.stderr
    assert run_sql(db.dbname, "select indisvalid from pg_index where indexrelid = 'public.t_email_key'::regclass").strip() == "f"
    run_sql(db.dbname, "delete from public.t where ctid <> (select min(ctid) from public.t)")
    again = apply(schemagen_bin, url, tmp_path)
    assert again.returncode == 1, again.stderr
    assert 'relation "t_email_key" already exists' in again.stderr
    assert ("hint: the index public.t_email_key is left invalid by an earlier failed run of this statement; "
            "drop it with `DROP INDEX CONCURRENTLY public.t_email_key;` and run `schemagen migrate apply` again") in again.stderr
    run_sql(db.dbname, "drop index public.t_email_key")  # psql -f runs in a transaction, where CONCURRENTLY cannot
    fixed = apply(schemagen_bin, url, tmp_path)
    assert fixed.returncode == 0, fixed.stderr
    assert run_sql(db.dbname, "select indisvalid from pg_index where indexrelid = 'public.t_email_key'::regclass").strip() == "t"


def test_migration_that_is_not_utf8_is_refused(schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., str], tmp_path: Path) -> None:
    db = fresh_db("apply_latin1")
    url = socket_url(pg_env, db.dbname)
    path = tmp_path / "20260101000000_latin1.sql"
    path.write_bytes(b"create table public.t (name text);\ninsert into public.t values ('Jos\xe9');\n")
    result = apply(schemagen_bin, url, tmp_path)
    assert result.returncode == 2, result.stderr
    assert f"{path}:2: error: the file is not UTF-8 (an invalid byte at offset 68); save it as UTF-8" in result.stderr
    assert run_sql(db.dbname, "select to_regclass('public.t') is null").strip() == "t"
