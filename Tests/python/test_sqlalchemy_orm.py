"""ORM round trips through the generated models, on databases built from the DDL.

Objects are written in one session and read back in a fresh one, through the
relationships; every mapped column of every object read is checked, value and
Python type, so a column added to a schema needs an expectation here.
"""

from __future__ import annotations

import datetime
import ipaddress
import uuid
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session
from sqlalchemy_support import Case, cases, generate, import_models

# Any SQLAlchemy warning (a cycle it cannot sort, an ambiguous relationship) fails.
pytestmark = pytest.mark.filterwarnings("error::sqlalchemy.exc.SAWarning")

UTC = datetime.UTC


def _case(name: str) -> Case:
    return next(case for case in cases() if case.name == name)


@pytest.fixture
def database(
    schemagen_bin: Path,
    fresh_db: Callable[..., Any],
    apply_sql: Callable[..., None],
    tmp_path: Path,
) -> Iterator[Callable[[str], tuple[ModuleType, Any, sa.Engine]]]:
    """database("case") -> (models, URL, engine) of a fresh database with its DDL."""
    engines: list[sa.Engine] = []

    def build(name: str) -> tuple[ModuleType, Any, sa.Engine]:
        case = _case(name)
        generated = generate(schemagen_bin, case, tmp_path / name)
        module = import_models(generated.models, case.module_name)
        url = fresh_db("sa_orm_" + name)
        apply_sql(url, generated.ddl)
        engine = sa.create_engine(url)
        engines.append(engine)
        return module, url, engine

    yield build
    for engine in engines:
        engine.dispose()


# --- expectations ---------------------------------------------------------------


class Matcher:
    """An expected value checked by a predicate (server-generated ids, timestamps)."""

    def __init__(self, description: str, predicate: Callable[[Any], bool]) -> None:
        self.description = description
        self.predicate = predicate

    def __repr__(self) -> str:
        return self.description


ANY_UUID = Matcher("a uuid.UUID", lambda value: type(value) is uuid.UUID)
AWARE = Matcher(
    "a timezone-aware datetime",
    lambda value: type(value) is datetime.datetime and value.tzinfo is not None,
)


def recent(since: datetime.datetime) -> Matcher:
    return Matcher(
        f"an aware datetime after {since}",
        lambda value: (
            type(value) is datetime.datetime
            and value.tzinfo is not None
            and value >= since
        ),
    )


def check_row(obj: Any, expected: dict[str, Any]) -> None:
    """Every mapped column of `obj` has exactly the expected value and type."""
    mapper = sa.inspect(type(obj))
    keys = {attribute.key for attribute in mapper.column_attrs}
    assert keys == set(expected), (
        f"{type(obj).__name__}: expectations for {sorted(keys ^ set(expected))}"
    )
    for key, want in expected.items():
        got = getattr(obj, key)
        where = f"{type(obj).__name__}.{key}"
        if isinstance(want, Matcher):
            assert want.predicate(got), f"{where} = {got!r}, expected {want}"
            continue
        assert got == want, f"{where} = {got!r}, expected {want!r}"
        assert type(got) is type(want), (
            f"{where} is a {type(got).__name__}, expected {type(want).__name__}"
        )
        if isinstance(want, Decimal):
            assert str(got) == str(want), (
                f"{where} = {got}, expected the scale of {want}"
            )
        if isinstance(want, list):
            for item, wanted in zip(got, want, strict=True):
                assert type(item) is type(wanted), (
                    f"{where} item {item!r} is a {type(item).__name__}"
                )


# --- PixCrawler -----------------------------------------------------------------


