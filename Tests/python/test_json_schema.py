"""docs/schema.json, the JSON Schema editors use for schema.yaml, accepts what the validator accepts.

The root schema.yaml and every valid fixture must validate against it; fixtures whose errors are about the
shape of the document (unknown keys, wrong node kinds) must not.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml  # type: ignore[import-untyped]

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = REPO_ROOT / "Tests" / "Fixtures"


class CoreLoader(yaml.CSafeLoader):
    """YAML as schemagen reads it: libyaml's parser (as in schemagen, so `text?` is a plain scalar inside `{ }`)
    and YAML 1.2 core scalars (`yes`, `on` and dates stay strings)."""


CoreLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def test_pyyaml_has_libyaml() -> None:
    assert yaml.__with_libyaml__, (
        "PyYAML was installed without libyaml; reinstall it from a wheel"
    )


def load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=CoreLoader)


def validator() -> jsonschema.Draft7Validator:
    schema = json.loads(
        (REPO_ROOT / "docs" / "schema.json").read_text(encoding="utf-8")
    )
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def is_valid_fixture(folder: Path) -> bool:
    diagnostics = folder / "diagnostics.txt"
    return not diagnostics.exists() or ": error:" not in diagnostics.read_text(
        encoding="utf-8"
    )


VALID = sorted(
    f.name
    for f in FIXTURES.iterdir()
    if (f / "schema.yaml").exists() and is_valid_fixture(f)
)


def errors(document: Any) -> list[str]:
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}"
        for error in validator().iter_errors(document)
    ]


def test_root_schema_points_the_language_server_at_the_json_schema() -> None:
    first = (REPO_ROOT / "schema.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=docs/schema.json"


def test_root_schema_validates() -> None:
    assert errors(load(REPO_ROOT / "schema.yaml")) == []


def test_there_are_valid_fixtures() -> None:
    assert "kitchen-sink" in VALID
    assert "column-types" in VALID


@pytest.mark.parametrize("name", VALID)
def test_valid_fixture_validates(name: str) -> None:
    assert errors(load(FIXTURES / name / "schema.yaml")) == []


@pytest.mark.parametrize("name", ["unknown-keys", "wrong-node-kinds"])
def test_shape_errors_are_rejected(name: str) -> None:
    assert errors(load(FIXTURES / name / "schema.yaml")) != []


@pytest.mark.parametrize(
    "document",
    [
        {"tables": {"t": {"columns": {"id": {"type": "uuid", "defualt": 1}}}}},
        {
            "tables": {
                "t": {
                    "columns": {"id": "uuid"},
                    "rls": {"owner": "id", "allow": ["selekt"]},
                }
            }
        },
        {
            "tables": {
                "t": {"columns": {"id": {"type": "uuid", "on_delete": "explode"}}}
            }
        },
        {"tables": {"t": {"comment": "no columns"}}},
        {"settings": {"outputs": {"custom": {"template": "x.mustache"}}}, "tables": {}},
        {"enums": {"e": []}, "tables": {}},
        {"tables": {"t": {"columns": {"id": {"type": "uuid", "default": None}}}}},
        {"settings": {}},
    ],
)
def test_invalid_documents_are_rejected(document: dict[str, Any]) -> None:
    assert errors(document) != []


MIGRATION_FIXTURES = REPO_ROOT / "Tests" / "MigrationFixtures"
MIGRATION_DOCUMENTS = sorted(
    f"{f.name}/{side}"
    for f in MIGRATION_FIXTURES.iterdir()
    if (f / "after.yaml").exists()
    for side in ("before.yaml", "after.yaml")
)


@pytest.mark.parametrize("name", MIGRATION_DOCUMENTS)
def test_migration_fixture_validates(name: str) -> None:
    """renamed_from, using and settings.migrations, as the migration cases use them."""
    assert errors(load(MIGRATION_FIXTURES / name)) == []
