"""`schemagen pull` holds every name PostgreSQL holds, and never writes a schema.yaml that does not validate.

Two proofs against the test cluster:

- A database written with each name the language once refused (an empty enum label, two enums of one name in two
  schemas, PostgREST's media-type domains, three tables differing only by case, an enum named `Type`, a reference to
  `storage.objects`, a function whose name holds `*/`, columns with no letter or digit or with a line break, tables
  named like SQLAlchemy's imports, `_sa_` columns): pulled, the file validates, generates, applies to an empty
  database with the same catalog, pulls again byte for byte, and its outputs compile (tsc, mypy --strict, swiftc)
  and import (SQLAlchemy maps every column).
- Random databases built from random names (quotes, dots, slashes, case-only differences, keywords of SQL,
  TypeScript, Python and Swift, 63-byte names, non-ASCII): the same, for each. `SCHEMAGEN_PROPERTY_SEED` chooses
  another series (the default is fixed, so a failure is reproduced by running the test again); a failure names the
  seed of its database.
"""

from __future__ import annotations

import concurrent.futures
import os
import random
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import REPO_ROOT, DatabaseURL, PgEnv, apply_sql

STUB = REPO_ROOT / "Tests" / "Support" / "drizzle-stub"

# Stands in for Supabase's storage schema, which the test template lacks: pull writes the reference to it as an
# `external:` entry, so the target database needs it too.
STORAGE = """
create schema if not exists storage;
create table if not exists storage.objects (id uuid primary key default gen_random_uuid(), name text);
"""

HOSTILE = """
create schema app;
create schema other;
create type public.e_empty as enum ('', 'a');
create type app.item_type as enum ('x', 'y');
create type other.item_type as enum ('x', 'z');
create type public."Type" as enum ('a', 'b');
create domain public."application/vnd.pgrst.object" as jsonb;
create domain public."*/*" as bytea;
create domain app."a.b""c" as text check (value <> '');
create table public.uses (
  id integer primary key,
  e public.e_empty default '',
  a app.item_type,
  o other.item_type,
  k public."Type",
  j public."application/vnd.pgrst.object",
  b public."*/*",
  q app."a.b""c"
);
create table public.items (id integer primary key);
create table public."Items" (id integer primary key);
create table public."ITEMS" (id integer primary key);
create table public.docs (id integer primary key, object_id uuid references storage.objects (id));
create table public.weird (
  id integer primary key,
  "!!" text,
  "a
b" text,
  "-" integer,
  "_" integer,
  "tab	x" text
);
create function public."f*/x"() returns integer language sql as 'select 1';
create table public.times (id integer primary key, "_sa_state" text, "__x" text, metadata text);
create table public.identities (id integer primary key, registry text);
create table app."dotted.table" (id integer primary key, "col.umn" text);
"""