def test_pixcrawler_round_trip(
    database: Callable[[str], tuple[ModuleType, Any, sa.Engine]],
    psql: Callable[..., str],
) -> None:
    m, url, engine = database("pixcrawler")
    alice, bob = uuid.uuid4(), uuid.uuid4()
    started = datetime.datetime.now(UTC) - datetime.timedelta(seconds=5)
    # Auth users come from Supabase; the on_auth_user_created trigger creates their
    # profile, credit account and notification preferences.
    psql(
        url,
        f"""insert into auth.users (id, email, raw_user_meta_data) values
            ('{alice}', 'alice@example.com', '{{"full_name": "Alice", "avatar_url": "https://example.com/a.png"}}'),
            ('{bob}', 'bob@example.com', '{{}}')""",
    )
    job_started = datetime.datetime(2025, 11, 1, 12, 34, 56, 123456, tzinfo=UTC)
    expires = datetime.datetime(2026, 1, 1, 0, 0, tzinfo=UTC)

    with Session(engine) as session:
        profile = session.get_one(m.Profile, alice)
        profile.role = m.UserRole.ADMIN
        profile.onboarding_completed = True

        account = session.scalars(
            sa.select(m.CreditAccount).where(m.CreditAccount.user_id == alice)
        ).one()
        account.current_balance = Decimal("1234.56")
        account.auto_refill_enabled = True
        account.refill_threshold = Decimal("50.00")
        account.transactions.append(
            m.CreditTransaction(
                user_id=alice,
                type_=m.TransactionType.PURCHASE,
                description="Starter pack",
                amount=Decimal("1000.00"),
                balance_after=Decimal("1000.00"),
                metadata_={"invoice": "INV-1", "lines": [1, 2.5, None], "paid": True},
            )
        )
        account.transactions.append(
            m.CreditTransaction(
                user_id=alice,
                type_=m.TransactionType.AUTO_REFILL,
                description="Auto refill",
                amount=Decimal("234.56"),
                balance_after=Decimal("1234.56"),
                status=m.TransactionStatus.PENDING,
            )
        )

        project = m.Project(
            user_id=alice,
            name="Cats",
            settings={"default_max_images": 50, "search_engines": ["google", "bing"]},
        )
        project.crawl_jobs.append(
            m.CrawlJob(
                name="cats-1",
                keywords=["cat", "kitten"],
                max_images=500,
                status=m.JobStatus.RUNNING,
                progress=42,
                total_chunks=4,
                active_chunks=1,
                completed_chunks=2,
                failed_chunks=1,
                task_ids=["celery-1", "celery-2"],
                config={
                    "search_engines": ["google"],
                    "min_width": 640,
                    "safe_search": True,
                },
                started_at=job_started,
            )
        )
        project.crawl_jobs.append(m.CrawlJob(name="cats-2"))
        session.add(project)

        session.add(
            m.APIKey(
                user_id=alice,
                name="CI",
                key_hash="sha256:0f1e",
                key_prefix="pk_live_",
                permissions=["read", "write"],
                last_used_ip=ipaddress.ip_address("192.0.2.1"),
                expires_at=expires,
            )
        )
        session.add(
            m.Notification(
                user_id=alice,
                type_=m.NotificationType.WARNING,
                category=m.NotificationCategory.CRAWL_JOB,
                title="Job cats-1 is slow",
                message="One chunk failed.",
                action_url="/jobs/cats-1",
                metadata_={"job": "cats-1", "chunks": {"failed": 1}},
            )
        )
        preferences = session.scalars(
            sa.select(m.NotificationPreference).where(
                m.NotificationPreference.user_id == alice
            )
        ).one()
        preferences.sms_enabled = True
        preferences.digest_frequency = m.DigestFrequency.WEEKLY
        preferences.quiet_hours_start = datetime.time(22, 0)
        preferences.quiet_hours_end = datetime.time(7, 30, 15)
        preferences.channels = {
            "email": ["crawl_job", "payment"],
            "push": [],
            "sms": ["security"],
        }
        session.add(
            m.UsageMetric(
                user_id=alice,
                metric_date=datetime.date(2025, 11, 1),
                images_processed=1200,
                api_calls=17,
                storage_used_bytes=5 * 2**40,
                crawl_jobs_count=2,
                credits_used=Decimal("12.34"),
            )
        )
        session.commit()

    # The enums are stored as their values (labels), not as the members' names.
    assert psql(
        url,
        "select string_agg(type::text, ',' order by amount desc)"
        " from public.credit_transactions",
    ).strip() == ("purchase,auto_refill")

    with Session(engine) as session:
        profile = session.get_one(m.Profile, alice)
        check_row(
            profile,
            {
                "id": alice,
                "email": "alice@example.com",
                "full_name": "Alice",
                "avatar_url": "https://example.com/a.png",
                "role": m.UserRole.ADMIN,
                "onboarding_completed": True,
                "created_at": recent(started),
                "updated_at": recent(started),
            },
        )
        other = session.get_one(m.Profile, bob)
        assert (other.full_name, other.role, other.onboarding_completed) == (
            None,
            m.UserRole.USER,
            False,
        )

        account = session.scalars(
            sa.select(m.CreditAccount).where(m.CreditAccount.user_id == alice)
        ).one()
        check_row(
            account,
            {
                "id": ANY_UUID,
                "user_id": alice,
                "current_balance": Decimal("1234.56"),
                "monthly_usage": Decimal("0.00"),
                "average_daily_usage": Decimal("0.00"),
                "auto_refill_enabled": True,
                "refill_threshold": Decimal("50.00"),
                "refill_amount": Decimal("500.00"),
                "monthly_limit": Decimal("2000.00"),
                "created_at": AWARE,
                "updated_at": AWARE,
            },
        )
        purchase, refill = sorted(
            account.transactions, key=lambda t: t.amount, reverse=True
        )
        assert purchase.account is account and refill.account is account
        check_row(
            purchase,
            {
                "id": ANY_UUID,
                "account_id": account.id,
                "user_id": alice,
                "type_": m.TransactionType.PURCHASE,
                "description": "Starter pack",
                "amount": Decimal("1000.00"),
                "balance_after": Decimal("1000.00"),
                "status": m.TransactionStatus.COMPLETED,
                "metadata_": {
                    "invoice": "INV-1",
                    "lines": [1, 2.5, None],
                    "paid": True,
                },
                "created_at": recent(started),
            },
        )
        check_row(
            refill,
            {
                "id": ANY_UUID,
                "account_id": account.id,
                "user_id": alice,
                "type_": m.TransactionType.AUTO_REFILL,
                "description": "Auto refill",
                "amount": Decimal("234.56"),
                "balance_after": Decimal("1234.56"),
                "status": m.TransactionStatus.PENDING,
                "metadata_": None,
                "created_at": recent(started),
            },
        )

        project = session.scalars(
            sa.select(m.Project).where(m.Project.user_id == alice)
        ).one()
        check_row(
            project,
            {
                "id": ANY_UUID,
                "user_id": alice,
                "name": "Cats",
                "description": None,
                "status": m.ProjectStatus.ACTIVE,
                "settings": {
                    "default_max_images": 50,
                    "search_engines": ["google", "bing"],
                },
                "created_at": recent(started),
                "updated_at": recent(started),
            },
        )
        jobs = {job.name: job for job in project.crawl_jobs}
        assert set(jobs) == {"cats-1", "cats-2"}
        assert all(job.project is project for job in jobs.values())
        check_row(
            jobs["cats-1"],
            {
                "id": ANY_UUID,
                "project_id": project.id,
                "name": "cats-1",
                "keywords": ["cat", "kitten"],
                "max_images": 500,
                "status": m.JobStatus.RUNNING,
                "progress": 42,
                "total_images": 0,
                "downloaded_images": 0,
                "valid_images": 0,
                "total_chunks": 4,
                "active_chunks": 1,
                "completed_chunks": 2,
                "failed_chunks": 1,
                "task_ids": ["celery-1", "celery-2"],
                "config": {
                    "search_engines": ["google"],
                    "min_width": 640,
                    "safe_search": True,
                },
                "error_message": None,
                "started_at": job_started,
                "completed_at": None,
                "created_at": recent(started),
                "updated_at": recent(started),
            },
        )
        check_row(
            jobs["cats-2"],
            {
                "id": ANY_UUID,
                "project_id": project.id,
                "name": "cats-2",
                "keywords": [],
                "max_images": 100,
                "status": m.JobStatus.PENDING,
                "progress": 0,
                "total_images": 0,
                "downloaded_images": 0,
                "valid_images": 0,
                "total_chunks": 0,
                "active_chunks": 0,
                "completed_chunks": 0,
                "failed_chunks": 0,
                "task_ids": [],
                "config": None,
                "error_message": None,
                "started_at": None,
                "completed_at": None,
                "created_at": recent(started),
                "updated_at": recent(started),
            },
        )

        key = session.scalars(
            sa.select(m.APIKey).where(m.APIKey.user_id == alice)
        ).one()
        check_row(
            key,
            {
                "id": ANY_UUID,
                "user_id": alice,
                "name": "CI",
                "key_hash": "sha256:0f1e",
                "key_prefix": "pk_live_",
                "status": m.APIKeyStatus.ACTIVE,
                "permissions": ["read", "write"],
                "rate_limit": 1000,
                "usage_count": 0,
                "last_used_at": None,
                # psycopg's inet loader: an address (an interface with a prefix length).
                "last_used_ip": ipaddress.IPv4Address("192.0.2.1"),
                "expires_at": expires,
                "created_at": recent(started),
                "updated_at": recent(started),
            },
        )

        notification = session.scalars(
            sa.select(m.Notification).where(m.Notification.user_id == alice)
        ).one()
        check_row(
            notification,
            {
                "id": ANY_UUID,
                "user_id": alice,
                "type_": m.NotificationType.WARNING,
                "category": m.NotificationCategory.CRAWL_JOB,
                "title": "Job cats-1 is slow",
                "message": "One chunk failed.",
                "icon": None,
                "color": None,
                "action_url": "/jobs/cats-1",
                "action_label": None,
                "is_read": False,
                "read_at": None,
                "metadata_": {"job": "cats-1", "chunks": {"failed": 1}},
                "created_at": recent(started),
            },
        )

        preferences = session.scalars(
            sa.select(m.NotificationPreference).where(
                m.NotificationPreference.user_id == alice
            )
        ).one()
        check_row(
            preferences,
            {
                "id": ANY_UUID,
                "user_id": alice,
                "email_enabled": True,
                "push_enabled": True,
                "sms_enabled": True,
                "crawl_job_notifications": True,
                "payment_notifications": True,
                "system_notifications": True,
                "security_notifications": True,
                "digest_frequency": m.DigestFrequency.WEEKLY,
                "quiet_hours_start": datetime.time(22, 0),
                "quiet_hours_end": datetime.time(7, 30, 15),
                "channels": {
                    "email": ["crawl_job", "payment"],
                    "push": [],
                    "sms": ["security"],
                },
                "created_at": recent(started),
                "updated_at": recent(started),
            },
        )

        metric = session.scalars(
            sa.select(m.UsageMetric).where(m.UsageMetric.user_id == alice)
        ).one()
        check_row(
            metric,
            {
                "id": ANY_UUID,
                "user_id": alice,
                "metric_date": datetime.date(2025, 11, 1),
                "images_processed": 1200,
                "api_calls": 17,
                "storage_used_bytes": 5 * 2**40,
                "crawl_jobs_count": 2,
                "credits_used": Decimal("12.34"),
                "created_at": recent(started),
                "updated_at": recent(started),
            },
        )

        # The ORM leaves ON DELETE CASCADE to the database (passive_deletes).
        session.delete(project)
        session.commit()
    assert psql(url, "select count(*) from public.crawl_jobs").strip() == "0"

    # Deleting the auth user cascades to everything of theirs.
    psql(url, f"delete from auth.users where id = '{alice}'")
    with Session(engine) as session:
        for model in (m.Profile, m.CreditAccount, m.NotificationPreference):
            assert [
                row.id if model is m.Profile else row.user_id
                for row in session.scalars(sa.select(model))
            ] == [bob]
        for model in (
            m.CreditTransaction,
            m.Project,
            m.APIKey,
            m.Notification,
            m.UsageMetric,
        ):
            assert session.scalars(sa.select(model)).all() == [], model.__name__


