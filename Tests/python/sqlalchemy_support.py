"""Helpers for the SQLAlchemy output tests: cases, generation, import, catalogs."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects import postgresql

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = REPO_ROOT / "Tests" / "Fixtures"


@dataclass(frozen=True)
class Case:
    """A schema whose SQLAlchemy output is checked: the root schema or a fixture."""

    name: str
    schema: Path
    golden: Path | None

    @property
    def module_name(self) -> str:
        return "schemagen_models_" + re.sub(r"\W", "_", self.name)


def cases() -> list[Case]:
    """The PixCrawler schema and every fixture whose golden files include models.py."""
    found = [
        Case(
            "pixcrawler",
            REPO_ROOT / "schema.yaml",
            REPO_ROOT / "Generated" / "sqlalchemy" / "models.py",
        )
    ]
    for folder in sorted(FIXTURES.iterdir()):
        if (folder / "schema.yaml").is_file() and (folder / "models.py").is_file():
            found.append(
                Case(folder.name, folder / "schema.yaml", folder / "models.py")
            )
    return found


@dataclass(frozen=True)
class Generated:
    """The outputs of one case, written by the CLI."""

    models: Path
    ddl: Path


def generate(schemagen: Path, case: Case, out: Path) -> Generated:
    """Runs `schemagen generate` for the DDL and the models; fails with its output."""
    proc = subprocess.run(
        [
            str(schemagen),
            "generate",
            "--schema",
            str(case.schema),
            "--out",
            str(out),
            "--only",
            "sql,sqlalchemy",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        pytest.fail(
            f"schemagen generate failed for {case.name}:\n{proc.stdout}{proc.stderr}",
            pytrace=False,
        )
    models = sorted(out.rglob("*.py"))
    ddl = sorted(out.rglob("*.sql"))
    if len(models) != 1 or len(ddl) != 1:
        pytest.fail(
            f"{case.name}: expected one .py and one .sql output, got {models + ddl}",
            pytrace=False,
        )
    return Generated(models[0], ddl[0])


def import_models(path: Path, module_name: str) -> ModuleType:
    """Imports a generated module and configures its mappers.

    Any SQLAlchemy warning fails the import.
    """
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # SQLAlchemy resolves the string annotations through sys.modules[cls.__module__].
    sys.modules[module_name] = module
    with warnings.catch_warnings():
        warnings.simplefilter("error", sa_exc.SAWarning)
        try:
            spec.loader.exec_module(module)
            module.Base.registry.configure()
        except BaseException:
            del sys.modules[module_name]
            raise
    return module


def managed_tables(module: ModuleType) -> list[sa.Table]:
    """The tables the models create (the external ones are only referenced)."""
    return [
        table
        for table in module.Base.metadata.sorted_tables
        if not table.info.get("external", False)
    ]


def enum_types(tables: list[sa.Table]) -> list[postgresql.NamedType]:
    """Every PostgreSQL enum and domain the tables' columns use, arrays and domain
    bases included, once each: enums first, as domains may be over them."""
    enums: list[postgresql.NamedType] = []
    domains: list[postgresql.NamedType] = []

    def visit(type_: Any) -> None:
        while isinstance(type_, postgresql.ARRAY):
            type_ = type_.item_type
        if isinstance(type_, postgresql.DOMAIN):
            visit(type_.data_type)
            if all(type_ is not other for other in domains):
                domains.append(type_)
        elif isinstance(type_, postgresql.ENUM) and all(
            type_ is not other for other in enums
        ):
            enums.append(type_)

    for table in tables:
        for column in table.columns:
            visit(column.type)
    return enums + domains


_TARGET = """
    with target as (
        select c.oid, n.nspname, c.relname
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p')
          and (n.nspname, c.relname) in (
              select * from unnest(%(schemas)s::text[], %(names)s::text[])
          )
    )