def schemagen(binary: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PG") and k != "DATABASE_URL"}
    return subprocess.run(
        [str(binary), *args], capture_output=True, text=True, cwd=cwd, env=environment, timeout=300, check=False
    )


def dump(pg_env: PgEnv, db: DatabaseURL, schemas: list[str]) -> str:
    pg_dump = Path(os.environ.get("SCHEMAGEN_TEST_PG_BINDIR", Path(pg_env.psql).parent)) / "pg_dump"
    args = [str(pg_dump), "--schema-only", "--no-owner", "-h", pg_env.host, "-p", pg_env.port, "-U", pg_env.user]
    for schema in schemas:
        # A pattern: quoted, so dots, `*` and `?` in the name are its own characters.
        args += ["-n", '"' + schema.replace('"', '""') + '"']
    proc = subprocess.run([*args, db.dbname], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    # pg_dump 15.14+ writes a random \restrict key.
    return re.sub(r"^\\(un)?restrict .*$", "", proc.stdout, flags=re.M)


def write_sql(directory: Path, name: str, sql: str) -> Path:
    path = directory / name
    path.write_text(sql, encoding="utf-8")
    return path


def pull_round_trip(
    schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., DatabaseURL], directory: Path,
    source_sql: str, schemas: list[str], label: str,
) -> str:
    """Builds the source, pulls it, checks the file, generates every output, applies the SQL to an empty database
    and compares the two catalogs; pulls the rebuilt database again. Returns the pulled schema.yaml."""
    directory.mkdir(parents=True, exist_ok=True)
    setup = write_sql(directory, "storage.sql", STORAGE)
    source = fresh_db("names_src")
    apply_sql(source, setup)
    apply_sql(source, write_sql(directory, "source.sql", source_sql))
    pulled = schemagen(schemagen_bin, "pull", "--db", source.conninfo, "--schemas", ",".join(schemas),
                       "--out", "schema.yaml", cwd=directory)
    assert pulled.returncode == 0, f"{label}: {pulled.stderr}"
    text = (directory / "schema.yaml").read_text(encoding="utf-8")
    checked = schemagen(schemagen_bin, "validate", "--schema", "schema.yaml", cwd=directory)
    assert checked.returncode == 0, f"{label}: the pulled file does not validate:\n{checked.stdout}{checked.stderr}\n\n{text}"
    generated = schemagen(schemagen_bin, "generate", "--schema", "schema.yaml", cwd=directory)
    assert generated.returncode == 0, f"{label}:\n{generated.stdout}{generated.stderr}\n\n{text}"

    target = fresh_db("names_dst")
    apply_sql(target, setup)
    apply_sql(target, directory / "Generated" / "sql" / "schema.sql")
    apply_sql(target, directory / "Generated" / "sql" / "rls.sql")
    before, after = dump(pg_env, source, schemas), dump(pg_env, target, schemas)
    if before != after:
        import difflib

        diff = "\n".join(difflib.unified_diff(before.splitlines(), after.splitlines(), "source", "pulled", lineterm="", n=2))
        pytest.fail(f"{label}: the database built from the pulled schema differs from the source:\n{diff}\n\n{text}")

    again = directory / "again"
    again.mkdir()
    second = schemagen(schemagen_bin, "pull", "--db", target.conninfo, "--schemas", ",".join(schemas),
                       "--out", "schema.yaml", cwd=again)
    assert second.returncode == 0, f"{label}: {second.stderr}"
    assert (again / "schema.yaml").read_text(encoding="utf-8") == text, f"{label}: a second pull gave another schema.yaml"
    return text


def typescript_check(files: list[Path], directory: Path) -> None:
    tsc = os.environ.get("SCHEMAGEN_TEST_TSC")
    if not tsc:
        pytest.fail("SCHEMAGEN_TEST_TSC is not set: run through scripts/test.sh", pytrace=False)
    config = directory / "tsconfig.json"
    listed = ", ".join(f'"{path}"' for path in files)
    config.write_text(f'{{"extends": "{STUB / "tsconfig.json"}", "files": [{listed}]}}\n', encoding="utf-8")
    proc = subprocess.run([tsc, "-p", str(config), "--pretty", "false"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def python_check(modules: list[Path], directory: Path) -> None:
    """mypy --strict on every module, then each imported: SQLAlchemy maps every column of every table."""
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.11", "--no-error-summary",
         "--cache-dir", str(REPO_ROOT / ".mypy_cache"), *map(str, modules)],
        capture_output=True, text=True, check=False, cwd=directory,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    program = (
        "import importlib, sys\n"
        "for name in sys.argv[1:]:\n"
        "    module = importlib.import_module(name)\n"
        "    for mapper in module.Base.registry.mappers:\n"
        "        table = mapper.local_table\n"
        "        mapped = {column.name for attribute in mapper.column_attrs for column in attribute.columns}\n"
        "        missing = [column.name for column in table.columns if column.name not in mapped]\n"
        "        assert not missing, (name, table.name, missing)\n"
    )
    imported = subprocess.run(
        [sys.executable, "-c", program, *(module.stem for module in modules)],
        capture_output=True, text=True, check=False, cwd=directory,
    )
    assert imported.returncode == 0, imported.stdout + imported.stderr


def swift_check(files: list[Path]) -> None:
    swiftc = os.environ.get("SCHEMAGEN_TEST_SWIFTC")
    if not swiftc:
        pytest.fail("SCHEMAGEN_TEST_SWIFTC is not set: run through scripts/test.sh", pytrace=False)

    def typecheck(path: Path) -> str | None:
        proc = subprocess.run([swiftc, "-swift-version", "6", "-parse-as-library", "-typecheck", str(path)],
                              capture_output=True, text=True, check=False)
        return None if proc.returncode == 0 else f"{path}:\n{proc.stderr}"

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
        failures = [failure for failure in pool.map(typecheck, files) if failure]
    assert not failures, "\n".join(failures)


def compile_outputs(directories: list[Path], work: Path) -> None:
    modules: list[Path] = []
    for number, directory in enumerate(directories):
        module = work / f"pulled_models_{number}.py"
        module.write_text((directory / "Generated" / "sqlalchemy" / "models.py").read_text(encoding="utf-8"), encoding="utf-8")
        modules.append(module)
    typescript_check([directory / "Generated" / "drizzle" / "schema.ts" for directory in directories], work)
    python_check(modules, work)
    swift_check([directory / "Generated" / "swift" / "Models.swift" for directory in directories])


def test_names_postgresql_holds_pull_validate_and_compile(
    schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., DatabaseURL], tmp_path: Path
) -> None:
    text = pull_round_trip(schemagen_bin, pg_env, fresh_db, tmp_path / "hostile", HOSTILE,
                           ["public", "app", "other"], "hostile names")
    # The names the puller chose where the derived ones collide or shadow a standard type.
    assert "names: { type: OtherItemType" in text
    assert "names: { type: TypeEnum" in text
    assert "names: { type: ObjectRow" in text
    assert '"*/*": bytea' in text
    assert '\'"application/vnd.pgrst.object"\'' in text or '"\\"application/vnd.pgrst.object\\""' in text
    assert "function public.f*/x()" not in text
    compile_outputs([tmp_path / "hostile"], tmp_path)


# Pieces of random names: what breaks quoting, splitting, case folding and each target's keywords.
KEYWORDS = [
    # SQL
    "select", "user", "order", "table", "from", "group", "check", "default", "primary", "references", "public",
    # TypeScript and Drizzle
    "class", "function", "interface", "delete", "new", "constructor", "prototype", "enum", "relations", "sql",
    # Python and SQLAlchemy
    "def", "lambda", "None", "True", "import", "type", "metadata", "registry", "times", "identities", "Integer",
    "text", "query", "_sa_state", "__init__", "mro",
    # Swift
    "Self", "self", "protocol", "struct", "init", "Type", "Protocol", "String", "Codable", "CodingKeys", "some",
]
PIECES = [
    '"', "'", ".", "/", "\\", "*/", "/*", "-", " ", "$", "`", "${x}", "%", "?", "#", ":", "@", "!", "+",
    "größe", "日本", "Ünïcödé", "ﬁle", "ª", "🙂", "İ", "σς",
    "id", "Id", "ID", "name", "Name", "NAME", "user_id", "userId", "_", "__", "0", "42", "9lives",
]


def random_name(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.3:
        name = rng.choice(KEYWORDS)
    elif kind < 0.4:
        name = rng.choice(["x", "long_", "é"]) * 70
    else:
        name = "".join(rng.choice(PIECES + KEYWORDS) for _ in range(rng.randint(1, 4)))
    # At most 63 bytes, cut at a character boundary; never empty.
    while len(name.encode()) > 63:
        name = name[:-1]
    return name or "n"


def case_variants(rng: random.Random, name: str) -> list[str]:
    variants = [name, name.upper(), name.lower(), name.swapcase(), name.title()]
    return list(dict.fromkeys(v for v in variants if len(v.encode()) <= 63))[: rng.randint(1, 3)]


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def random_database(seed: int) -> tuple[str, list[str]]:
    """DDL for a random database and its schemas (`public` and perhaps one more)."""
    rng = random.Random(seed)
    schemas = ["public"]
    if rng.random() < 0.5:
        other = random_name(rng)
        if other.lower() not in {"public", "storage", "auth"} and not other.startswith("pg_"):
            schemas.append(other)
    statements = [f"create schema {quote(schema)};" for schema in schemas[1:]]
    types: list[str] = ["text", "integer", "boolean", "uuid", "jsonb", "timestamptz", "numeric(10,2)"]
    used: set[tuple[str, str]] = set()

    def fresh(schema: str, name: str) -> bool:
        if (schema, name) in used:
            return False
        used.add((schema, name))
        return True

    for _ in range(rng.randint(0, 3)):
        schema, name = rng.choice(schemas), random_name(rng)
        if not fresh(schema, name):
            continue
        labels = list(dict.fromkeys(random_name(rng) if rng.random() < 0.9 else "" for _ in range(rng.randint(1, 4))))
        statements.append(f"create type {quote(schema)}.{quote(name)} as enum ({', '.join(map(literal, labels))});")
        types.append(f"{quote(schema)}.{quote(name)}")
    for _ in range(rng.randint(0, 2)):
        schema, name = rng.choice(schemas), random_name(rng)
        if not fresh(schema, name):
            continue
        statements.append(f"create domain {quote(schema)}.{quote(name)} as text;")
        types.append(f"{quote(schema)}.{quote(name)}")
    tables: list[tuple[str, str, str]] = []
    for number in range(rng.randint(1, 3)):
        # The first tables go in the last schema: an empty schema is not something pull writes.
        schema = schemas[-1] if number == 0 else rng.choice(schemas)
        for name in case_variants(rng, random_name(rng)):
            if not fresh(schema, name):
                continue
            key = rng.choice(["id", random_name(rng)])
            columns = [f"{quote(key)} integer primary key"]
            seen = {key}
            for column in [random_name(rng) for _ in range(rng.randint(1, 5))]:
                for variant in case_variants(rng, column):
                    if variant in seen:
                        continue
                    seen.add(variant)
                    columns.append(f"{quote(variant)} {rng.choice(types)}" + (" not null" if rng.random() < 0.3 else ""))
            if tables and rng.random() < 0.5:
                target_schema, target, target_key = rng.choice(tables)
                reference = random_name(rng)
                if reference not in seen:
                    columns.append(f"{quote(reference)} integer references {quote(target_schema)}.{quote(target)} ({quote(target_key)})")
            statements.append(f"create table {quote(schema)}.{quote(name)} (\n  " + ",\n  ".join(columns) + "\n);")
            tables.append((schema, name, key))
    return "\n".join(statements) + "\n", schemas


PROPERTY_COUNT = 20


def test_random_names_pull_into_files_that_validate_and_compile(
    schemagen_bin: Path, pg_env: PgEnv, fresh_db: Callable[..., DatabaseURL], tmp_path: Path
) -> None:
    base = int(os.environ.get("SCHEMAGEN_PROPERTY_SEED", "18"))
    directories: list[Path] = []
    for number in range(PROPERTY_COUNT):
        seed = base * 1000 + number
        sql, schemas = random_database(seed)
        directory = tmp_path / f"db{number}"
        pull_round_trip(schemagen_bin, pg_env, fresh_db, directory, sql, schemas,
                        f"random database (seed {seed}):\n{sql}")
        directories.append(directory)
    compile_outputs(directories, tmp_path)