# --- relationships --------------------------------------------------------------


def test_relations_navigate_both_ways(
    database: Callable[[str], tuple[ModuleType, Any, sa.Engine]],
    psql: Callable[..., str],
) -> None:
    m, url, engine = database("sqlalchemy-relations")
    ann_user, bob_user = uuid.uuid4(), uuid.uuid4()
    psql(
        url,
        "insert into auth.users (id, email) values "
        f"('{ann_user}', 'ann@example.com'), ('{bob_user}', null)",
    )

    with Session(engine) as session:
        ann = m.Member(user_id=ann_user, handle="ann", setting=m.MemberSetting())
        bob = m.Member(user_id=bob_user, handle="bob")
        root = m.Category(name="root", children=[m.Category(name="leaf")])
        post = m.Post(author=ann, category=root.children[0], title="Hello")
        first = m.Message(sender=ann, recipient=bob, body="hi")
        reply = m.Message(sender=bob, recipient=ann, reply_to=first, body="hello")
        session.add_all(
            [ann, bob, root, post, first, reply, m.AuditNote(post=post, note="checked")]
        )
        session.flush()
        session.execute(sa.insert(m.post_views_table).values(post_id=post.id))
        session.commit()

    with Session(engine) as session:
        ann = session.scalars(sa.select(m.Member).where(m.Member.handle == "ann")).one()
        bob = session.scalars(sa.select(m.Member).where(m.Member.handle == "bob")).one()
        assert (
            ann.setting is not None
            and ann.setting.member is ann
            and bob.setting is None
        )
        check_row(
            ann.setting,
            {
                "id": Matcher("an int", lambda v: type(v) is int),
                "member_id": ann.id,
                "theme": "light",
            },
        )
        [first] = ann.sent_messages
        [reply] = ann.received_messages
        assert (
            first.sender is ann
            and first.recipient is bob
            and bob.received_messages == [first]
        )
        assert (
            reply.reply_to is first
            and first.replies == [reply]
            and first.reply_to is None
        )
        [post] = ann.posts
        assert post.author is ann and post.category is not None
        leaf = post.category
        assert (
            leaf.name == "leaf"
            and leaf.parent is not None
            and leaf.parent.name == "root"
        )
        assert (
            leaf.parent.children == [leaf]
            and leaf.parent.parent is None
            and leaf.posts == [post]
        )
        note = session.scalars(sa.select(m.AuditNote)).one()
        assert note.post is post
        views = session.execute(sa.select(m.post_views_table)).all()
        assert [(row.post_id, type(row.viewed_at)) for row in views] == [
            (post.id, datetime.datetime)
        ]

        # ON DELETE RESTRICT: the ORM leaves the posts alone (passive_deletes="all")
        # and the database refuses.
        session.delete(ann)
        with pytest.raises(sa_exc.IntegrityError):
            session.flush()
        session.rollback()

    with Session(engine) as session:
        ann = session.scalars(sa.select(m.Member).where(m.Member.handle == "ann")).one()
        session.execute(sa.delete(m.AuditNote))
        for post in list(ann.posts):
            session.delete(post)
        session.delete(ann)
        session.commit()
    with Session(engine) as session:
        bob = session.scalars(sa.select(m.Member)).one()
        # ann's sent message went with her (CASCADE); the one she received lost its
        # recipient (SET NULL).
        [reply] = bob.sent_messages
        assert reply.recipient is None and bob.received_messages == []
        assert session.scalars(sa.select(m.MemberSetting)).all() == []


