"""`settings.migrations.format: alembic`: the revisions `schemagen migrate new` writes, applied by Alembic itself.

Two migrations (the first one, then a change with a new enum value that the same migration uses and an index
built CONCURRENTLY, both of which need statements outside a transaction) are upgraded to head on PostgreSQL;
the database must then have what schema.yaml declares. The revision files must also pass ruff and mypy --strict.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config

FIRST = """\
settings:
  exposed_schemas: []
  migrations:
    format: alembic
    dir: alembic/versions
    concurrent_indexes: true
enums:
  status: [draft, live]
tables:
  posts:
    columns:
      id: {type: integer, primary_key: true}
      title: text
      status: {type: status, default: draft}
"""

SECOND = FIRST.replace("[draft, live]", "[draft, review, live]").replace(
    "default: draft}",
    "default: review}\n      body: text?\n    indexes:\n      - columns: [title]",
)

ENV_PY = textwrap.dedent(
    """\
    from alembic import context
    from sqlalchemy import create_engine

    engine = create_engine(context.config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        context.configure(connection=connection, transaction_per_migration=True)
        with context.begin_transaction():
            context.run_migrations()
    """
)


def migrate(schemagen_bin: Path, project: Path, name: str) -> None:
    result = subprocess.run(
        [str(schemagen_bin), "migrate", "new", name],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_alembic_applies_the_revisions(
    tmp_path: Path,
    schemagen_bin: Path,
    fresh_db: Callable[..., str],
    psql: Callable[..., str],
) -> None:
    (tmp_path / "schema.yaml").write_text(FIRST, encoding="utf-8")
    migrate(schemagen_bin, tmp_path, "init")
    (tmp_path / "schema.yaml").write_text(SECOND, encoding="utf-8")
    migrate(schemagen_bin, tmp_path, "review_status")

    versions = tmp_path / "alembic" / "versions"
    revisions = sorted(p.name for p in versions.glob("*.py"))
    assert len(revisions) == 4, revisions
    assert [r.split("_", 1)[1] for r in revisions] == [
        "init.py",
        "review_status_enum_values.py",
        "review_status.py",
        "review_status_concurrently.py",
    ]
    (tmp_path / "alembic" / "env.py").write_text(ENV_PY, encoding="utf-8")

    db = fresh_db("alembic_migrations")
    config = Config()
    config.set_main_option("script_location", str(tmp_path / "alembic"))
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", str(versions))
    config.set_main_option("sqlalchemy.url", str(db))
    command.upgrade(config, "head")

    labels = psql(
        db,
        "SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = 'public.status'::regtype",
    )
    assert labels.strip() == "draft,review,live"
    default = psql(
        db,
        "SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'public.posts'::regclass AND adnum = 3",
    )
    assert default.strip() == "'review'::status"
    index = psql(
        db,
        "SELECT indisvalid FROM pg_index WHERE indexrelid = 'public.posts_title_idx'::regclass",
    )
    assert index.strip() == "t"
    head = psql(db, "SELECT version_num FROM alembic_version")
    assert head.strip() == revisions[-1][:14]

    lint = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--select",
            "E,F,W,I,UP,B",
            "--ignore",
            "E501",
            str(versions),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
    typed = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--ignore-missing-imports",
            *map(str, sorted(versions.glob("*.py"))),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert typed.returncode == 0, typed.stdout + typed.stderr
