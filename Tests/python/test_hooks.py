"""The two pre-commit ways in, for real: `schemagen install-hook` and the pre-commit framework.

Each test makes a temporary git repository with a schema and its generated outputs and shows that
a commit changing schema.yaml without regenerating is refused with a clear message, and that the
commit goes through once the outputs are regenerated and added.

The framework test installs this repository's .pre-commit-hooks.yaml exactly as a user would
(`repo:` pointing at a git repository, here a snapshot of this working tree, since the test has no
network), so pre-commit builds schemagen itself with `swift build -c release` (language: swift).
That build takes a minute or two; it is the faithful test, so it is kept.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

SCHEMA = """\
tables:
  notes:
    comment: A note.
    columns:
      id: { type: uuid, primary_key: true, default: gen_random_uuid() }
      title: varchar(200)
    rls:
      deny_all: true
"""

CHANGED_SCHEMA = SCHEMA.replace(
    "title: varchar(200)", "title: varchar(200)\n      body: text?"
)

Run = Callable[..., subprocess.CompletedProcess[str]]


def venv_python() -> str:
    python = os.environ.get("SCHEMAGEN_TEST_PYTHON")
    if not python:
        pytest.fail(
            "SCHEMAGEN_TEST_PYTHON is not set: run through scripts/test.sh",
            pytrace=False,
        )
    return python


def make_runner(cwd: Path, env: dict[str, str]) -> Run:
    def run(
        *args: str, check: bool = False, where: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            list(args),
            cwd=where or cwd,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if check and result.returncode != 0:
            pytest.fail(
                f"{' '.join(args)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}",
                pytrace=False,
            )
        return result

    return run


def base_env(tmp_path: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GIT_", "SCHEMAGEN_COMMAND", "PRE_COMMIT"))
    }
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env.update(
        {
            "HOME": str(home),  # no user git config or hooks of the machine
            "GIT_AUTHOR_NAME": "Test",
            "GIT_AUTHOR_EMAIL": "test@example.com",
            "GIT_COMMITTER_NAME": "Test",
            "GIT_COMMITTER_EMAIL": "test@example.com",
            # Set SCHEMAGEN_TEST_PRE_COMMIT_HOME to keep pre-commit's build of schemagen between runs.
            "PRE_COMMIT_HOME": os.environ.get("SCHEMAGEN_TEST_PRE_COMMIT_HOME")
            or str(tmp_path / "pre-commit-cache"),
        }
    )
    return env


def head(run: Run) -> str:
    return run("git", "rev-parse", "HEAD", check=True).stdout.strip()


@pytest.fixture
def app(tmp_path: Path, schemagen_bin: Path) -> tuple[Path, Run]:
    """A repository with schema.yaml and its outputs committed; schemagen is on PATH."""
    root = tmp_path / "app"
    root.mkdir()
    env = base_env(tmp_path)
    env["PATH"] = f"{schemagen_bin.parent}{os.pathsep}{env['PATH']}"
    run = make_runner(root, env)
    run("git", "init", "-q", "-b", "main", check=True)
    (root / "schema.yaml").write_text(SCHEMA)
    run("schemagen", check=True)
    run("git", "add", "-A", check=True)
    run("git", "commit", "-q", "-m", "schema and outputs", check=True)
    return root, run


def refused_then_accepted(root: Path, run: Run) -> str:
    """Commit a schema change without regenerating (refused), then regenerate and commit (accepted).

    Returns the output of the refused commit.
    """
    before = head(run)
    (root / "schema.yaml").write_text(CHANGED_SCHEMA)
    run("git", "add", "schema.yaml", check=True)
    refused = run("git", "commit", "-m", "add body")
    assert refused.returncode != 0, refused.stdout + refused.stderr
    assert head(run) == before, "the refused commit must not be recorded"

    run("schemagen", check=True)
    run("git", "add", "-A", check=True)
    accepted = run("git", "commit", "-m", "add body")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert head(run) != before
    assert run("git", "status", "--porcelain", check=True).stdout == ""
    return refused.stdout + refused.stderr


# --- the plain hook ---------------------------------------------------------------------------


def test_install_hook_refuses_stale_commits(app: tuple[Path, Run]) -> None:
    root, run = app
    installed = run("schemagen", "install-hook", check=True)
    hook = root / ".git" / "hooks" / "pre-commit"
    assert "installed" in installed.stderr and str(hook) in installed.stderr
    assert hook.stat().st_mode & stat.S_IXUSR
    text = hook.read_text()
    assert "# schemagen-hook-signature: 1" in text
    assert "SCHEMAGEN_COMMAND=${SCHEMAGEN_COMMAND:-schemagen}" in text, (
        "no Package.swift: schemagen from PATH"
    )

    output = refused_then_accepted(root, run)
    assert (
        "stale: Generated/sql/schema.sql (schema.yaml changed since it was generated)"
        in output
    )
    assert "+    body text" in output, "the refusal shows the diff"
    assert "commit refused by 'schemagen check --staged' for schema.yaml" in output

    again = run("schemagen", "install-hook", check=True)
    assert "already installed" in again.stderr


def test_hook_checks_what_is_staged_not_the_working_tree(app: tuple[Path, Run]) -> None:
    root, run = app
    run("schemagen", "install-hook", check=True)
    (root / "schema.yaml").write_text(CHANGED_SCHEMA)
    run("schemagen", check=True)
    run("git", "add", "schema.yaml", check=True)  # the regenerated outputs are left out
    refused = run("git", "commit", "-m", "forgot the outputs")
    assert refused.returncode != 0
    output = (
        refused.stdout + refused.stderr
    )  # git passes the hook's output on on stderr
    assert "not staged: Generated/sql/schema.sql" in output
    assert "run `git add " in output

    run("git", "add", "-A", check=True)
    assert run("git", "commit", "-q", "-m", "with outputs").returncode == 0


def test_install_hook_keeps_a_hook_it_did_not_write(app: tuple[Path, Run]) -> None:
    root, run = app
    hook = root / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho mine\n")
    hook.chmod(0o755)

    refused = run("schemagen", "install-hook")
    assert refused.returncode == 1
    assert "exists and was not written by schemagen; not replacing it" in refused.stderr
    assert hook.read_text() == "#!/bin/sh\necho mine\n"

    forced = run("schemagen", "install-hook", "--force", check=True)
    assert "kept as" in forced.stderr
    assert (
        root / ".git" / "hooks" / "pre-commit.orig"
    ).read_text() == "#!/bin/sh\necho mine\n"
    assert "schemagen-hook-signature" in hook.read_text()
    # Its own hook is rewritten without --force (for example after an upgrade).
    hook.write_text(hook.read_text().replace("check --staged", "check --staged "))
    assert run("schemagen", "install-hook").returncode == 0


def test_install_hook_respects_core_hooks_path_and_worktrees(
    app: tuple[Path, Run], tmp_path: Path
) -> None:
    root, run = app
    run("git", "config", "core.hooksPath", ".githooks", check=True)
    run("schemagen", "install-hook", check=True)
    assert (root / ".githooks" / "pre-commit").is_file()
    assert not (root / ".git" / "hooks" / "pre-commit").exists()
    run("git", "config", "--unset", "core.hooksPath", check=True)

    worktree = tmp_path / "feature"
    run("git", "worktree", "add", "-q", "-b", "feature", str(worktree), check=True)
    run("schemagen", "install-hook", check=True, where=worktree)
    # Hooks live in the common git directory, shared by every worktree.
    assert (root / ".git" / "hooks" / "pre-commit").is_file()
    (worktree / "schema.yaml").write_text(CHANGED_SCHEMA)
    run("git", "add", "schema.yaml", check=True, where=worktree)
    refused = run("git", "commit", "-m", "stale", where=worktree)
    assert (
        refused.returncode != 0
        and "stale: Generated/sql/schema.sql" in refused.stdout + refused.stderr
    )


def test_hook_explains_a_missing_schemagen(
    app: tuple[Path, Run], tmp_path: Path
) -> None:
    root, run = app
    run(
        "schemagen",
        "install-hook",
        "--command",
        str(tmp_path / "no-such-schemagen"),
        check=True,
    )
    (root / "schema.yaml").write_text(CHANGED_SCHEMA)
    run("git", "add", "schema.yaml", check=True)
    refused = run("git", "commit", "-m", "x")
    assert refused.returncode != 0
    assert "was not found; install schemagen or set SCHEMAGEN_COMMAND" in refused.stderr


def test_install_hook_outside_git_fails_clearly(
    tmp_path: Path, schemagen_bin: Path
) -> None:
    env = base_env(tmp_path)
    env["GIT_CEILING_DIRECTORIES"] = str(tmp_path)
    lonely = tmp_path / "lonely"
    lonely.mkdir()
    result = make_runner(lonely, env)(str(schemagen_bin), "install-hook")
    assert result.returncode == 2
    assert "install-hook needs a git repository" in result.stderr


# --- the pre-commit framework -----------------------------------------------------------------


def snapshot_of_this_repository(destination: Path, run: Run) -> str:
    """This working tree (tracked and new files, not ignored ones) as a one-commit git repository."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO_ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = REPO_ROOT / name
        target = destination / name
        # The plugins share code through symlinked folders, which a git clone keeps.
        if source.is_symlink():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(os.readlink(source))
        elif source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    # Fixed dates make the commit id depend on the contents only, so a kept PRE_COMMIT_HOME is reused.
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2000-01-01T00:00:00Z",
        "GIT_COMMITTER_DATE": "2000-01-01T00:00:00Z",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
    }
    for command in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["commit", "-q", "--no-verify", "-m", "snapshot"],
    ):
        subprocess.run(
            ["git", *command], cwd=destination, env=env, capture_output=True, check=True
        )
    return run("git", "rev-parse", "HEAD", check=True, where=destination).stdout.strip()


