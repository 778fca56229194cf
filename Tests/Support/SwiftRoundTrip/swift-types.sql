-- Rows of the swift-types fixture (one column of every type) for the Swift round trip (SwiftRoundTripTests):
-- limits, fractions, offsets, special floats, BC and infinite values, escapes. swift-types.swift expects exactly these.
-- The json column is written compactly with sorted keys: json (unlike jsonb) keeps its text, and the copy of the
-- written-back rows must read exactly the same.
INSERT INTO public.samples VALUES (
    1, '0a0b0c0d-0e0f-4a1b-8c2d-3e4f5a6b7c8d', E'tab\there "quoted" \\ back \u00e9 \U0001F43C', 'varchar', 'ab',
    -32768, 2147483647, -9223372036854775808, 1, 32767, true, 'NaN', '-Infinity',
    '12345678901234567890.123456789', -0.01, '0044-03-15 BC', '00:00:00.000001', '12:34:56.5-05:30',
    '2025-11-01 12:34:56.123456', '2025-11-01 18:04:56.123456+05:30', '1 year 2 mons 3 days 04:05:06.789',
    '{"k":[1,2.5,"x",null],"z":{}}', '[true, false, null, 1e300, -0.5, "NaN"]', '{"label": "l", "score": 0.1}',
    '\x00ff10', '2001:db8::1/64', 'so-so',
    'ffffffff-ffff-4fff-bfff-ffffffffffff', '2024-02-29', '24:00:00', 'infinity', '0.000000000000000000000000000001',
    '"just a string"', '\x', 'sad',
    ARRAY['', 'NULL', 'a,b', '{}'], ARRAY[-1, 0, 1], ARRAY[1.0000, 0.0001, -99999.9999], ARRAY['2025-01-01', '0001-01-01']::date[],
    ARRAY['23:59:59.999999']::time[], ARRAY['-infinity', '1970-01-01 00:00:00+00', '1999-12-31 23:59:59.999999-12']::timestamptz[],
    ARRAY['\xdeadbeef', '\x']::bytea[], ARRAY['happy', 'so-so']::public.mood[], ARRAY['x']
), (
    2, '00000000-0000-4000-8000-000000000000', '', 'v', 'c', 0, 0, 0, 2, 2, false, 1.5, 3.141592653589793,
    0, 1234567890.12, '2025-11-01', '12:00:00', '00:00:00+00', '1970-01-01 00:00:00', '2000-01-01 00:00:00+00',
    '00:00:00', '[]', '{}', '{"label": ""}', '\x', '127.0.0.1', 'happy',
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', NULL
);
