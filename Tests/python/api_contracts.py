"""The differential judge of the API contracts: candidate bodies built from the database's own catalog (its types,
lengths, precisions, enum labels and the constants of its checks), each judged by PostgreSQL and by the generated
models. Used by test_api_contracts.py and by scripts/zod-differential.sh."""

from __future__ import annotations

import decimal
import json
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import sql

MISSING = object()


@dataclass
class ColumnInfo:
    name: str
    type: str
    base: str
    typmod: int
    not_null: bool
    has_default: bool
    identity: str
    generated: str
    labels: list[str]
    is_array: bool


@dataclass
class TableInfo:
    schema: str
    name: str
    columns: list[ColumnInfo]
    checks: list[tuple[str, str]]
    foreign_keys: list[tuple[list[str], str, str, list[str]]]
    primary_key: list[str]
    rows: dict[str, Any] = field(default_factory=dict)

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"

    def column(self, name: str) -> ColumnInfo:
        return next(c for c in self.columns if c.name == name)


def read_tables(conn: psycopg.Connection[Any], schemas: list[str]) -> dict[str, TableInfo]:
    tables: dict[str, TableInfo] = {}
    rows = conn.execute(
        """SELECT c.oid, n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY(%s) AND NOT c.relispartition ORDER BY 2, 3""",
        (schemas,),
    ).fetchall()
    for oid, schema, name in rows:
        columns = []
        domain_checks: list[tuple[str, str]] = []
        for attname, type_, base, typmod, notnull, hasdef, identity, generated, labels, is_array, domain in conn.execute(
            """SELECT a.attname, format_type(a.atttypid, a.atttypmod),
                      format_type(COALESCE(NULLIF(e.typelem, 0), e.oid), NULL),
                      CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END,
                      a.attnotnull OR (t.typtype = 'd' AND t.typnotnull), a.atthasdef OR t.typdefault IS NOT NULL,
                      a.attidentity, a.attgenerated,
                      ARRAY(SELECT x.enumlabel::text FROM pg_enum x
                            WHERE x.enumtypid = COALESCE(NULLIF(e.typelem, 0), e.oid) ORDER BY x.enumsortorder),
                      e.typcategory = 'A', CASE WHEN t.typtype = 'd' THEN t.oid END
               FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
               -- a domain's values are its base type's
               JOIN pg_type e ON e.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
               WHERE a.attrelid = %s AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum""",
            (oid,),
        ).fetchall():
            columns.append(
                ColumnInfo(attname, type_, base, typmod, notnull, hasdef, identity, generated, list(labels), is_array)
            )
            if domain is not None:
                for conname, definition in conn.execute(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE contypid = %s AND contype = 'c'",
                    (domain,),
                ).fetchall():
                    domain_checks.append((conname, re.sub(r"\bVALUE\b", attname, definition)))
        checks = conn.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s AND contype = 'c'",
            (oid,),
        ).fetchall()
        fks = []
        for cols, target, refcols in conn.execute(
            """SELECT ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i),
                      c.confrelid::regclass::text,
                      ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                            JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i)
               FROM pg_constraint c WHERE c.conrelid = %s AND c.contype = 'f'""",
            (oid,),
        ).fetchall():
            target_schema, _, target_name = target.rpartition(".")
            fks.append((list(cols), target_schema or "public", target_name.strip('"'), list(refcols)))
        pk = conn.execute(
            """SELECT ARRAY(SELECT a.attname::text FROM unnest(c.conkey) k(n)
                            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n)
               FROM pg_constraint c WHERE c.conrelid = %s AND c.contype = 'p'""",
            (oid,),
        ).fetchone()
        tables[f"{schema}.{name}"] = TableInfo(schema, name, columns, list(checks) + domain_checks, fks, list(pk[0]) if pk else [])
    return tables


def checks_of(table: TableInfo, column: str) -> list[str]:
    pattern = re.compile(rf'(?<![\w"]){re.escape(column)}(?![\w"])')
    return [definition for _, definition in table.checks if pattern.search(definition)]


def numbers_in(text: str) -> list[decimal.Decimal]:
    # Constants only: not digits inside names, and string literals removed first.
    text = re.sub(r"'(?:[^']|'')*'", "''", text)
    found = []
    for match in re.finditer(r"(?<![\w.])(-?\d+(?:\.\d+)?)(?![\w.])", text):
        found.append(decimal.Decimal(match.group(1)))
    return found


