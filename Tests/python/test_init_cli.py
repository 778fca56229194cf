"""`schemagen init` through the real CLI: the starter schema generates, checks and applies cleanly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml  # type: ignore[import-untyped]

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    return root


@pytest.fixture
def run(schemagen_bin: Path, project: Path) -> Run:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        environment = {
            k: v
            for k, v in os.environ.items()
            if k not in ("SCHEMAGEN_COMMAND", "PRE_COMMIT")
        }
        return subprocess.run(
            [str(schemagen_bin), *args],
            cwd=project,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )

    return run


def test_starter_generates_checks_and_applies_to_postgres(
    run: Run,
    project: Path,
    fresh_db: Callable[..., Any],
    apply_sql: Callable[[str, str | os.PathLike[str]], None],
    psql: Callable[..., str],
) -> None:
    result = run(
        "init",
        "--drizzle",
        "lib/db/schema.ts",
        "--sqlalchemy",
        "backend/models.py",
        "--swift",
        "none",
    )
    assert result.returncode == 0, result.stderr
    text = (project / "schema.yaml").read_text()
    assert text.startswith(
        "# yaml-language-server: $schema=./schemagen.schema.json\n"
    ), "the editor is pointed at the JSON Schema written beside the file"
    assert "    drizzle:    lib/db/schema.ts\n" in text
    assert "    sqlalchemy: backend/models.py\n" in text
    assert "    swift:      false\n" in text
    assert "    sql:        Generated/sql/schema.sql\n" in text
    assert "      owner: user_id\n" in text
    for step in (
        "schemagen\n",
        "schemagen install-hook",
        "- id: schemagen-check",
        'psql "$DATABASE_URL" -1 -f Generated/sql/schema.sql -f Generated/sql/rls.sql',
        "When the database exists already: schemagen pull --db URL",
    ):
        assert step in result.stdout, step

    generated = run()
    assert generated.returncode == 0, generated.stderr
    assert "warning" not in generated.stderr, "the starter is clean"
    assert "4 of 4 outputs written" in generated.stderr
    assert (project / "lib/db/schema.ts").is_file()
    assert not (project / "Generated/swift").exists()
    checked = run("check")
    assert checked.returncode == 0, checked.stdout + checked.stderr

    db = fresh_db("init")
    apply_sql(db, project / "Generated/sql/schema.sql")
    apply_sql(db, project / "Generated/sql/rls.sql")
    policies = psql(
        db,
        "SELECT cmd FROM pg_policies WHERE tablename = 'notes' ORDER BY cmd",
    )
    assert policies.split() == ["DELETE", "INSERT", "SELECT", "UPDATE"]

    # The SQLAlchemy models import and map.
    imported = subprocess.run(
        [
            sys.executable,
            "-c",
            "import models; from sqlalchemy.orm import configure_mappers; configure_mappers(); print(models.Note.__tablename__)",
        ],
        cwd=project / "backend",
        capture_output=True,
        text=True,
        check=False,
    )
    assert imported.returncode == 0 and imported.stdout.strip() == "notes", (
        imported.stderr
    )


def test_init_refuses_to_overwrite_an_existing_schema(run: Run, project: Path) -> None:
    schema = project / "schema.yaml"
    schema.write_text("tables: {}\n")
    result = run("init")
    assert result.returncode == 1
    assert (
        "schemagen: error: schema.yaml already exists; init does not overwrite it"
        in result.stderr
    )
    assert schema.read_text() == "tables: {}\n"
    assert result.stdout == ""


def test_init_elsewhere_names_the_schema_in_the_next_steps(
    run: Run, project: Path
) -> None:
    result = run("init", "--schema", "db/schema.yaml", "--sql", "none", "--rls", "none")
    assert result.returncode == 0, result.stderr
    assert "schemagen --schema db/schema.yaml" in result.stdout
    assert "schemagen install-hook --schema db/schema.yaml" in result.stdout
    assert "psql" not in result.stdout
    text = (project / "db/schema.yaml").read_text()
    assert "    sql:        false\n" in text and "    rls:        false\n" in text
    assert run("--schema", "db/schema.yaml").returncode == 0
    assert not (project / "db/Generated/sql").exists()
    assert (project / "db/Generated/drizzle/schema.ts").is_file()


def test_init_quotes_odd_paths_and_rejects_empty_ones(run: Run, project: Path) -> None:
    result = run("init", "--drizzle", "web app/db: schema.ts")
    assert result.returncode == 0, result.stderr
    assert (
        '    drizzle:    "web app/db: schema.ts"\n'
        in (project / "schema.yaml").read_text()
    )
    assert run().returncode == 0
    assert (project / "web app/db: schema.ts").is_file()

    empty = run("init", "--schema", "other.yaml", "--swift", "")
    assert empty.returncode == 64
    assert "--swift needs a path, or none to turn the output off" in empty.stderr
    assert not (project / "other.yaml").exists()


def test_init_writes_the_json_schema_the_starter_validates_against(
    run: Run, project: Path
) -> None:
    result = run("init", "--schema", "db/schema.yaml")
    assert result.returncode == 0, result.stderr
    starter = (project / "db" / "schema.yaml").read_text()
    first_line = starter.splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=./schemagen.schema.json"
    # The path is relative to the schema file, as the YAML language server resolves it.
    target = project / "db" / first_line.split("$schema=", 1)[1]
    schema = json.loads(target.read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    document = yaml.safe_load(starter)
    assert [e.message for e in validator.iter_errors(document)] == []

    # The schema is one that can fail: a mistyped key in the starter is caught by it.
    broken = yaml.safe_load(starter.replace("    columns:\n", "    colums:\n", 1))
    assert any("colums" in e.message for e in validator.iter_errors(broken))

    # It is docs/schema.json, byte for byte, and `schemagen json-schema` prints the same.
    repo_schema = Path(__file__).resolve().parents[2] / "docs" / "schema.json"
    assert target.read_bytes() == repo_schema.read_bytes()
    printed = run("json-schema")
    assert printed.returncode == 0 and printed.stdout == repo_schema.read_text()

    # Nothing the command wrote or printed carries a placeholder.
    for text in (starter, result.stdout, result.stderr, run("init", "--help").stdout):
        assert "OWNER" not in text
        assert "github.com" not in text
    assert "- repo: local" in result.stdout
