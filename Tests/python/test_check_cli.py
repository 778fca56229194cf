"""`schemagen check` through the real CLI, in a temporary project.

The project has whatever built-in outputs this schemagen generates, so the tests
hold as emitters are added: they look at the files `generate` wrote.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

SCHEMA = """\
enums:
  note_kind: [plain, todo]
tables:
  notes:
    comment: A note.
    columns:
      id: { type: uuid, primary_key: true, default: gen_random_uuid() }
      kind: { type: note_kind, default: plain }
      title: varchar(200)
      body: text?
    rls:
      deny_all: true
"""

Run = Callable[..., subprocess.CompletedProcess[str]]


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under root with its bytes and mtime, to prove nothing was written."""
    return {
        str(path.relative_to(root)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / "schema.yaml").write_text(SCHEMA)
    return root


@pytest.fixture
def run(schemagen_bin: Path, project: Path) -> Run:
    def run(
        *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        environment = {
            k: v
            for k, v in os.environ.items()
            if k not in ("SCHEMAGEN_COMMAND", "PRE_COMMIT")
        }
        environment.update(env or {})
        return subprocess.run(
            [str(schemagen_bin), *args],
            cwd=cwd or project,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )

    return run


def generated_files(project: Path) -> list[Path]:
    return sorted(
        p
        for p in project.rglob("*")
        if p.is_file()
        and p.name != "schema.yaml"
        and ".git" not in p.relative_to(project).parts
    )


def generate(run: Run, project: Path) -> list[Path]:
    result = run()
    assert result.returncode == 0, result.stderr
    files = generated_files(project)
    assert files, "generate wrote no file"
    return files


def test_fresh_project_is_up_to_date(run: Run, project: Path) -> None:
    files = generate(run, project)
    result = run("check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert f"all {len(files)} output" in result.stderr and "up to date" in result.stderr


def test_edited_schema_is_stale_with_diff_and_nothing_is_written(
    run: Run, project: Path
) -> None:
    files = generate(run, project)
    schema = project / "schema.yaml"
    schema.write_text(
        schema.read_text().replace(
            "body: text?",
            "body: text?\n      pinned: { type: boolean, default: false }",
        )
    )
    before = snapshot(project)

    result = run("check")

    assert result.returncode == 1
    assert snapshot(project) == before, "check must not write anything"
    for path in files:
        relative = str(path.relative_to(project))
        assert (
            f"stale: {relative} (schema.yaml changed since it was generated)"
            in result.stdout
        )
        assert (
            f"--- a/{relative}" in result.stdout
            and f"+++ b/{relative}" in result.stdout
        )
    assert (
        "+-- schema-sha256:" in result.stdout
        or "+# schema-sha256:" in result.stdout
        or "schema-sha256" in result.stdout
    )
    assert "pinned" in result.stdout, "the diff shows the new column"
    assert result.stdout.rstrip().endswith(
        f"{len(files)} generated file{'s are' if len(files) > 1 else ' is'} out of date; run `schemagen` to regenerate."
    )

    assert run().returncode == 0
    after = run("check")
    assert after.returncode == 0, after.stdout


def test_hand_edited_output_is_reported_as_such(run: Run, project: Path) -> None:
    target = generate(run, project)[0]
    lines = target.read_text().splitlines(keepends=True)
    lines.insert(len(lines) // 2 + 1, "hand-written line\n")
    target.write_text("".join(lines))

    result = run("check")

    relative = target.relative_to(project)
    assert result.returncode == 1
    assert (
        f"edited by hand: {relative} (its header matches the current schema.yaml"
        in result.stdout
    )
    assert "-hand-written line" in result.stdout
    assert "stale:" not in result.stdout


def test_missing_output_is_reported(run: Run, project: Path) -> None:
    target = generate(run, project)[0]
    target.unlink()
    result = run("check")
    assert result.returncode == 1
    assert (
        f"missing: {target.relative_to(project)} (never generated, or deleted)"
        in result.stdout
    )
    assert not target.exists()


def test_diff_is_cut_after_diff_lines(run: Run, project: Path) -> None:
    target = generate(run, project)[0]
    target.write_text("\n".join(f"junk {i}" for i in range(200)) + "\n")

    def diff_of(output: str) -> list[str]:
        lines = output.split("--- a/", 1)[1].splitlines()
        return [line for line in lines if " generated file" not in line]

    cut = run("check", "--diff-lines", "5")
    assert cut.returncode == 1
    diff = diff_of(cut.stdout)
    assert len(diff) == 1 + 1 + 5 + 1, (
        diff
    )  # ---, +++, five lines, the "more lines" note
    assert diff[-1].startswith("... (") and diff[-1].endswith(" more lines)")

    default = run("check")
    assert len(diff_of(default.stdout)) == 1 + 1 + 40 + 1

    none = run("check", "--diff-lines", "0")
    assert (
        none.returncode == 1 and "--- a/" not in none.stdout and "stale:" in none.stdout
    )

    negative = run("check", "--diff-lines=-1")
    assert (
        negative.returncode == 64
        and "--diff-lines must be 0 or more" in negative.stderr
    )


def test_fix_command_names_the_schema_and_templates(
    run: Run, project: Path, tmp_path: Path
) -> None:
    generate(run, project)
    (project / "schema.yaml").write_text(SCHEMA.replace("A note.", "A changed note."))
    nested = run("check", "--schema", "project/schema.yaml", cwd=tmp_path)
    assert nested.returncode == 1
    assert (
        "run `schemagen --schema project/schema.yaml` to regenerate." in nested.stdout
    )
    assert "stale: project/" in nested.stdout, (
        "paths are relative to the current directory"
    )

    templates = project / "my templates"
    templates.mkdir()
    with_templates = run("check", "--templates", "my templates")
    assert (
        "run `schemagen --templates 'my templates'` to regenerate."
        in with_templates.stdout
    )

    configured = run("check", env={"SCHEMAGEN_COMMAND": "swift run schemagen"})
    assert "run `swift run schemagen` to regenerate." in configured.stdout

    under_pre_commit = run("check", env={"PRE_COMMIT": "1"})
    assert "`pre-commit run schemagen-generate --all-files`" in under_pre_commit.stdout


def test_schema_errors_exit_1_and_unreadable_schema_exits_2(
    run: Run, project: Path
) -> None:
    (project / "schema.yaml").write_text(
        "tables:\n  notes:\n    columns:\n      id: strng\n"
    )
    invalid = run("check")
    assert invalid.returncode == 1
    assert "schema.yaml:4:11: error: unknown type 'strng'" in invalid.stderr
    assert generated_files(project) == []

    missing = run("check", "--schema", "nowhere.yaml")
    assert missing.returncode == 2
    assert "nowhere.yaml: error: cannot read the schema file" in missing.stderr


def git(project: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", *args], cwd=project, capture_output=True, text=True, check=True
    )
    return result.stdout


def init_git(project: Path) -> None:
    git(project, "init", "-q", "-b", "main")
    git(project, "config", "user.email", "test@example.com")
    git(project, "config", "user.name", "Test")
    git(project, "config", "commit.gpgsign", "false")


def test_staged_compares_the_git_index(run: Run, project: Path) -> None:
    init_git(project)
    files = generate(run, project)
    git(project, "add", "-A")
    assert run("check", "--staged").returncode == 0

    # The working tree is regenerated but the index still holds the old outputs.
    (project / "schema.yaml").write_text(SCHEMA.replace("A note.", "A changed note."))
    git(project, "add", "schema.yaml")
    assert run().returncode == 0
    assert run("check").returncode == 0
    staged = run("check", "--staged")
    assert staged.returncode == 1
    for path in files:
        relative = path.relative_to(project)
        assert (
            f"not staged: {relative} (the file on disk is up to date" in staged.stdout
        )
    assert "not staged; run `git add " in staged.stdout

    git(project, "add", "-A")
    assert run("check", "--staged").returncode == 0

    # A file missing from the index, before the others in git's answer: only it is reported.
    first = files[0].relative_to(project)
    git(project, "rm", "-q", "--cached", str(first))
    untracked = run("check", "--staged")
    assert untracked.returncode == 1
    assert (
        untracked.stdout.count("not staged:") == 1
        and f"not staged: {first}" in untracked.stdout
    )
    git(project, "add", "-A")

    # An unstaged edit of schema.yaml does not count: the commit holds the staged one.
    (project / "schema.yaml").write_text(SCHEMA.replace("A note.", "Not staged."))
    assert run("check", "--staged").returncode == 0
    assert run("check").returncode == 1


def test_staged_outside_git_is_an_error(run: Run, project: Path) -> None:
    generate(run, project)
    result = run(
        "check", "--staged", env={"GIT_CEILING_DIRECTORIES": str(project.parent)}
    )
    assert result.returncode == 2
    assert "--staged needs a git repository" in result.stderr


# --- why a file is stale: the header records the schema, the schemagen version and the templates ---------


def schemagen_version(run: Run) -> str:
    result = run("--version")
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_version_comes_from_the_package_and_is_in_every_header(
    run: Run, project: Path, repo_root: Path
) -> None:
    source = (repo_root / "Sources/SchemaGenKit/Version.swift").read_text()
    match = re.search(r'static let current = "([^"]+)"', source)
    assert match, "Version.swift holds the version"
    assert schemagen_version(run) == match.group(1)
    for path in generate(run, project):
        head = path.read_text().splitlines()[:4]
        assert f"Generated by schemagen {match.group(1)} from schema.yaml." in head[0]
        assert re.search(r"schema-sha256: [0-9a-f]{64}$", head[2]), head
        assert re.search(r"templates-sha256: [0-9a-f]{64}$", head[3]), head


def test_other_schemagen_version_is_named(run: Run, project: Path) -> None:
    files = generate(run, project)
    version = schemagen_version(run)
    for path in files:
        path.write_text(
            path.read_text().replace(
                f"Generated by schemagen {version} from",
                "Generated by schemagen 0.0.1 from",
                1,
            )
        )

    result = run("check")

    assert result.returncode == 1
    for path in files:
        assert (
            f"stale: {path.relative_to(project)} (generated by schemagen 0.0.1, this is schemagen {version}; "
            "regenerate to update it)" in result.stdout
        )
    assert "edited by hand" not in result.stdout
    assert run().returncode == 0 and run("check").returncode == 0


def test_header_from_before_versions_is_named(run: Run, project: Path) -> None:
    target = generate(run, project)[0]
    version = schemagen_version(run)
    # The header as schemagen wrote it before it recorded versions and templates.
    lines = target.read_text().splitlines(keepends=True)
    lines[0] = lines[0].replace(f"schemagen {version} from", "schemagen from")
    del lines[3]
    target.write_text("".join(lines))

    result = run("check")

    assert result.returncode == 1
    assert (
        f"stale: {target.relative_to(project)} (generated by a schemagen from before versions were recorded, "
        f"this is schemagen {version};" in result.stdout
    )


def test_changed_template_is_named_for_the_outputs_that_use_it(
    run: Run, project: Path, repo_root: Path
) -> None:
    templates = project / "templates"
    templates.mkdir()
    template = templates / "sql.mustache"
    template.write_text((repo_root / "Templates/sql.mustache").read_text())
    assert run("--templates", "templates").returncode == 0
    files = generated_files(project)
    assert run("check", "--templates", "templates").returncode == 0

    template.write_text(template.read_text() + "-- the end\n")
    result = run("check", "--templates", "templates")

    assert result.returncode == 1
    reasons = [
        line
        for line in result.stdout.splitlines()
        if line.startswith(("stale:", "edited by hand:", "missing:"))
    ]
    assert len(reasons) == 1, result.stdout
    assert reasons[0].startswith(
        "stale: Generated/sql/schema.sql (the templates it is rendered with changed since it was generated: "
        "templates-sha256 "
    ), reasons[0]
    assert "+-- the end" in result.stdout
    assert len(files) > 1, (
        "the other outputs do not use sql.mustache and are up to date"
    )