def strings_in(text: str) -> list[str]:
    return [m.group(1).replace("''", "'") for m in re.finditer(r"'((?:[^']|'')*)'", text)]


def regex_samples(pattern: str) -> list[str]:
    """Strings around a regular expression: a crude match (first alternative, first class member, one repetition)
    and its mutations."""
    out = ""
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch in "^$":
            i += 1
        elif ch == "\\" and i + 1 < len(pattern):
            out += pattern[i + 1]
            i += 2
        elif ch == "[":
            end = pattern.index("]", i + 2)
            body = pattern[i + 1 : end]
            out += "_" if body.startswith("^") else body[0]
            i = end + 1
        elif ch == "(":
            depth, j = 1, i + 1
            while depth:
                depth += {"(": 1, ")": -1}.get(pattern[j], 0)
                j += 1
            inner = pattern[i + 1 : j - 1].removeprefix("?:")
            out += regex_samples_first(inner)
            i = j
        elif ch in "*?" or ch == "+":
            i += 1
        elif ch == "{":
            i = pattern.index("}", i) + 1
        elif ch == "|":
            break
        else:
            out += "x" if ch == "." else ch
            i += 1
    return [out, out + "!", out[1:], out.upper(), out + "\n", "!" + out, out + out[-1:] * 3, ""]


def regex_samples_first(pattern: str) -> str:
    return regex_samples(pattern.split("|")[0])[0]


def candidates(table: TableInfo, column: ColumnInfo) -> list[Any]:
    """Values at, just inside and just outside every bound the catalog states for a column."""
    relevant = checks_of(table, column.name)
    values: list[Any] = []
    base = column.base
    if column.labels:
        values += column.labels + ["not_a_label", column.labels[0].upper() + "_X"]
        for text in relevant:
            values += strings_in(text)
    elif base in ("smallint", "integer", "bigint"):
        bits = {"smallint": 15, "integer": 31, "bigint": 63}[base]
        values += [0, 1, -1, 2**bits - 1, 2**bits, -(2**bits), -(2**bits) - 1]
        for text in relevant:
            for number in numbers_in(text):
                if number == number.to_integral_value():
                    values += [int(number) - 1, int(number), int(number) + 1]
                else:
                    values += [int(number), int(number) + 1]
    elif base == "numeric":
        values += [decimal.Decimal(0), decimal.Decimal(1), decimal.Decimal(-1)]
        if column.typmod > 0:
            precision = ((column.typmod - 4) >> 16) & 0xFFFF
            scale = (column.typmod - 4) & 0xFFFF
            unit = decimal.Decimal(1).scaleb(-scale)
            top = decimal.Decimal(10) ** (precision - scale)
            values += [top - unit, top, -(top - unit), top - unit / 2, top - unit * 6 / 10, unit / 2, unit * 4 / 10]
        else:
            unit = decimal.Decimal("0.01")
        for text in relevant:
            for number in numbers_in(text):
                values += [number, number - unit, number + unit, number - unit / 2, number + unit / 2, number + unit * 4 / 10]
    elif base in ("real", "double precision"):
        values += [0.0, 1.5, -1.5]
        for text in relevant:
            for number in numbers_in(text):
                values += [float(number), float(number) - 0.5, float(number) + 0.5]
    elif base in ("text", "character varying", "character", "citext"):
        limit = column.typmod - 4 if column.typmod > 4 else None
        values += ["", "a", "a\x00b", "é", "😀", "user@example.com"]
        if limit:
            values += ["x" * limit, "x" * (limit + 1), "😀" * limit, "😀" * (limit + 1), "x" * limit + "   ", "x" * (limit - 1) + " y"]
        for text in relevant:
            for number in numbers_in(text):
                count = int(number)
                values += ["y" * max(count - 1, 0), "y" * max(count, 0), "y" * (count + 1)]
            for literal in strings_in(text):
                if "~" in text:
                    values += regex_samples(literal)
                else:
                    values += [literal, literal + "x", literal.upper()]
    elif base == "uuid":
        values += [str(uuid.uuid4())]
    elif base == "boolean":
        values += [True, False]
    elif base.startswith("timestamp"):
        values += ["2024-01-02T03:04:05Z"]
    elif base == "date":
        values += ["2024-01-02"]
    elif base.startswith("time"):
        values += ["10:11:12"]
    elif base in ("jsonb", "json"):
        values += [{}, {"a": 1}]
    elif base == "inet":
        values += ["10.0.0.1"]
    else:
        values += []
    if column.is_array:
        values = [[], [values[0]]] if values else [[]]
    seen: list[Any] = []
    for value in values:
        if not any(type(value) is type(other) and value == other for other in seen):
            seen.append(value)
    return seen


