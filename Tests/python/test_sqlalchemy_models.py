"""The SQLAlchemy models of the PixCrawler schema and of every fixture, checked by
their real consumers.

For each case the CLI writes schema.sql and models.py; then
- the module imports and its mappers configure without a single SQLAlchemy warning;
- on a database built from schema.sql, Alembic's compare_metadata (types and server
  defaults compared) finds no difference;
- `Base.metadata.create_all()` builds a database whose catalog (column types,
  defaults, identity, comments, constraints and indexes with their definitions,
  enum labels) equals the one schema.sql builds, which covers what Alembic does not
  compare (checks, index methods, predicates, operator classes, sort order);
- `mypy --strict`, `ruff check` and `ruff format --check` accept it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any, cast

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy_support import (
    REPO_ROOT,
    Case,
    Generated,
    before_tables_sql,
    cases,
    catalog,
    catalog_differences,
    enum_types,
    generate,
    import_models,
    managed_tables,
)

# Any SQLAlchemy warning (a cycle it cannot sort, an ambiguous relationship) fails.
pytestmark = pytest.mark.filterwarnings("error::sqlalchemy.exc.SAWarning")

CASES = cases()
IDS = [case.name for case in CASES]

# SQLAlchemy's reflection splits "table.column" at every dot, so it cannot read back a foreign key to a column
# whose name holds one (NoReferencedTableError); Alembic reflects through it. create_all below still compares the
# catalog of these models with the one schema.sql builds.
NOT_REFLECTABLE = {"sqlalchemy-dotted-names"}

# What `ruff check` enforces on the generated module: its defaults plus pyupgrade,
# bugbear, isort and ruff's own rules.
RUFF_RULES = "E4,E7,E9,F,UP,B,I,RUF"


@pytest.fixture(scope="session")
def generated(
    schemagen_bin: Path, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[Case], Generated]:
    """Generates a case once per session."""
    done: dict[str, Generated] = {}

    def get(case: Case) -> Generated:
        if case.name not in done:
            done[case.name] = generate(
                schemagen_bin, case, tmp_path_factory.mktemp("gen-" + case.name)
            )
        return done[case.name]

    return get


def load(case: Case, generated: Callable[[Case], Generated]) -> ModuleType:
    return import_models(generated(case).models, case.module_name)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_cli_output_is_the_recorded_golden(
    case: Case, generated: Callable[[Case], Generated]
) -> None:
    assert case.golden is not None
    assert generated(case).models.read_text(encoding="utf-8") == case.golden.read_text(
        encoding="utf-8"
    ), (
        f"{case.golden} is stale: run `swift run schemagen` or "
        "`SCHEMAGEN_RECORD=1 swift test --filter Golden`"
    )


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_alembic_finds_no_difference(
    case: Case,
    generated: Callable[[Case], Generated],
    fresh_db: Callable[..., Any],
    apply_sql: Callable[..., None],
) -> None:
    module = load(case, generated)
    url = fresh_db("sa_alembic_" + case.name)
    _setup(case, url, apply_sql)
    apply_sql(url, generated(case).ddl)
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn,
                opts={
                    "compare_type": True,
                    "compare_server_default": True,
                    "include_schemas": True,
                    "include_object": module.include_object,
                },
            )
            if case.name in NOT_REFLECTABLE:
                with pytest.raises(sa.exc.NoReferencedTableError):
                    compare_metadata(context, module.Base.metadata)
                return
            differences = compare_metadata(context, module.Base.metadata)
        # Column differences come grouped per column, as lists.
        differences = [
            [
                item
                for item in group
                if not _same_expression(engine, item) and not _domain_default(item)
            ]
            if isinstance(group, list)
            else group
            for group in differences
        ]
        differences = [group for group in differences if group != []]
    finally:
        engine.dispose()
    assert differences == []


def _setup(case: Case, url: Any, apply_sql: Callable[..., None]) -> None:
    """Applies the fixture's setup.sql (the extensions its types need; the DDL does
    not create extensions), or skips when this server lacks one of them."""
    setup = case.schema.parent / "setup.sql"
    if case.name == "pixcrawler" or not setup.is_file():
        return
    wanted = re.findall(
        r"CREATE EXTENSION IF NOT EXISTS (\w+)", setup.read_text(encoding="utf-8")
    )
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            available = set(
                conn.execute(sa.text("select name from pg_available_extensions"))
                .scalars()
                .all()
            )
    finally:
        engine.dispose()
    missing = [name for name in wanted if name not in available]
    if missing:
        pytest.skip(f"this PostgreSQL server has no {', '.join(missing)} extension")
    apply_sql(url, setup)


def _domain_default(difference: Any) -> bool:
    """Whether a `modify_default` difference is the default of the column's domain.

    SQLAlchemy's reflection gives a column of a domain type without a default of
    its own the domain's default; the column itself has none, as in the models.
    """
    if not (isinstance(difference, tuple) and difference[0] == "modify_default"):
        return False
    existing = difference[4].get("existing_type")
    reflected, model = difference[5], difference[6]
    return (
        isinstance(existing, postgresql.DOMAIN)
        and model is None
        and isinstance(reflected, sa.DefaultClause)
        and cast(Any, reflected.arg).text == existing.default
    )


def _same_expression(engine: sa.Engine, difference: Any) -> bool:
    """Whether a `modify_default` difference is one Alembic's check gets wrong.

    When the texts differ, Alembic's PostgreSQL comparison runs `SELECT <reflected> =
    <model's>`, which is false for a volatile default such as `md5(random()::text)`
    however right the model is. The model's default is declared on a scratch column of
    the same type instead: if PostgreSQL writes it back exactly as the reflected
    default, the two are the same expression.
    """
    if not (isinstance(difference, tuple) and difference[0] == "modify_default"):
        return False
    _, schema, table, column, _, reflected, model = difference
    if not (
        isinstance(reflected, sa.DefaultClause) and isinstance(model, sa.DefaultClause)
    ):
        return False
    model_sql = str(
        cast(Any, model.arg).compile(
            dialect=engine.dialect, compile_kwargs={"literal_binds": True}
        )
    )
    with engine.connect() as conn:
        type_sql = conn.execute(
            sa.text(
                "select format_type(atttypid, atttypmod) from pg_attribute"
                " where attrelid = cast(:table as regclass) and attname = :column"
            ),
            {"table": f'"{schema or "public"}"."{table}"', "column": column},
        ).scalar_one()
        conn.exec_driver_sql(
            f"create temporary table scratch (c {type_sql}"
            f" default {model_sql.replace('%', '%%')})"
        )
        written = conn.execute(
            sa.text(
                "select pg_get_expr(adbin, adrelid) from pg_attrdef"
                " where adrelid = cast('scratch' as regclass)"
            )
        ).scalar_one()
        conn.rollback()
    return bool(written == cast(Any, reflected.arg).text)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_every_column_is_mapped(
    case: Case,
    generated: Callable[[Case], Generated],
    fresh_db: Callable[..., Any],
    apply_sql: Callable[..., None],
) -> None:
    """Every column of every table schema.sql creates is a column of its model's
    table and is mapped to an attribute: a class that rebinds an import fails the
    import, and an attribute SQLAlchemy skips (`_sa_*`, dunder names) loses its
    column without a word."""
    module = load(case, generated)
    url = fresh_db("sa_mapped_" + case.name)
    _setup(case, url, apply_sql)
    apply_sql(url, generated(case).ddl)
    engine = sa.create_engine(url)
    try:
        inspector = sa.inspect(engine)
        mappers = {
            mapper.local_table.key: mapper for mapper in module.Base.registry.mappers
        }
        checked = 0
        for table in managed_tables(module):
            if table.info.get("external", False):
                continue
            in_database = [
                column["name"]
                for column in inspector.get_columns(table.name, schema=table.schema)
            ]
            assert in_database, f"{table.key} is not in the database schema.sql builds"
            assert sorted(table.columns.keys()) == sorted(in_database), table.key
            mapper = mappers.get(table.key)
            if mapper is None:
                continue  # a keyless table is a plain Table, not a mapped class
            for column in table.columns:
                prop = mapper.get_property_by_column(column)
                assert getattr(module, mapper.class_.__name__) is mapper.class_
                assert prop.key in mapper.class_.__dict__, (table.key, column.name)
                checked += 1
        if case.name == "sqlalchemy-shadowed-names":
            # The names that used to shadow SQLAlchemy's imports, or went unmapped.
            meta = mappers["meta_data"].class_
            assert meta.__name__ == "MetaData"
            assert meta.x_sa_class_manager.property.columns[0].name == "_sa_class_manager"
            assert meta.x_sa_other.property.columns[0].name == "_sa_other"
            assert meta.x__.property.columns[0].name == "\u00aa"
            assert {"Time", "Identity", "Integer", "Computed", "ForeignKey"} <= {
                mapper.class_.__name__ for mapper in mappers.values()
            }
            assert checked == 16
    finally:
        engine.dispose()


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_create_all_builds_the_same_database(
    case: Case,
    generated: Callable[[Case], Generated],
    fresh_db: Callable[..., Any],
    apply_sql: Callable[..., None],
) -> None:
    module = load(case, generated)
    tables = managed_tables(module)
    ddl_url = fresh_db("sa_ddl_" + case.name)
    _setup(case, ddl_url, apply_sql)
    apply_sql(ddl_url, generated(case).ddl)
    from_ddl = sa.create_engine(ddl_url)
    models_url = fresh_db("sa_models_" + case.name)
    _setup(case, models_url, apply_sql)
    from_models = sa.create_engine(models_url)
    try:
        schemas = {table.schema for table in tables} | {
            type_.schema for type_ in enum_types(tables)
        }
        with from_models.begin() as conn:
            for schema in sorted(name for name in schemas if name):
                conn.execute(sa.schema.CreateSchema(schema, if_not_exists=True))
            # Extensions first: a domain may be over one of their types (citext).
            before = before_tables_sql(case)
            extensions = [s for s in before if s.startswith(("CREATE SCHEMA", "CREATE EXTENSION"))]
            for statement in extensions:
                conn.exec_driver_sql(statement.replace("%", "%%"))
            # The models bind the enums with create_type=False (the DDL owns them).
            for type_ in enum_types(tables):
                type_.create(conn, checkfirst=True)
            # Sequences of serial columns that are not their table's key.
            for (sequence,) in _sequences(from_ddl, tables):
                conn.exec_driver_sql(f"CREATE SEQUENCE IF NOT EXISTS {sequence}")
            for statement in before:
                if statement not in extensions:
                    conn.exec_driver_sql(statement.replace("%", "%%"))
            module.Base.metadata.create_all(conn, tables=tables)
        from_models_catalog = catalog(from_models, tables)
        # A serial column that is not its table's key has FetchedValue() in the models
        # (Alembic reflects such a default as server-generated), which create_all
        # cannot turn into the DDL's nextval() default.
        fetched = {
            (table.schema or "public", table.name, column.name)
            for table in tables
            for column in table.columns
            if type(column.server_default) is sa.FetchedValue
        }
        from_models_catalog["columns"] = [
            (*row[:6], "<sequence>", *row[7:])
            if row[:2] + (row[3],) in fetched and row[6] is None
            else row
            for row in from_models_catalog["columns"]
        ]
        differences = catalog_differences(
            catalog(from_ddl, tables), from_models_catalog
        )
        assert differences == [], "\n".join(differences)
    finally:
        from_ddl.dispose()
        from_models.dispose()


def _sequences(engine: sa.Engine, tables: list[sa.Table]) -> list[tuple[str]]:
    query = sa.text(
        "select format('%I.%I', n.nspname, c.relname) from pg_class c "
        "join pg_namespace n on n.oid = c.relnamespace "
        "where c.relkind = 'S' and n.nspname = any(:schemas)"
    )
    with engine.connect() as conn:
        schemas = sorted({table.schema or "public" for table in tables})
        return [(row[0],) for row in conn.execute(query, {"schemas": schemas})]


def _python_copy(
    case: Case, generated: Callable[[Case], Generated], tmp_path: Path
) -> Path:
    """The module under a valid module name (fixture folders use dashes)."""
    path = tmp_path / f"{case.module_name}.py"
    path.write_text(
        generated(case).models.read_text(encoding="utf-8"), encoding="utf-8"
    )
    return path


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_mypy_strict(
    case: Case, generated: Callable[[Case], Generated], tmp_path: Path
) -> None:
    path = _python_copy(case, generated, tmp_path)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--python-version",
            "3.11",
            "--no-error-summary",
            "--cache-dir",
            str(REPO_ROOT / ".mypy_cache"),
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_ruff_check_and_format(
    case: Case, generated: Callable[[Case], Generated], tmp_path: Path
) -> None:
    path = _python_copy(case, generated, tmp_path)
    ruff = Path(sys.executable).with_name("ruff")
    assert os.access(ruff, os.X_OK), f"ruff not found next to {sys.executable}"
    common = ["--isolated", "--no-cache", "--target-version", "py311"]
    check = subprocess.run(
        [
            str(ruff),
            "check",
            *common,
            "--select",
            RUFF_RULES,
            "--output-format",
            "concise",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    formatted = subprocess.run(
        [str(ruff), "format", *common, "--diff", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr
