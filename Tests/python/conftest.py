"""Shared pytest fixtures for the Python side of the schemagen test suite.

The environment comes from scripts/test.sh (or scripts/dev-env.sh), which
starts a throwaway PostgreSQL cluster with a Supabase-like template database
and exports the SCHEMAGEN_TEST_* variables. Without them the fixtures fail:
these tests are never silently skipped.

Fixtures:
    pg_env          connection settings (PgEnv) read from the environment
    fresh_db        factory: fresh_db("name") creates a database from the
                    Supabase template and returns its SQLAlchemy/psycopg URL;
                    every database it created is dropped after the test
    pg_dsn_factory  alias of fresh_db
    apply_sql       apply_sql(db, path) runs a SQL file through psql
    psql            psql(db, sql, role=None, claims=None) runs SQL, returns stdout
    schemagen_bin   path of the built CLI (.build/debug/schemagen or $SCHEMAGEN_BIN)
    repo_root       repository root
"""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self
from urllib.parse import quote

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

SETUP_HINT = (
    "run the suite through scripts/test.sh (or a command through scripts/dev-env.sh)"
)

_REQUIRED_ENV = (
    "SCHEMAGEN_TEST_PGHOST",
    "SCHEMAGEN_TEST_PGPORT",
    "SCHEMAGEN_TEST_PGUSER",
    "SCHEMAGEN_TEST_PG_TEMPLATE",
    "SCHEMAGEN_TEST_PSQL",
)

_counter = itertools.count(1)


@dataclass(frozen=True)
class PgEnv:
    host: str
    port: str
    user: str
    template: str
    psql: str

    def url(self, dbname: str) -> str:
        """SQLAlchemy URL for psycopg 3 over the unix socket."""
        return (
            f"postgresql+psycopg://{quote(self.user)}@/{quote(dbname)}"
            f"?host={quote(self.host, safe='/')}&port={quote(self.port)}"
        )

    def conninfo(self, dbname: str) -> str:
        """libpq connection string, for psycopg.connect()."""
        return f"host={self.host} port={self.port} user={self.user} dbname={dbname}"

    def psql_base(self, dbname: str) -> list[str]:
        return [
            self.psql,
            "-X",
            "-v",
            "ON_ERROR_STOP=1",
            "-q",
            "-h",
            self.host,
            "-p",
            self.port,
            "-U",
            self.user,
            "-d",
            dbname,
        ]


class DatabaseURL(str):
    """A database URL (a plain str) that also knows its database name."""

    dbname: str
    conninfo: str

    def __new__(cls, url: str, dbname: str, conninfo: str) -> Self:
        obj = super().__new__(cls, url)
        obj.dbname = dbname
        obj.conninfo = conninfo
        return obj


def load_pg_env() -> PgEnv:
    """Read the connection settings; pytest.fail (never skip) when missing."""
    missing = [name for name in _REQUIRED_ENV if not os.environ.get(name)]
    if missing:
        pytest.fail(
            f"missing environment variables {', '.join(missing)}: {SETUP_HINT}",
            pytrace=False,
        )
    env = PgEnv(
        host=os.environ["SCHEMAGEN_TEST_PGHOST"],
        port=os.environ["SCHEMAGEN_TEST_PGPORT"],
        user=os.environ["SCHEMAGEN_TEST_PGUSER"],
        template=os.environ["SCHEMAGEN_TEST_PG_TEMPLATE"],
        psql=os.environ["SCHEMAGEN_TEST_PSQL"],
    )
    if not os.access(env.psql, os.X_OK):
        pytest.fail(
            f"SCHEMAGEN_TEST_PSQL={env.psql} is not executable: {SETUP_HINT}",
            pytrace=False,
        )
    return env


def _dbname_of(db: str) -> str:
    """Accept a database name, a DatabaseURL or a URL string."""
    if isinstance(db, DatabaseURL):
        return db.dbname
    if "://" in db:
        path = db.split("://", 1)[1].split("?", 1)[0]
        return path.rsplit("/", 1)[-1]
    return db


