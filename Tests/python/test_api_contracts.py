"""The Pydantic API contract against PostgreSQL: for every table, candidate inserts and updates around every rule the
catalog states (bounds, lengths, precision, enum labels, check constants, null and missing), each accepted by
PostgreSQL (in a rolled-back savepoint, foreign keys satisfied) if and only if the generated `<Name>Insert` /
`<Name>Update` model accepts it. Checks a model lists as not enforced are the only allowed gap, and are counted."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import typing
import uuid
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any

import psycopg
import pydantic
import pytest
from api_contracts import Candidate, Judge, _Rollback, encode, insert_candidates, order, read_tables, update_candidates
from conftest import REPO_ROOT, DatabaseURL, apply_sql

FIXTURE = REPO_ROOT / "Tests" / "Fixtures" / "api-contracts"


def load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def contract_models(module: ModuleType) -> dict[str, dict[str, type[pydantic.BaseModel]]]:
    """Insert and Update models by the table their docstring names."""
    found: dict[str, dict[str, type[pydantic.BaseModel]]] = {}
    for value in vars(module).values():
        if isinstance(value, type) and issubclass(value, pydantic.BaseModel) and value.__doc__:
            match = re.match(r"What a client may send to (insert a row into|update a row of) (\S+):", value.__doc__)
            if match:
                kind = "insert" if match.group(1).startswith("insert") else "update"
                found.setdefault(match.group(2), {})[kind] = value
    return found


def field_for(model: type[pydantic.BaseModel], column: str) -> tuple[str, Any] | None:
    for attribute, info in model.model_fields.items():
        if (info.alias or attribute) == column:
            return attribute, info
    return None


def accepts(model: type[pydantic.BaseModel], text: str) -> bool:
    try:
        model.model_validate_json(text)
    except pydantic.ValidationError:
        return False
    return True


def unenforced(model: type[pydantic.BaseModel]) -> set[str]:
    return set(re.findall(r"^\s*- (\S+?)(?: \(domain of [^)]*\))?: ", model.__doc__ or "", re.MULTILINE))


def holds_model(annotation: Any) -> bool:
    """Whether a type is, or contains, a Pydantic model (a jsonb shape)."""
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        return True
    return any(holds_model(argument) for argument in typing.get_args(annotation))


def settle(candidate: Candidate, verdict: tuple[bool, str, Any]) -> None:
    candidate.pg_accepts, candidate.pg_error, detail = verdict
    if candidate.pg_accepts:
        candidate.stored = detail
    else:
        candidate.constraint = detail


def acceptor(model: type[pydantic.BaseModel]) -> Callable[[str, Any], bool]:
    """Whether the model accepts a value for one column."""

    def accepts_value(column: str, value: Any) -> bool:
        found = field_for(model, column)
        if found is None:
            return True
        _, info = found
        annotation = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
        adapter: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(annotation)
        try:
            adapter.validate_json(encode(value))
        except pydantic.ValidationError:
            return False
        return True

    return accepts_value


class Tally:
    def __init__(self) -> None:
        self.agree = 0
        self.gap = 0
        self.protected = 0
        self.shapes = 0
        self.triggers = 0
        self.disagreements: list[str] = []
        self.records: list[dict[str, Any]] = []

    def judge(self, candidate: Candidate, model: type[pydantic.BaseModel]) -> None:
        if field_for(model, candidate.column) is None:
            # Not part of the contract (protected): the model refuses it; the database's grants do for clients.
            assert not accepts(model, candidate.text), f"{model.__name__} accepts protected {candidate.column}"
            self.protected += 1
            return
        _, info = field_for(model, candidate.column) or ("", None)
        if info is not None and holds_model(info.annotation):
            # A jsonb shape: the model holds the content to its declared shape, which the database does not check.
            self.shapes += 1
            return
        if candidate.pg_accepts and candidate.body.get(candidate.column, 0) is None and candidate.stored \
                and candidate.stored.get(candidate.column) is not None:
            # A trigger replaced the null (an updated_at set on every update): the client's value never counts.
            self.triggers += 1
            return
        verdict = accepts(model, candidate.text)
        gap = not candidate.pg_accepts and candidate.constraint in unenforced(model)
        self.records.append(
            {"schema": model.__name__, "kind": candidate.kind, "body": candidate.text, "pg": candidate.pg_accepts, "gap": gap,
             "column": candidate.column, "table": candidate.table}
        )
        if verdict == candidate.pg_accepts:
            self.agree += 1
        elif gap and verdict:
            self.gap += 1
        else:
            self.disagreements.append(
                f"{model.__name__} {candidate.body!r}: PostgreSQL {'accepts' if candidate.pg_accepts else 'refuses (' + candidate.pg_error + ')'}, "
                f"Pydantic {'accepts' if verdict else 'refuses'}"
            )


def run_contract(db: DatabaseURL, module: ModuleType, schemas: list[str]) -> Tally:
    tally = Tally()
    models = contract_models(module)
    assert models, "no Insert/Update models found"
    with psycopg.connect(db.conninfo) as conn:
        tables = read_tables(conn, schemas + ["auth"])
        judge = Judge(
            conn,
            tables,
            {name: acceptor(pair["insert"]) for name, pair in models.items()},
            {name: {info.alias or attribute for attribute, info in pair["insert"].model_fields.items() if info.is_required()}
             for name, pair in models.items()},
        )
        for name, pair in models.items():
            table = tables[name]
            insert_model, update_model = pair["insert"], pair["update"]
            try:
                with conn.transaction():
                    for other in tables.values():
                        other.rows = {}
                    for parent in order(tables, [name])[:-1]:
                        judge.insert_parent(tables[parent])
                    base = judge.base_row(table)
                    ok, error, _ = judge.insert(table, base)
                    assert ok, f"{name}: the base row {base} is refused: {error}"
                    assert accepts(insert_model, Candidate("", "", "", base).text), f"{insert_model.__name__} refuses the base row {base}"
                    for candidate in insert_candidates(judge, table, base):
                        settle(candidate, judge.insert(table, candidate.body))
                        tally.judge(candidate, insert_model)
                    judge.insert_parent(table, base)
                    key = {column: table.rows[column] for column in table.primary_key}
                    assert key, f"{name} has no primary key"
                    for candidate in update_candidates(table):
                        settle(candidate, judge.update(table, key, candidate.body))
                        tally.judge(candidate, update_model)
                    raise _Rollback
            except _Rollback:
                pass
    return tally


def report(label: str, tally: Tally, source: str) -> None:
    total = tally.agree + tally.gap + len(tally.disagreements)
    print(
        f"{label}: {tally.agree}/{total} candidates agree with PostgreSQL; {tally.gap} in checks listed as not enforced; "
        f"{tally.protected} protected-column writes refused by the model; {tally.shapes} on jsonb shapes and "
        f"{tally.triggers} nulls a trigger replaced, not compared"
    )
    dump = os.environ.get("SCHEMAGEN_CONTRACT_CANDIDATES")
    if dump:
        path = Path(dump)
        existing = json.loads(path.read_text()) if path.exists() else []
        path.write_text(json.dumps(existing + [{**record, "source": source} for record in tally.records]))


def test_root_schema_contract_agrees_with_postgres(fresh_db: Callable[..., DatabaseURL]) -> None:
    db = fresh_db("contracts")
    apply_sql(db, REPO_ROOT / "Generated" / "sql" / "schema.sql")
    apply_sql(db, REPO_ROOT / "Generated" / "sql" / "rls.sql")
    module = load(REPO_ROOT / "Generated" / "pydantic" / "schemas.py", "root_contract_schemas")
    tally = run_contract(db, module, ["public"])
    report("schema.yaml", tally, "Generated/zod/schemas.ts")
    assert not tally.disagreements, "\n".join(tally.disagreements)
    assert tally.agree > 300


def contract_fixtures() -> list[Path]:
    return sorted(
        path.parent for path in (REPO_ROOT / "Tests" / "Fixtures").glob("*/schemas.py")
        if "Pydantic v2 models of the API contract" in path.read_text()
    )


@pytest.mark.parametrize("case", contract_fixtures(), ids=lambda path: path.name)
def test_fixture_contract_agrees_with_postgres(fresh_db: Callable[..., DatabaseURL], case: Path) -> None:
    db = fresh_db("contracts_" + case.name)
    apply_sql(db, case / "schema.sql")
    if (case / "rls.sql").exists():
        apply_sql(db, case / "rls.sql")
    module = load(case / "schemas.py", "fixture_contract_" + case.name.replace("-", "_"))
    with psycopg.connect(db.conninfo) as conn:
        schemas = [row[0] for row in conn.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' "
            "AND nspname NOT IN ('information_schema', 'auth', 'extensions', 'storage')").fetchall()]
    tally = run_contract(db, module, schemas)
    report(f"{case.name} fixture", tally, str((case / "schemas.ts").relative_to(REPO_ROOT)))
    assert not tally.disagreements, "\n".join(tally.disagreements)
    if case.name == "api-contracts":
        assert tally.gap > 0, "the fixture's untranslatable checks were never exercised"


CONTRACT_MODULES = ["Generated/pydantic/schemas.py"] + sorted(
    str(path.relative_to(REPO_ROOT))
    for path in (REPO_ROOT / "Tests" / "Fixtures").glob("*/schemas.py")
    # the built-in output's, not a custom template's that happens to share the name
    if "Pydantic v2 models of the API contract" in path.read_text()
)


def test_fixtures_have_contract_modules() -> None:
    assert len(CONTRACT_MODULES) >= 6, CONTRACT_MODULES


@pytest.mark.parametrize("path", CONTRACT_MODULES)
def test_generated_models_pass_mypy_strict_and_ruff(path: str) -> None:
    venv_bin = Path(sys.executable).parent
    target = REPO_ROOT / path
    module = load(target, "contract_" + re.sub(r"\W", "_", path))
    assert any(isinstance(v, type) and issubclass(v, pydantic.BaseModel) for v in vars(module).values())
    mypy = subprocess.run([str(venv_bin / "mypy"), "--strict", "--no-incremental", str(target)], capture_output=True, text=True)
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
    ruff = subprocess.run([str(venv_bin / "ruff"), "check", "--no-cache", "--select", "E,F,W,I,UP,B", "--line-length", "200", str(target)],
                          capture_output=True, text=True)
    assert ruff.returncode == 0, ruff.stdout + ruff.stderr


def test_orm_round_trip_through_the_models(fresh_db: Callable[..., DatabaseURL]) -> None:
    """The README's FastAPI flow without FastAPI: an Insert body becomes a SQLAlchemy row, the row a Row model, an
    Update body changes only what it sends."""
    import sqlalchemy as sa
    from sqlalchemy.orm import Session

    db = fresh_db("contracts_orm")
    apply_sql(db, REPO_ROOT / "Generated" / "sql" / "schema.sql")
    contracts = load(REPO_ROOT / "Generated" / "pydantic" / "schemas.py", "orm_contract_schemas")
    models = load(REPO_ROOT / "Generated" / "sqlalchemy" / "models.py", "orm_contract_models")
    engine = sa.create_engine(db)
    user_id = uuid.uuid4()
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO auth.users (id) VALUES (:id)"), {"id": user_id})
    body = contracts.APIKeyInsert.model_validate_json(
        json.dumps({"user_id": str(user_id), "name": "CI", "key_hash": "h", "key_prefix": "pk_live_a1"})
    )
    with Session(engine) as session, session.begin():
        key = models.APIKey(**body.model_dump(exclude_unset=True))
        session.add(key)
        session.flush()
        session.refresh(key)
        read = contracts.APIKey.model_validate(key)
        assert read.name == "CI" and read.status == "active" and read.rate_limit == 1000 and read.permissions == ["read"]
        changes = contracts.APIKeyUpdate.model_validate_json('{"name": "Renamed"}').model_dump(exclude_unset=True)
        assert changes == {"name": "Renamed"}
        for name, value in changes.items():
            setattr(key, name, value)
        session.flush()
        session.refresh(key)
        assert contracts.APIKey.model_validate(key).name == "Renamed"
    engine.dispose()


def test_rows_convert_from_attributes() -> None:
    module = load(REPO_ROOT / "Generated" / "pydantic" / "schemas.py", "root_contract_rows")

    class Row:
        id = "6f1c7a4e-62c5-4d87-9b3c-1d2e3f405162"
        user_id = "0b8f2f56-5a1e-4f5e-9c1b-6a7d8e9f0a1b"
        name = "Birds"
        description = None
        status = "active"
        settings: dict[str, Any] = {}
        created_at = "2024-01-02T03:04:05+00:00"
        updated_at = "2024-01-02T03:04:05+00:00"

    project = module.Project.model_validate(Row(), from_attributes=True)
    assert project.name == "Birds" and project.status == module.ProjectStatus.ACTIVE