def encode(value: Any) -> str:
    """JSON with exact decimals."""
    if isinstance(value, decimal.Decimal):
        text = format(value, "f")
        return text
    if isinstance(value, dict):
        return "{" + ", ".join(json.dumps(k) + ": " + encode(v) for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(encode(v) for v in value) + "]"
    return json.dumps(value)


@dataclass
class Candidate:
    table: str
    kind: str  # "insert" or "update"
    column: str
    body: dict[str, Any]
    pg_accepts: bool = False
    pg_error: str = ""
    constraint: str | None = None
    # The column's value as stored, when PostgreSQL accepted the candidate.
    stored: Any = None

    @property
    def text(self) -> str:
        return encode(self.body)


def writable(column: ColumnInfo) -> bool:
    return not column.generated and column.identity != "a"


def order(tables: dict[str, TableInfo], wanted: list[str]) -> list[str]:
    done: list[str] = []

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in done or name in path or name not in tables:
            return
        for cols, schema, target, _ in tables[name].foreign_keys:
            parent = f"{schema}.{target}"
            table = tables[name]
            if parent != name and all(table.column(c).not_null for c in cols):
                visit(parent, (*path, name))
        done.append(name)

    for name in wanted:
        visit(name, ())
    return done


class Judge:
    """PostgreSQL as the judge: each candidate inserted (or updated) inside a savepoint that is rolled back."""

    def __init__(self, conn: psycopg.Connection[Any], tables: dict[str, TableInfo],
                 acceptors: dict[str, Callable[[str, Any], bool]] | None = None,
                 required: dict[str, set[str]] | None = None) -> None:
        self.conn = conn
        self.tables = tables
        # Per table, whether the contract accepts a value for a column: base rows take the first value it accepts.
        self.acceptors = acceptors or {}
        # Per table, the columns the contract requires beyond NOT NULL ones (a check `col IS NOT NULL`).
        self.required = required or {}

    @staticmethod
    def record(table: TableInfo, body: dict[str, Any]) -> sql.Composable:
        """`jsonb_to_record(%s) AS r(col type, ...)` for the body's columns only: PostgreSQL reads each value as it
        reads a column's input (typmods, domains, enums), and no other column is built (a NOT NULL domain's null)."""
        definitions = sql.SQL(", ").join(
            sql.SQL("{} {}").format(sql.Identifier(c), sql.SQL(table.column(c).type)) for c in body
        )
        return sql.SQL("jsonb_to_record(%s::jsonb) AS r({})").format(definitions)

    def insert(self, table: TableInfo, body: dict[str, Any]) -> tuple[bool, str, Any]:
        columns = sql.SQL(", ").join(sql.Identifier(c) for c in body)
        ident = sql.Identifier(table.schema, table.name)
        statement = (
            sql.SQL("INSERT INTO {} AS t ({}) SELECT {} FROM {} RETURNING to_jsonb(t.*)").format(
                ident, columns, columns, self.record(table, body)
            )
            if body
            else sql.SQL("INSERT INTO {} AS t DEFAULT VALUES RETURNING to_jsonb(t.*)").format(ident)
        )
        return self.attempt(statement, (encode(body),) if body else ())

    def update(self, table: TableInfo, key: dict[str, Any], body: dict[str, Any]) -> tuple[bool, str, Any]:
        ident = sql.Identifier(table.schema, table.name)
        targets = sql.SQL(", ").join(
            sql.SQL("{} = r.{}").format(sql.Identifier(c), sql.Identifier(c)) for c in body
        )
        where = sql.SQL(" AND ").join(
            sql.SQL("t.{} = %s").format(sql.Identifier(c)) for c in key
        )
        statement = sql.SQL("UPDATE {} AS t SET {} FROM {} WHERE {} RETURNING to_jsonb(t.*)").format(
            ident, targets, self.record(table, body), where
        )
        return self.attempt(statement, (encode(body), *key.values()))

    def attempt(self, statement: sql.Composable, params: tuple[Any, ...]) -> tuple[bool, str, Any]:
        """(accepted, error, the refusing constraint's name or, when accepted, the row as stored)."""
        stored: Any = None
        try:
            with self.conn.transaction():
                row = self.conn.execute(statement, params).fetchone()
                stored = row[0] if row else None
                raise _Rollback
        except _Rollback:
            return True, "", stored
        except (psycopg.DataError, psycopg.IntegrityError, psycopg.errors.RaiseException) as error:
            return False, str(error).splitlines()[0], getattr(error.diag, "constraint_name", None)

    def base_row(self, table: TableInfo, attempts: int = 40) -> dict[str, Any]:
        """`first_base_row`, then, while PostgreSQL refuses it by a check the contract does not enforce, the next
        accepted candidate of the columns that check names."""
        body, options = self.first_base_row(table)
        chosen = {column: 0 for column in options}
        for _ in range(attempts):
            ok, _, detail = self.insert(table, body)
            if ok or detail is None:
                return body
            definition = next((text for name, text in table.checks if name == detail), "")
            movable = [c for c in options if re.search(rf'(?<![\w"]){re.escape(c)}(?![\w"])', definition)]
            if not movable:
                return body
            column = movable[0]
            chosen[column] += 1
            if chosen[column] >= len(options[column]):
                return body
            body[column] = options[column][chosen[column]]
        return body

    def first_base_row(self, table: TableInfo) -> tuple[dict[str, Any], dict[str, list[Any]]]:
        """A row that satisfies the table's rules: foreign keys from the parents' rows, other NOT NULL columns
        without a default from the first candidate the model (when there is one) accepts."""
        accepts = self.acceptors.get(table.qualified)
        body: dict[str, Any] = {}
        accepted: dict[str, list[Any]] = {}
        fk_columns: dict[str, Any] = {}
        for cols, schema, target, refcols in table.foreign_keys:
            parent = self.tables.get(f"{schema}.{target}")
            if parent is None or parent is table or not parent.rows:
                continue
            for col, ref in zip(cols, refcols, strict=True):
                fk_columns[col] = parent.rows[ref]
        for column in table.columns:
            if column.name in fk_columns:
                if column.not_null or not column.has_default:
                    body[column.name] = fk_columns[column.name]
                continue
            needed = column.not_null or column.name in self.required.get(table.qualified, set())
            if not needed or column.has_default or not writable(column):
                continue
            options = candidates(table, column)
            accepted[column.name] = [v for v in options if accepts is None or accepts(column.name, v)] or options[:1]
            body[column.name] = accepted[column.name][0] if accepted[column.name] else None
        return body, accepted

    def insert_parent(self, table: TableInfo, body: dict[str, Any] | None = None) -> None:
        """Inserts a table's base row for good (within the test's transaction); triggers are off for it, so a trigger
        that writes other tables (a profile per auth user) does not create rows the candidates then collide with."""
        if body is None:
            body = self.base_row(table)
        columns = sql.SQL(", ").join(sql.Identifier(c) for c in body)
        ident = sql.Identifier(table.schema, table.name)
        self.conn.execute("SET LOCAL session_replication_role = replica")
        if body:
            statement = sql.SQL("INSERT INTO {} AS t ({}) SELECT {} FROM {} RETURNING to_jsonb(t.*)").format(
                ident, columns, columns, self.record(table, body)
            )
        else:
            statement = sql.SQL("INSERT INTO {} AS t DEFAULT VALUES RETURNING to_jsonb(t.*)").format(ident)
        row = self.conn.execute(statement, (encode(body),) if body else ()).fetchone()
        self.conn.execute("SET LOCAL session_replication_role = origin")
        assert row is not None
        table.rows = row[0]


class _Rollback(Exception):
    pass


def insert_candidates(judge: Judge, table: TableInfo, base: dict[str, Any]) -> Iterator[Candidate]:
    fk_columns = {c for cols, *_ in table.foreign_keys for c in cols}
    for column in table.columns:
        if not writable(column):
            continue
        if column.name not in fk_columns:
            for value in candidates(table, column):
                yield Candidate(table.qualified, "insert", column.name, {**base, column.name: value})
        yield Candidate(table.qualified, "insert", column.name, {**base, column.name: None})
        if column.name in base:
            yield Candidate(table.qualified, "insert", column.name, {k: v for k, v in base.items() if k != column.name})


def update_candidates(table: TableInfo) -> Iterator[Candidate]:
    fk_columns = {c for cols, *_ in table.foreign_keys for c in cols}
    for column in table.columns:
        if not writable(column) or column.name in table.primary_key:
            continue
        if column.name not in fk_columns:
            for value in candidates(table, column):
                yield Candidate(table.qualified, "update", column.name, {column.name: value})
        yield Candidate(table.qualified, "update", column.name, {column.name: None})
