"""The SwiftPM plugins, for real, with the example package Examples/PlanetsApp.

One temporary copy of the example (its dependency on schemagen pointed at this repository) is
built once and then used for everything:

- `swift build` runs the build-tool plugin, which generates the Swift models of
  Sources/PlanetsApp/schema.yaml; the program decodes a row with them and prints it;
- a schema error fails the build at the YAML's line and column, and a schema change regenerates;
- `swift package --allow-writing-to-package-directory generate-schema` writes the configured outputs;
- `schemagen install-hook` in a repository that has schemagen as a SwiftPM dependency writes a hook
  that runs `swift run schemagen`, and that hook refuses a stale commit.

The copy's .build directory holds the builds (debug): a few minutes on a busy two-core machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = REPO_ROOT / "Examples" / "PlanetsApp"
SCHEMA = Path("Sources/PlanetsApp/schema.yaml")


def run(
    args: list[str], cwd: Path, timeout: int = 1800
) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GIT_", "SCHEMAGEN_COMMAND", "PRE_COMMIT"))
    }
    env.update(
        GIT_AUTHOR_NAME="Test",
        GIT_AUTHOR_EMAIL="test@example.com",
        GIT_COMMITTER_NAME="Test",
        GIT_COMMITTER_EMAIL="test@example.com",
    )
    return subprocess.run(
        args,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    if result.returncode != 0:
        pytest.fail(
            f"{' '.join(result.args)} exited {result.returncode}:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}",
            pytrace=False,
        )
    return result


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A built copy of the example package."""
    root = tmp_path_factory.mktemp("example") / "PlanetsApp"
    shutil.copytree(
        EXAMPLE,
        root,
        ignore=shutil.ignore_patterns(".build", ".swiftpm", "Package.resolved"),
    )
    manifest = root / "Package.swift"
    text = manifest.read_text()
    assert 'path: "../.."' in text
    manifest.write_text(
        text.replace('path: "../.."', f"path: {str(REPO_ROOT)!r}".replace("'", '"'))
    )
    ok(run(["swift", "build"], root))
    yield root


def generated_models(example: Path) -> Path:
    found = sorted(
        (example / ".build" / "plugins" / "outputs").rglob("SchemaGenModels.swift")
    )
    assert len(found) == 1, found
    return found[0]


def test_build_tool_plugin_generates_models_the_program_uses(example: Path) -> None:
    models = generated_models(example).read_text()
    assert "public struct Planet: Codable" in models and "// schema-sha256:" in models
    result = ok(run([str(example / ".build" / "debug" / "PlanetsApp")], example))
    assert result.stdout.splitlines() == [
        "Saturn: gas_giant, 146 moons, rings: true",
        "mass: 568340000000000000000000000 kg",
        "atmosphere: hydrogen, helium",
        "column of hasRings: has_rings",
    ]


def test_schema_changes_rebuild_and_errors_fail_the_build_at_the_line(
    example: Path,
) -> None:
    schema = example / SCHEMA
    original = schema.read_text()
    try:
        schema.write_text(
            original.replace("moons: { type: integer,", "moons: { type: integr,")
        )
        broken = run(["swift", "build"], example)
        assert broken.returncode != 0
        line = next(
            i for i, text in enumerate(original.splitlines(), 1) if "moons:" in text
        )
        expected = f"{schema}:{line}:22: error: unknown type 'integr' in tables.planets.columns.moons (did you mean 'integer'?)"
        assert expected in broken.stdout + broken.stderr

        schema.write_text(
            original.replace(
                "The planets of the solar system.", "Planets, moons not included."
            )
        )
        ok(run(["swift", "build"], example))
        assert "Planets, moons not included." in generated_models(example).read_text()
    finally:
        schema.write_text(original)
        ok(run(["swift", "build"], example))


def test_command_plugin_writes_the_configured_outputs(
    example: Path, schemagen_bin: Path
) -> None:
    generated = example / "Sources" / "PlanetsApp" / "Generated"
    result = ok(
        run(
            [
                "swift",
                "package",
                "--allow-writing-to-package-directory",
                "generate-schema",
            ],
            example,
        )
    )
    assert "written" in result.stdout + result.stderr
    assert (generated / "sql" / "schema.sql").is_file()
    assert (
        "CREATE TABLE public.planets" in (generated / "sql" / "schema.sql").read_text()
    )
    assert not (generated / "swift").exists(), (
        "swift: false in the schema: the build-tool plugin makes it"
    )
    # Everything the schema configures is now on disk and fresh.
    ok(run([str(schemagen_bin), "check", "--schema", str(SCHEMA)], example))

    refused = run(["swift", "package", "generate-schema"], example)
    assert refused.returncode != 0, "writing needs the permission"


def test_install_hook_in_a_package_that_depends_on_schemagen(
    example: Path, schemagen_bin: Path
) -> None:
    ok(
        run(
            [
                "swift",
                "package",
                "--allow-writing-to-package-directory",
                "generate-schema",
            ],
            example,
        )
    )
    ok(run(["git", "init", "-q", "-b", "main"], example))
    (example / ".gitignore").write_text(".build/\nPackage.resolved\n")
    # This project commits its outputs, as the Generated/.gitignore of the example says a real one does.
    (example / "Sources" / "PlanetsApp" / "Generated" / ".gitignore").unlink()
    ok(run([str(schemagen_bin), "install-hook", "--schema", str(SCHEMA)], example))
    hook = (example / ".git" / "hooks" / "pre-commit").read_text()
    assert (
        "SCHEMAGEN_COMMAND=${SCHEMAGEN_COMMAND:-'swift run --quiet schemagen'}" in hook
    )
    assert "schema=Sources/PlanetsApp/schema.yaml" in hook
    ok(run(["git", "add", "-A"], example))
    ok(run(["git", "commit", "-q", "-m", "example"], example))

    schema = example / SCHEMA
    schema.write_text(
        schema.read_text().replace("The planets of the solar system.", "Every planet.")
    )
    ok(run(["git", "add", str(SCHEMA)], example))
    refused = run(["git", "commit", "-m", "comment"], example)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "stale: Sources/PlanetsApp/Generated/sql/schema.sql" in output
    assert (
        "run `swift run --quiet schemagen --schema Sources/PlanetsApp/schema.yaml` and `git add` the files"
        in output
    )

    ok(
        run(
            [
                "swift",
                "package",
                "--allow-writing-to-package-directory",
                "generate-schema",
            ],
            example,
        )
    )
    ok(run(["git", "add", "-A"], example))
    ok(run(["git", "commit", "-q", "-m", "comment"], example))
