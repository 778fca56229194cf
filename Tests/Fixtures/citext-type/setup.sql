-- The extension the fixture's types need; the generated DDL does not create extensions.
CREATE EXTENSION IF NOT EXISTS citext;
