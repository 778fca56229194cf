-- Rows in every table of the PixCrawler schema, for the Swift round trip (SwiftRoundTripTests).
-- User 1 has a value in every column, user 2 has the defaults; Tests/Support/SwiftRoundTrip/pixcrawler.swift
-- expects exactly these values. Times are given in several offsets; PostgreSQL stores instants.

INSERT INTO auth.users (id, email, raw_user_meta_data) VALUES
    ('11111111-1111-4111-8111-111111111111', 'ada@example.com',
     '{"full_name": "Ada \"Countess\" Lovelace", "avatar_url": "https://example.com/ada.png?s=64&t=\\x"}'),
    ('22222222-2222-4222-8222-222222222222', NULL, '{}');

-- on_auth_user_created made a profile, a credit account and notification preferences for each user. Give user 1's
-- rows a value in every column; the set_updated_at triggers would replace updated_at, so they are off meanwhile.
ALTER TABLE public.profiles DISABLE TRIGGER profiles_set_updated_at;
ALTER TABLE public.credit_accounts DISABLE TRIGGER credit_accounts_set_updated_at;
ALTER TABLE public.notification_preferences DISABLE TRIGGER notification_preferences_set_updated_at;

UPDATE public.profiles
SET role = 'admin', onboarding_completed = true,
    created_at = '2025-11-01 12:34:56.123456+00', updated_at = '2025-11-02 08:00:00.000001+05:30'
WHERE id = '11111111-1111-4111-8111-111111111111';

UPDATE public.credit_accounts
SET id = 'a1111111-0000-4000-8000-000000000001', current_balance = 1234567890.12, monthly_usage = 0.01,
    average_daily_usage = 99.9, auto_refill_enabled = true, refill_threshold = 100.5, refill_amount = 500,
    monthly_limit = 9999999999.99, created_at = '2024-02-29 23:59:59.999999-08', updated_at = '2025-01-01 00:00:00+00'
WHERE user_id = '11111111-1111-4111-8111-111111111111';

UPDATE public.notification_preferences
SET id = 'b1111111-0000-4000-8000-000000000001', email_enabled = false, push_enabled = false, sms_enabled = true,
    crawl_job_notifications = false, payment_notifications = false, system_notifications = false,
    security_notifications = false, digest_frequency = 'weekly', quiet_hours_start = '22:30:00',
    quiet_hours_end = '07:15:30.25', channels = '{"email": ["crawl_job", "payment"], "push": [], "sms": ["security"]}',
    created_at = '1999-12-31 23:59:59.5+00', updated_at = '2000-01-01 00:00:00.000001+00'
WHERE user_id = '11111111-1111-4111-8111-111111111111';

ALTER TABLE public.profiles ENABLE TRIGGER profiles_set_updated_at;
ALTER TABLE public.credit_accounts ENABLE TRIGGER credit_accounts_set_updated_at;
ALTER TABLE public.notification_preferences ENABLE TRIGGER notification_preferences_set_updated_at;

INSERT INTO public.projects (id, user_id, name, description, status, settings, created_at, updated_at) VALUES
    ('c1111111-0000-4000-8000-000000000001', '11111111-1111-4111-8111-111111111111', 'Red pandas',
     E'Line one\nLine "two" \\ backslash, \u00e9, \U0001F43C', 'archived',
     '{"default_max_images": 500, "search_engines": ["google", "bing"], "image_formats": ["jpg", "png"]}',
     '2025-06-30 23:59:59.999999+00', '2025-07-01 00:00:00.000001+02');
INSERT INTO public.projects (id, user_id, name) VALUES
    ('c2222222-0000-4000-8000-000000000002', '22222222-2222-4222-8222-222222222222', 'Defaults');

INSERT INTO public.crawl_jobs (id, project_id, name, keywords, max_images, status, progress, total_images,
    downloaded_images, valid_images, total_chunks, active_chunks, completed_chunks, failed_chunks, task_ids, config,
    error_message, started_at, completed_at, created_at, updated_at) VALUES
    ('d1111111-0000-4000-8000-000000000001', 'c1111111-0000-4000-8000-000000000001', 'First crawl',
     ARRAY['red panda', 'quote "q"', 'comma, brace {x}', 'back\slash', 'NULL', ''], 2147483647, 'running', 42, 1000,
     800, 750, 20, 2, 15, 3, ARRAY['celery-1', 'celery-2'],
     '{"search_engines": ["google"], "min_width": 640, "min_height": 480, "safe_search": true, "chunk_size": 50}',
     E'Timeout after 30s\n\ttraceback', '2025-11-01 12:00:00+00', '2025-11-01 13:30:00.5+00',
     '2025-11-01 11:59:59.000001+00', '2025-11-01 13:30:00.500001+00');