def test_composite_keys_round_trip(
    database: Callable[[str], tuple[ModuleType, Any, sa.Engine]],
) -> None:
    m, _, engine = database("composite-keys")
    with Session(engine) as session:
        order = m.Order(
            region_info=m.Region(code="EU", name="Europe"),
            number=7,
            tags=["rush"],
            lines=[m.OrderLine(line=1, quantity=3), m.OrderLine(line=2)],
        )
        session.add(order)
        session.commit()

    with Session(engine) as session:
        order = session.get_one(m.Order, ("EU", 7))
        assert order.region_info.orders == [order]
        check_row(
            order,
            {
                "number": 7,
                "region": "EU",
                "placed_at": AWARE,
                "external_ref": None,
                "tags": ["rush"],
            },
        )
        lines = sorted(order.lines, key=lambda line: line.line)
        assert [(line.order is order, line.line, line.quantity) for line in lines] == [
            (True, 1, 3),
            (True, 2, 1),
        ]
        check_row(
            lines[1],
            {"order_region": "EU", "order_number": 7, "line": 2, "quantity": 1},
        )
        session.delete(order)
        session.commit()
    with Session(engine) as session:
        assert session.scalars(sa.select(m.OrderLine)).all() == []


# --- every type and default -----------------------------------------------------


