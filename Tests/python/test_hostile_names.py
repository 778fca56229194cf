"""The hostile-names fixture's strings arrive byte for byte.

Comments and string defaults are read from schema.yaml by PyYAML (not by schemagen's parser), the committed
schema.sql and rls.sql are applied to PostgreSQL, and what PostgreSQL stored is compared with the YAML text:
pg_description for every comment, a row inserted with every default for the defaults. The same row, read as
JSON the way PostgREST returns it, is decoded by the committed Models.swift compiled with swiftc.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest
import yaml

FIXTURE = Path(__file__).resolve().parents[1] / "Fixtures" / "hostile-names"


def load_yaml() -> dict[str, Any]:
    text = (FIXTURE / "schema.yaml").read_text(encoding="utf-8")
    # PyYAML rejects a plain scalar ending in '?' inside { ... } (`type: text?,`), which libyaml accepts.
    text = re.sub(r"(type:\s*)([A-Za-z_][A-Za-z0-9_ ]*\?)(?=\s*[,}])", r'\1"\2"', text)
    document: dict[str, Any] = yaml.safe_load(text)
    return document


def expected_comments(document: dict[str, Any]) -> dict[str, str]:
    comments: dict[str, str] = {}
    for name, spec in document["enums"].items():
        if isinstance(spec, dict) and "comment" in spec:
            comments[f"type public.{name}"] = spec["comment"]
    for table, spec in document["tables"].items():
        if "comment" in spec:
            comments[f"table public.{table}"] = spec["comment"]
        for column, column_spec in spec["columns"].items():
            if isinstance(column_spec, dict) and "comment" in column_spec:
                comments[f"column public.{table}.{column}"] = column_spec["comment"]
    return comments


STORED_COMMENTS = """
select 'type ' || n.nspname || '.' || t.typname, d.description
  from pg_type t join pg_namespace n on n.oid = t.typnamespace
  join pg_description d on d.objoid = t.oid and d.classoid = 'pg_type'::regclass
 where n.nspname = 'public'
union all
select 'table ' || n.nspname || '.' || c.relname, d.description
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  join pg_description d on d.objoid = c.oid and d.classoid = 'pg_class'::regclass and d.objsubid = 0
 where n.nspname = 'public' and c.relkind = 'r'
union all
select 'column ' || n.nspname || '.' || c.relname || '.' || a.attname, d.description
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  join pg_attribute a on a.attrelid = c.oid
  join pg_description d on d.objoid = c.oid and d.classoid = 'pg_class'::regclass and d.objsubid = a.attnum
 where n.nspname = 'public' and c.relkind = 'r'
"""


@pytest.fixture
def database(fresh_db: Callable[..., Any], apply_sql: Callable[..., None]) -> Any:
    url = fresh_db("hostile_names")
    apply_sql(url, FIXTURE / "schema.sql")
    apply_sql(url, FIXTURE / "rls.sql")
    return url


def test_every_comment_arrives_byte_for_byte(database: Any) -> None:
    expected = expected_comments(load_yaml())
    assert len(expected) >= 20
    with psycopg.connect(database.conninfo) as connection:
        stored = dict(connection.execute(STORED_COMMENTS).fetchall())
    assert stored == expected


def insert_defaults(conninfo: str) -> str:
    """Inserts one row into public.class with every default; returns its id."""
    owner = str(uuid.uuid4())
    with psycopg.connect(conninfo) as connection:
        connection.execute("insert into auth.users (id) values (%s)", (owner,))
        row = connection.execute(
            "insert into public.class (owner_id) values (%s) returning id", (owner,)
        ).fetchone()
        assert row is not None
        return str(row[0])


def test_string_defaults_read_back_equal(database: Any) -> None:
    columns = load_yaml()["tables"]["class"]["columns"]
    row_id = insert_defaults(database.conninfo)
    with psycopg.connect(database.conninfo) as connection:
        row = connection.execute(
            'select def, "from", "is", "case", import::text, statuses::text[], type::text, line_breaks'
            " from public.class where id = %s",
            (row_id,),
        ).fetchone()
        order_default = connection.execute(
            "select column_default from information_schema.columns"
            " where table_name = 'order' and column_name = 'name'"
        ).fetchone()
    assert row is not None
    assert row[0] == columns["def"]["default"]
    assert row[1] == columns["from"]["default"]
    assert row[2] == columns["is"]["default"]
    assert row[3] == columns["case"]["default"]
    assert row[4] == columns["import"]["default"]
    assert row[5] == columns["statuses"]["default"]
    assert row[6] == columns["type"]["default"]
    assert row[7] == columns["line_breaks"]["default"]
    assert order_default == ("''::text",)


DECODE = """
import Foundation

let input = FileHandle.standardInput.readDataToEndOfFile()
let rows = try SchemaCoding.makeDecoder().decode([Class].self, from: input)
let row = rows[0]
let out: [String: Any] = [
    "def": row.def, "from": row.from, "is": row.is, "case": row.case,
    "import": row.import.rawValue, "statuses": row.statuses.map(\\.rawValue), "type": row.type.rawValue,
    "line_breaks": row.lineBreaks,
]
let data = try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys])
print(String(decoding: data, as: UTF8.self))
"""


def test_swift_models_decode_the_row(database: Any, tmp_path: Path) -> None:
    swiftc = os.environ.get("SCHEMAGEN_TEST_SWIFTC")
    if not swiftc:
        pytest.fail(
            "SCHEMAGEN_TEST_SWIFTC is not set: run through scripts/test.sh",
            pytrace=False,
        )
    columns = load_yaml()["tables"]["class"]["columns"]
    row_id = insert_defaults(database.conninfo)
    with psycopg.connect(database.conninfo) as connection:
        fetched = connection.execute(
            "select json_agg(c)::text from public.class c where id = %s", (row_id,)
        ).fetchone()
    assert fetched is not None
    (tmp_path / "Models.swift").write_text(
        (FIXTURE / "Models.swift").read_text(encoding="utf-8")
    )
    (tmp_path / "main.swift").write_text(DECODE)
    program = tmp_path / "decode"
    subprocess.run(
        [
            swiftc,
            "-swift-version",
            "6",
            "-o",
            str(program),
            str(tmp_path / "Models.swift"),
            str(tmp_path / "main.swift"),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    result = subprocess.run(
        [str(program)], input=fetched[0], capture_output=True, text=True, check=True
    )
    decoded = json.loads(result.stdout)
    for key in (
        "def",
        "from",
        "is",
        "case",
        "import",
        "statuses",
        "type",
        "line_breaks",
    ):
        assert decoded[key] == columns[key]["default"], key
