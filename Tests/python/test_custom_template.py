"""A custom output through the real CLI: the Pydantic template of Tests/Fixtures/custom-template.

The fixture's schema.yaml declares `pydantic: { template: pydantic.mustache, path: backend/schemas.py }`;
`schemagen` run in a copy of the folder must write exactly the golden schemas.py, which must import
and validate rows under Pydantic v2.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parents[1] / "Fixtures" / "custom-template"


def venv_python() -> str:
    python = os.environ.get("SCHEMAGEN_TEST_PYTHON")
    if not python:
        pytest.fail(
            "SCHEMAGEN_TEST_PYTHON is not set: run through scripts/test.sh",
            pytrace=False,
        )
    return python


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "custom"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns("schemas.py"))
    return root


def run(schemagen_bin: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(schemagen_bin), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_custom_template_output_is_written_by_the_cli(
    schemagen_bin: Path, project: Path
) -> None:
    result = run(schemagen_bin, project)
    assert result.returncode == 0, result.stderr
    written = project / "backend" / "schemas.py"
    assert written.read_text() == (FIXTURE / "schemas.py").read_text()
    assert sorted(p.name for p in project.rglob("*.py")) == ["schemas.py"], (
        "only the custom output is configured"
    )

    check = run(schemagen_bin, project, "check")
    assert check.returncode == 0, check.stdout


def test_generated_pydantic_models_validate_rows(
    schemagen_bin: Path, project: Path
) -> None:
    assert run(schemagen_bin, project).returncode == 0
    program = """
import datetime, decimal, sys, uuid
sys.path.insert(0, "backend")
import schemas

row = schemas.CrawlJob.model_validate({
    "id": 1, "owner_id": str(uuid.uuid4()), "name": "cats", "class": "x", "status": "it's \\"done\\"",
    "keywords": ["cat"], "metadata": {"a": 1}, "price": "0.50", "small": -1, "active": True,
    "created_at": "2024-05-01T12:00:00Z",
    "config": {"engines": ["google"], "matrix": [[1, 2]], "weights": {"google": 0.5},
               "tags_by_engine": {"google": ["x"]}, "limits": {"max_items": 3}},
})
assert row.class_ == "x" and row.metadata_ == {"a": 1}
assert row.status is schemas.JobStatus.IT_S_DONE
assert row.price == decimal.Decimal("0.50") and isinstance(row.created_at, datetime.datetime)
assert row.config is not None and row.config.limits is not None and row.config.limits.max_items == 3
assert row.config.matrix == [[1, 2]] and row.score is None
try:
    schemas.CrawlJob.model_validate({"id": "not a number"})
except Exception as error:
    assert "validation error" in str(error)
else:
    raise AssertionError("an invalid row was accepted")
assert schemas.CrawlConfig.__doc__.startswith('How a crawl searches. Quotes \"\"\"')
print("ok", row.name)
"""
    result = subprocess.run(
        [venv_python(), "-c", program],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok cats"


def test_context_command_prints_the_template_context(
    schemagen_bin: Path, project: Path
) -> None:
    result = run(schemagen_bin, project, "context", "--output", "pydantic")
    assert result.returncode == 0, result.stderr
    context = json.loads(result.stdout)
    assert context["contextVersion"] == 1
    assert context["output"] == {
        "name": "pydantic",
        "path": "backend/schemas.py",
        "fileName": "schemas.py",
    }
    columns = {c["name"]: c for c in context["tables"][0]["columns"]}
    assert columns["class"]["names"]["python"] == "class_"
    assert columns["keywords"]["isArray"] and columns["keywords"]["type"]["isString"]
    assert columns["config"]["type"]["json"]["shape"] == "CrawlConfig"

    unknown = run(schemagen_bin, project, "context", "--output", "nope")
    assert unknown.returncode == 1 and "no custom output 'nope'" in unknown.stderr


def test_template_errors_point_at_the_template(
    schemagen_bin: Path, project: Path
) -> None:
    template = project / "pydantic.mustache"
    template.write_text(template.read_text().replace("{{/fields}}", "{{/field}}", 1))
    result = run(schemagen_bin, project)
    assert result.returncode == 1
    assert result.stderr.startswith("pydantic.mustache:37:"), (
        result.stderr
    )  # the line of the bad tag
    assert "error: template 'pydantic.mustache' cannot be parsed" in result.stderr
    assert not (project / "backend").exists()

    template.unlink()
    missing = run(schemagen_bin, project)
    assert missing.returncode == 2
    assert (
        "schema.yaml:11:5: error: cannot read template 'pydantic.mustache' of output 'pydantic'"
        in missing.stderr
    )


def test_an_error_in_a_later_output_writes_none_of_the_earlier_ones(
    schemagen_bin: Path, project: Path
) -> None:
    """Outputs are rendered and staged one at a time; a later failure removes the staged ones."""
    schema = project / "schema.yaml"
    schema.write_text(
        schema.read_text().replace("    sql: false\n", "    sql: db/schema.sql\n", 1)
    )
    template = project / "pydantic.mustache"
    template.write_text(template.read_text().replace("{{name}}", "{{nmae}}", 1))
    result = run(schemagen_bin, project)
    assert result.returncode == 1, result.stderr
    assert "uses 'nmae', which is no field" in result.stderr
    assert not (project / "db").exists() or not any((project / "db").iterdir()), (
        "the SQL output, rendered first, must not be written"
    )
    assert not (project / "backend").exists()
    assert not [p for p in project.rglob("*") if ".schemagen-" in p.name]

    template.write_text(template.read_text().replace("{{nmae}}", "{{name}}", 1))
    fixed = run(schemagen_bin, project)
    assert fixed.returncode == 0, fixed.stderr
    assert (project / "db" / "schema.sql").read_text().startswith("-- Generated by schemagen")