def test_every_type_round_trips(
    database: Callable[[str], tuple[ModuleType, Any, sa.Engine]],
) -> None:
    m, _, engine = database("sqlalchemy-types")
    route = {
        "name": "loop",
        "stops": [
            {"at": {"x": 1.5, "y": -2}},
            {"at": {"x": 0, "y": 0}, "note": "home"},
        ],
        "tags": {"kind": "walk"},
    }
    values: dict[str, Any] = {
        "small": -32768,
        "regular": 2147483647,
        "big": -(2**63),
        "flag": False,
        "ratio": 0.5,
        "precise": 1e-300,
        "amount": Decimal("123456789012345678901234567890.123456789"),
        "scaled": Decimal("1234567890"),
        "money": Decimal("-0.05"),
        "label": "naïve — 猫 ✓ 'quoted' \"double\" \\ back",
        "code": "ABCDEFGH",
        "anything": "x" * 1000,
        "initial": "Z",
        "fixed": "ab ",
        "day": datetime.date(2024, 2, 29),
        "clock": datetime.time(23, 59, 59, 999999),
        "clock_tz": datetime.time(
            8, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=2))
        ),
        "stamp": datetime.datetime(2024, 1, 2, 3, 4, 5, 6),
        "stamp_tz": datetime.datetime(2024, 1, 2, 3, 4, 5, 6, tzinfo=UTC),
        "span": datetime.timedelta(days=3, seconds=7, microseconds=1),
        "raw": b"\x00\xffbytes",
        "address": ipaddress.ip_interface("2001:db8::1/64"),
        "ref": uuid.UUID("6f9619ff-8b86-d011-b42d-00c04fc964ff"),
        "document": [1, "two", {"three": None}],
        "binary_document": {"nested": {"list": [True, False]}},
        "route": route,
        "points": [{"x": 1, "y": 2}],
        "counters": {"a": 1, "b": -2},
        "names": ["a", "b,c", 'd"e', "{f}"],
        "numbers": [1, -2, 3],
        "moods": [m.Mood.IN_PROGRESS, m.Mood.HAPPY],
        "ids": [uuid.UUID(int=1), uuid.UUID(int=2)],
        "current_mood": m.Mood.SAD,
        "level": m.Level.HIGH,
    }
    with Session(engine) as session:
        session.add(m.Sample(**values))
        session.add(m.Sample())
        session.add(m.Default())
        session.commit()

    with Session(engine) as session:
        full, empty = session.scalars(sa.select(m.Sample).order_by(m.Sample.id)).all()
        check_row(full, {"id": 1, **values})
        check_row(empty, {"id": 2, **{key: None for key in values}})
        defaults = session.scalars(sa.select(m.Default)).one()
        check_row(
            defaults,
            {
                "id": 1,
                "serial_number": 1,
                "big_serial_number": 1,
                "small_serial_number": 1,
                "created": AWARE,
                "today": Matcher("a date", lambda v: type(v) is datetime.date),
                "token": ANY_UUID,
                "fixed_token": uuid.UUID("6f9619ff-8b86-d011-b42d-00c04fc964ff"),
                "title": 'it\'s "quoted"',
                "code": "a\\b",
                "count": -5,
                "total": 9000000000,
                "price": Decimal("1.500"),
                "loss": Decimal("-0.250"),
                "ratio": 0.5,
                "enabled": True,
                "mood": m.Mood.IN_PROGRESS,
                "level": m.Level.HIGH,
                "settings": {"a": 1, "b": [True, None]},
                "tags": ["x", "y'z"],
                "moods": [m.Mood.HAPPY, m.Mood.SAD],
                "empty_list": [],
                "starts": datetime.time(8, 30),
                "opened": datetime.date(2024, 1, 31),
                "wait": datetime.timedelta(days=1),
                "host": ipaddress.IPv4Address("127.0.0.1"),
                "blob": b"\x00\xff",
                "lowered": "abc",
            },
        )


