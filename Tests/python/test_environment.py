"""Checks that the environment from scripts/test.sh is what the other tests expect."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import sqlalchemy as sa


def test_auth_uid_reads_jwt_claims(
    fresh_db: Callable[..., Any], psql: Callable[..., str]
) -> None:
    db = fresh_db("env_auth_uid")
    user_id = str(uuid.uuid4())
    out = psql(
        db,
        "select auth.uid(), auth.role(), current_user",
        role="authenticated",
        claims={"sub": user_id, "role": "authenticated"},
    )
    assert out.strip() == f"{user_id}|authenticated|authenticated"


def test_auth_uid_is_null_without_claims(
    fresh_db: Callable[..., Any], psql: Callable[..., str]
) -> None:
    db = fresh_db("env_anon")
    assert (
        psql(db, "select coalesce(auth.uid()::text, 'null')", role="anon").strip()
        == "null"
    )


def test_auth_uid_after_set_local_rolled_back(fresh_db: Callable[..., Any]) -> None:
    """A setting reverted at transaction end reads '' (not NULL): auth.uid() copes."""
    db = fresh_db("env_revert")
    user_id = uuid.uuid4()
    with psycopg.connect(db.conninfo, autocommit=False) as conn:
        with conn.cursor() as cur:
            cur.execute(
                "select set_config('request.jwt.claims', %s, true)",
                (f'{{"sub":"{user_id}"}}',),
            )
            cur.execute("set local role authenticated")
            cur.execute("select auth.uid()")
            assert cur.fetchone() == (user_id,)
        conn.commit()
        with conn.cursor() as cur:
            cur.execute("select auth.uid()")
            assert cur.fetchone() == (None,)


def test_service_role_bypasses_rls(fresh_db: Callable[..., Any]) -> None:
    engine = sa.create_engine(fresh_db("env_roles"))
    try:
        with engine.connect() as conn:
            result = conn.execute(
                sa.text(
                    "select rolname, rolbypassrls from pg_roles "
                    "where rolname in ('anon', 'authenticated', 'service_role')"
                )
            )
            rows: dict[str, bool] = {name: bypass for name, bypass in result}
    finally:
        engine.dispose()
    assert rows == {"anon": False, "authenticated": False, "service_role": True}


def test_rls_guards_new_public_tables(
    fresh_db: Callable[..., Any],
    apply_sql: Callable[..., None],
    psql: Callable[..., str],
    tmp_path: Path,
) -> None:
    """Default privileges grant new tables to the API roles; RLS decides the rest."""
    db = fresh_db("env_rls")
    owner, other = uuid.uuid4(), uuid.uuid4()
    ddl = tmp_path / "notes.sql"
    ddl.write_text(
        f"""
        create table public.notes (
          id bigint generated always as identity primary key,
          user_id uuid not null references auth.users (id),
          body text not null
        );
        alter table public.notes enable row level security;
        create policy notes_owner on public.notes for all to authenticated
          using (user_id = auth.uid()) with check (user_id = auth.uid());
        insert into auth.users (id, email)
          values ('{owner}', 'a@example.com'), ('{other}', 'b@example.com');
        insert into public.notes (user_id, body)
          values ('{owner}', 'mine'), ('{other}', 'theirs');
        """
    )
    apply_sql(db, ddl)

    mine = psql(
        db,
        "select body from public.notes order by id",
        role="authenticated",
        claims={"sub": str(owner)},
    )
    assert mine.split() == ["mine"]
    assert psql(db, "select count(*) from public.notes", role="anon").strip() == "0"
    assert (
        psql(db, "select count(*) from public.notes", role="service_role").strip()
        == "2"
    )
    # The identity sequence is granted too, so inserts through RLS work.
    psql(
        db,
        f"insert into public.notes (user_id, body) values ('{owner}', 'new')",
        role="authenticated",
        claims={"sub": str(owner)},
    )
    assert (
        psql(db, "select count(*) from public.notes", role="service_role").strip()
        == "3"
    )


def test_tools_are_exported() -> None:
    for name in (
        "SCHEMAGEN_TEST_PYTHON",
        "SCHEMAGEN_TEST_DENO",
        "SCHEMAGEN_TEST_TSC",
        "SCHEMAGEN_TEST_PSQL",
    ):
        path = os.environ.get(name)
        assert path, f"{name} is not set: run scripts/test.sh"
        assert os.path.isabs(path) and os.access(path, os.X_OK), (
            f"{name}={path} is not an executable absolute path"
        )
    version = subprocess.run(
        [os.environ["SCHEMAGEN_TEST_DENO"], "--version"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "typescript" in version