INSERT INTO public.crawl_jobs (id, project_id, name) VALUES
    ('d2222222-0000-4000-8000-000000000002', 'c2222222-0000-4000-8000-000000000002', 'Defaults');

INSERT INTO public.notifications (id, user_id, type, category, title, message, icon, color, action_url, action_label,
    is_read, read_at, metadata, created_at) VALUES
    ('e1111111-0000-4000-8000-000000000001', '11111111-1111-4111-8111-111111111111', 'warning', 'crawl_job',
     'Crawl finished', 'Your crawl "First crawl" finished with 3 failed chunks.', 'alert-triangle', '#ff8800',
     '/dashboard/jobs/d1111111-0000-4000-8000-000000000001', 'Open job', true, '2025-11-01 14:00:00.000001+00',
     '{"job_id": "d1111111-0000-4000-8000-000000000001", "count": 3, "ratio": 0.75, "big": 12345678901234, '
     '"nested": {"list": [1, 2.5, null, true, "x"], "empty": {}}, "flag": false, "nothing": null}',
     '2025-11-01 13:30:01+00');
INSERT INTO public.notifications (id, user_id, title, message) VALUES
    ('e2222222-0000-4000-8000-000000000002', '22222222-2222-4222-8222-222222222222', 'Welcome', 'Hello.');

INSERT INTO public.api_keys (id, user_id, name, key_hash, key_prefix, status, permissions, rate_limit, usage_count,
    last_used_at, last_used_ip, expires_at, created_at, updated_at) VALUES
    ('f1111111-0000-4000-8000-000000000001', '11111111-1111-4111-8111-111111111111', 'Production',
     'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'pk_live_', 'revoked',
     ARRAY['read', 'write', 'admin'], 5000, 2147483647, '2025-10-31 23:59:59.999999+00', '2001:db8::1',
     '2026-01-01 00:00:00+00', '2025-01-01 00:00:00+00', '2025-10-31 23:59:59.999999+00');
INSERT INTO public.api_keys (id, user_id, name, key_hash, key_prefix, last_used_ip) VALUES
    ('f2222222-0000-4000-8000-000000000002', '22222222-2222-4222-8222-222222222222', 'Default key', 'hash-2',
     'pk_test_', '203.0.113.7/24');

INSERT INTO public.credit_transactions (id, account_id, user_id, type, description, amount, balance_after, status,
    metadata, created_at) VALUES
    ('a1111111-1111-4000-8000-000000000001', 'a1111111-0000-4000-8000-000000000001',
     '11111111-1111-4111-8111-111111111111', 'purchase', 'Bought 500 credits', 500.00, 1234567890.12, 'pending',
     '{"invoice": "INV-1", "lines": [{"sku": "credits-500", "qty": 1, "price": 49.99}]}', '2025-11-01 09:15:00.25+01');
INSERT INTO public.credit_transactions (id, account_id, user_id, type, description, amount, balance_after) VALUES
    ('a2222222-2222-4000-8000-000000000002',
     (SELECT id FROM public.credit_accounts WHERE user_id = '22222222-2222-4222-8222-222222222222'),
     '22222222-2222-4222-8222-222222222222', 'auto_refill', 'Used credits', -12.34, 0);

INSERT INTO public.usage_metrics (id, user_id, metric_date, images_processed, api_calls, storage_used_bytes,
    crawl_jobs_count, credits_used, created_at, updated_at) VALUES
    ('b1111111-1111-4000-8000-000000000001', '11111111-1111-4111-8111-111111111111', '2025-11-01', 1500, 42,
     9007199254740993, 3, 12.5, '2025-11-02 00:00:00+00', '2025-11-02 00:00:00.1+00');
INSERT INTO public.usage_metrics (id, user_id, metric_date) VALUES
    ('b2222222-2222-4000-8000-000000000002', '22222222-2222-4222-8222-222222222222', '1999-12-31');

-- User 3 has no rows: the program inserts them through the insert structs (NewProfile, ...), so the trigger is off.
ALTER TABLE auth.users DISABLE TRIGGER on_auth_user_created;
INSERT INTO auth.users (id, email) VALUES ('33333333-3333-4333-8333-333333333333', 'new@example.com');
ALTER TABLE auth.users ENABLE TRIGGER on_auth_user_created;