def test_reserved_names_round_trip(
    database: Callable[[str], tuple[ModuleType, Any, sa.Engine]],
    psql: Callable[..., str],
) -> None:
    m, url, engine = database("sqlalchemy-reserved-names")
    hostile = "\"\"\"\\ ''' :name %s %% \u202e ✓"
    values: dict[str, Any] = {
        "metadata_": {"class": 1},
        "registry_": "registry",
        "class_": "class",
        "type_": m.TokenKind.A_B_2,
        # The table's check refuses a literal ':bind' and any '%' in this column.
        "text_": hostile.replace("%", "percent"),
        "uuid_": uuid.UUID(int=7),
        "query_": "query",
        "desc_": "desc",
        "str_": "str",
        "bytes_": b"bytes",
        "list_": ["list"],
        "x__weird": "weird",
        "_1st": "first",
        "mixed_case": "Mixed",
        "from_": 3,
        "plain": {"type": "t", "from_": 1},
        "hostile": {
            "class": "c",
            "content-type": "text/plain",
            "__private": 1,
            'it\'s "x"': True,
            "ok": [],
        },
        "note": hostile,
    }
    with Session(engine) as session:
        session.add(m.Entry(id=1, **values))
        session.add(m.Entry(id=2))
        session.commit()
    # The attributes map to the database's own names and labels.
    row = psql(
        url,
        'select "class", "type"::text, "Mixed Case", "1st", "__weird", "from"'
        " from public.entries where id = 1",
    )
    assert row.strip() == "class|A B|Mixed|first|weird|3"
    with Session(engine) as session:
        full, defaults = session.scalars(sa.select(m.Entry).order_by(m.Entry.id)).all()
        check_row(full, {"id": 1, **values})
        check_row(
            defaults,
            {
                "id": 2,
                **{key: None for key in values},
                "text_": ":name and :other::text",
            },
        )
        assert [member.value for member in m.TokenKind] == [
            "in progress",
            "class",
            "None",
            "1st",
            "mro",
            "_hidden",
            "ünïcode",
            "a-b",
            "A B",
            "a_b",
            'it\'s "quoted"',
        ]