@pytest.mark.slow
def test_pre_commit_framework_hooks(tmp_path: Path) -> None:
    root = tmp_path / "app"
    root.mkdir()
    env = base_env(tmp_path)
    # schemagen is deliberately not on PATH: pre-commit must build it from the hook repository.
    run = make_runner(root, env)
    hooks_repo = tmp_path / "schemagen-hooks"
    hooks_repo.mkdir()
    rev = snapshot_of_this_repository(hooks_repo, run)

    def configure(*hook_ids: str) -> None:
        hooks = "".join(f"      - id: {hook_id}\n" for hook_id in hook_ids)
        (root / ".pre-commit-config.yaml").write_text(
            f"repos:\n  - repo: {hooks_repo}\n    rev: {rev}\n    hooks:\n{hooks}"
        )

    run("git", "init", "-q", "-b", "main", check=True)
    (root / "schema.yaml").write_text(SCHEMA)
    configure("schemagen-check")
    pre_commit = [venv_python(), "-m", "pre_commit"]
    run(*pre_commit, "install", check=True)
    # The first run builds schemagen (swift build -c release) into PRE_COMMIT_HOME and generates the outputs.
    run(*pre_commit, "install-hooks", check=True)
    env_bin = next(
        path
        for path in Path(env["PRE_COMMIT_HOME"]).glob(
            "repo*/swift_env-*/.build/release/schemagen"
        )
        if run("git", "rev-parse", "HEAD", where=path.parents[3]).stdout.strip() == rev
    )
    run(str(env_bin), check=True)
    run("git", "add", "-A", check=True)
    first = run("git", "commit", "-m", "schema, outputs, pre-commit config")
    assert first.returncode == 0, first.stdout + first.stderr
    assert (
        "schemagen check" in first.stderr and "Passed" in first.stderr
    )  # git shows hook output on stderr

    # schemagen-check: refused with the diff, accepted after regenerating.
    env["PATH"] = (
        f"{env_bin.parent}{os.pathsep}{env['PATH']}"  # only for the test's own `schemagen` calls
    )
    output = refused_then_accepted(root, make_runner(root, env))
    assert "schemagen check" in output and "Failed" in output
    assert (
        "stale: Generated/sql/schema.sql (schema.yaml changed since it was generated)"
        in output
    )
    assert "+    body text" in output

    # schemagen-generate: regenerates, fails so the change is added, then the commit goes through.
    configure("schemagen-generate", "schemagen-check")
    run("git", "add", ".pre-commit-config.yaml", check=True)
    (root / "schema.yaml").write_text(
        CHANGED_SCHEMA.replace("body: text?", "body: text?\n      pinned: boolean?")
    )
    run("git", "add", "schema.yaml", check=True)
    before = head(run)
    refused = run("git", "commit", "-m", "pinned")
    assert refused.returncode != 0
    assert "schemagen generate" in refused.stderr and "Failed" in refused.stderr
    assert "written: Generated/sql/schema.sql" in refused.stderr
    assert head(run) == before
    assert "pinned" in (root / "Generated" / "sql" / "schema.sql").read_text(), (
        "the hook regenerated the file"
    )
    run("git", "add", "-A", check=True)
    accepted = run("git", "commit", "-m", "pinned")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