def _run_psql(env: PgEnv, args: list[str], input_text: str | None = None) -> str:
    proc = subprocess.run(
        args, input=input_text, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        pytest.fail(
            f"psql failed (exit {proc.returncode}): {' '.join(args)}\n"
            f"{proc.stderr.strip()}",
            pytrace=False,
        )
    return proc.stdout


def apply_sql(db: str, path: str | os.PathLike[str]) -> None:
    """Run a SQL file against `db` (name or URL) with psql; stop at the first error."""
    env = load_pg_env()
    _run_psql(env, [*env.psql_base(_dbname_of(db)), "-f", os.fspath(path)])


def run_sql(
    db: str,
    sql: str,
    *,
    role: str | None = None,
    claims: dict[str, Any] | None = None,
) -> str:
    """Run SQL in one transaction, optionally as `role` with JWT `claims`.

    Returns psql's unaligned, tuples-only output (fields separated by '|').
    """
    env = load_pg_env()
    prelude = ["begin;"]
    if claims is not None:
        literal = json.dumps(claims).replace("'", "''")
        prelude.append(f"set local request.jwt.claims = '{literal}';")
    if role is not None:
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", role):
            raise ValueError(f"unexpected role name {role!r}")
        prelude.append(f"set local role {role};")
    script = "\n".join([*prelude, sql.rstrip().rstrip(";") + ";", "commit;", ""])
    return _run_psql(
        env, [*env.psql_base(_dbname_of(db)), "-A", "-t", "-f", "-"], script
    )


def _sanitize(name: str) -> str:
    cleaned = re.sub(r"[^a-z0-9_]+", "_", name.lower()).strip("_") or "db"
    return cleaned[:40]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "slow: a test of several minutes (a release build from scratch); scripts/test.sh leaves it out "
        "unless SCHEMAGEN_SLOW_TESTS=1, scripts/slow-tests.sh runs it",
    )


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def pg_env() -> PgEnv:
    return load_pg_env()


@pytest.fixture
def fresh_db(pg_env: PgEnv) -> Iterator[Callable[..., DatabaseURL]]:
    """Factory creating databases from the Supabase template.

    url = fresh_db("orders")  ->  postgresql+psycopg://postgres@/orders_...?host=...&port=...
    The name is a prefix; a unique suffix is added. `url.dbname` and
    `url.conninfo` give the database name and a libpq connection string.
    """
    created: list[str] = []

    def create(name: str = "test") -> DatabaseURL:
        dbname = (
            f"{_sanitize(name)}_{os.getpid()}_{next(_counter)}_{uuid.uuid4().hex[:6]}"
        )
        _run_psql(
            pg_env,
            [
                *pg_env.psql_base("postgres"),
                "-c",
                f'CREATE DATABASE "{dbname}" TEMPLATE "{pg_env.template}"',
            ],
        )
        created.append(dbname)
        return DatabaseURL(pg_env.url(dbname), dbname, pg_env.conninfo(dbname))

    yield create

    for dbname in reversed(created):
        subprocess.run(
            [
                *pg_env.psql_base("postgres"),
                "-c",
                f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)',
            ],
            capture_output=True,
            text=True,
            check=False,
        )


@pytest.fixture
def pg_dsn_factory(fresh_db: Callable[..., DatabaseURL]) -> Callable[..., DatabaseURL]:
    return fresh_db


@pytest.fixture(name="apply_sql")
def apply_sql_fixture(pg_env: PgEnv) -> Callable[[str, str | os.PathLike[str]], None]:
    return apply_sql


@pytest.fixture
def psql(pg_env: PgEnv) -> Callable[..., str]:
    return run_sql


@pytest.fixture(scope="session")
def schemagen_bin() -> Path:
    """The schemagen CLI: $SCHEMAGEN_BIN, else .build/debug/schemagen."""
    override = os.environ.get("SCHEMAGEN_BIN")
    path = Path(override) if override else REPO_ROOT / ".build" / "debug" / "schemagen"
    if not (path.is_file() and os.access(path, os.X_OK)):
        pytest.fail(
            f"schemagen CLI not found at {path}: run `swift build` "
            f"({SETUP_HINT}) or set SCHEMAGEN_BIN",
            pytrace=False,
        )
    return path