def test_foreign_keys_to_dotted_names_navigate(
    database: Callable[[str], tuple[ModuleType, Any, sa.Engine]],
) -> None:
    """A key to a column named `v.id` is a real foreign key: the relationship writes and reads it."""
    m, _, engine = database("sqlalchemy-dotted-names")
    with Session(engine) as session:
        version = m.Version(v_id=7, label="seven")
        version.releases.append(m.Release(id=1))
        session.add_all([version, m.Pair(a=1, c=2)])
        session.flush()
        session.add(m.PairRef(id=1, x_1=1, y=2))
        session.commit()
    with Session(engine) as session:
        release = session.get(m.Release, 1)
        assert release is not None and release.version_ref == 7 and release.version.label == "seven"
        ref = session.get(m.PairRef, 1)
        assert ref is not None and (ref.pair.a, ref.pair.c) == (1, 2)
        session.add(m.Release(id=2, version_ref=8))
        with pytest.raises(sa_exc.IntegrityError):
            session.commit()


def test_relationship_options_from_the_schema(
    database: Callable[[str], tuple[ModuleType, Any, sa.Engine]],
) -> None:
    """lazy, cascade and passive_deletes chosen in schema.yaml reach relationship(); a side left out of SQLAlchemy is absent."""
    m, _, engine = database("relation-targets")
    assert not hasattr(m.Post, "comments")
    with Session(engine) as session:
        author = m.Author(id=1, name="Ada")
        post = m.Post(id=1, title="Notes", author=author, reviewer=author)
        post.editor = author
        session.add(post)
        session.commit()
    with Session(engine) as session:
        author = session.get(m.Author, 1)
        assert author is not None
        # selectin: loaded with the author; write_only: a query, never a list; raise: loading is refused.
        assert "posts" in author.__dict__ and [p.title for p in author.posts] == ["Notes"]
        assert [p.id for p in session.scalars(author.edited_posts.select())] == [1]
        with pytest.raises(sa_exc.InvalidRequestError):
            _ = author.reviewed_posts
        # cascade "all, delete-orphan": a post removed from the collection is deleted.
        author.posts.remove(author.posts[0])
        session.commit()
        assert session.scalar(sa.select(sa.func.count()).select_from(m.Post)) == 0