"""

CATALOG_QUERIES = {
    "columns": _TARGET
    + """
        select t.nspname, t.relname, a.attnum, a.attname,
               format_type(a.atttypid, a.atttypmod), a.attnotnull,
               case when pg_get_expr(d.adbin, d.adrelid) like 'nextval(%%'
                    then '<sequence>'
                    else pg_get_expr(d.adbin, d.adrelid) end,
               a.attidentity, a.attgenerated, col_description(t.oid, a.attnum)
        from target t
        join pg_attribute a
          on a.attrelid = t.oid and a.attnum > 0 and not a.attisdropped
        left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
        order by 1, 2, 3
    """,
    "tables": _TARGET
    + """
        select t.nspname, t.relname, obj_description(t.oid, 'pg_class'),
               case when c.relkind = 'p' then pg_get_partkeydef(t.oid) end
        from target t
        join pg_class c on c.oid = t.oid
        order by 1, 2
    """,
    "constraints": _TARGET
    + """
        select t.nspname, t.relname, k.conname, k.contype, pg_get_constraintdef(k.oid)
        from target t
        join pg_constraint k on k.conrelid = t.oid
        order by 1, 2, 3
    """,
    "indexes": _TARGET
    + """
        select t.nspname, t.relname, i.relname, pg_get_indexdef(x.indexrelid)
        from target t
        join pg_index x on x.indrelid = t.oid
        join pg_class i on i.oid = x.indexrelid
        order by 1, 2, 3
    """,
    "enums": """
        select n.nspname, t.typname, array_agg(e.enumlabel order by e.enumsortorder)
        from pg_type t
        join pg_namespace n on n.oid = t.typnamespace
        join pg_enum e on e.enumtypid = t.oid
        group by 1, 2
        order by 1, 2
    """,
}


def catalog(
    engine: sa.Engine, tables: list[sa.Table]
) -> dict[str, list[tuple[Any, ...]]]:
    """What PostgreSQL's catalogs say about the tables and the enums.

    Columns (type, nullability, default, identity, generation, comment), table
    comments and partition keys, constraints and indexes with their definitions,
    enum labels. Serial defaults
    read `<sequence>`: a sequence's name depends on what exists when it is created.
    """
    params = {
        "schemas": [table.schema or "public" for table in tables],
        "names": [table.name for table in tables],
    }
    result: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        for key, query in CATALOG_QUERIES.items():
            rows = conn.exec_driver_sql(query, params if "%(" in query else ())
            result[key] = [
                tuple(
                    tuple(value) if isinstance(value, list) else value for value in row
                )
                for row in rows
            ]
    return result


def catalog_differences(
    expected: dict[str, list[tuple[Any, ...]]], actual: dict[str, list[tuple[Any, ...]]]
) -> list[str]:
    """Rows present on one side only, per catalog, as readable lines."""
    lines: list[str] = []
    for key in expected:
        wanted, got = set(expected[key]), set(actual.get(key, []))
        lines += [
            f"{key}: only from the DDL:    {row}"
            for row in sorted(wanted - got, key=repr)
        ]
        lines += [
            f"{key}: only from the models: {row}"
            for row in sorted(got - wanted, key=repr)
        ]
    return lines


def before_tables_sql(case: Case) -> list[str]:
    """What schema.sql runs before its tables and `create_all()` does not: the
    `extensions:` (with the schemas they go into) and the raw `sql:` blocks placed
    `before_tables` (functions that checks and defaults call), read from the case's
    schema.yaml as a user would apply them."""
    import yaml

    def ident(name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    text = case.schema.read_text(encoding="utf-8")
    if "extensions:" not in text and "before_tables" not in text:
        return []
    # PyYAML follows YAML 1.1, where a flow mapping ends a plain scalar at `?`;
    # schemagen's parser (YAML 1.2) reads `{ type: uuid?, ... }` as the text `uuid?`.
    text = re.sub(r"(?<=: )([A-Za-z_][\w.()]*\?)(?=\s*[,}])", r'"\1"', text)
    document = yaml.safe_load(text) or {}
    statements: list[str] = []
    for item in document.get("extensions") or []:
        extension = item if isinstance(item, dict) else {"name": item}
        text = f"CREATE EXTENSION IF NOT EXISTS {ident(extension['name'])}"
        if "schema" in extension:
            statements.append(
                f"CREATE SCHEMA IF NOT EXISTS {ident(extension['schema'])}"
            )
            text += f" WITH SCHEMA {ident(extension['schema'])}"
        statements.append(text)
    statements += [
        block["sql"]
        for block in document.get("sql") or []
        if block.get("placement") == "before_tables"
    ]
    return statements
