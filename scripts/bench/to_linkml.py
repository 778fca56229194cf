#!/usr/bin/env python3
"""Translates a schemagen schema.yaml into a LinkML schema, so scripts/bench.sh can time LinkML's generators
(gen-sqlddl, gen-sqla) on the same tables.

Each table (external ones too) becomes a class with one attribute per column (mixins included): the types map
to LinkML's built-in types, enums to LinkML enums, a single-column primary key to `identifier: true`, and a
foreign key to a range of the referenced class. Arrays and jsonb become plain strings, so LinkML has no join
tables to make and does no more work than the schema asks of schemagen.

Usage: to_linkml.py schema.yaml > schema.linkml.yaml   (needs PyYAML)
"""

from __future__ import annotations

import re
import sys
from typing import Any

import yaml

TYPES = {
    "uuid": "string",
    "text": "string",
    "varchar": "string",
    "char": "string",
    "inet": "string",
    "smallint": "integer",
    "integer": "integer",
    "int": "integer",
    "bigint": "integer",
    "smallserial": "integer",
    "serial": "integer",
    "bigserial": "integer",
    "boolean": "boolean",
    "bool": "boolean",
    "real": "float",
    "double precision": "double",
    "numeric": "decimal",
    "decimal": "decimal",
    "date": "date",
    "time": "time",
    "timetz": "time",
    "timestamp": "datetime",
    "timestamptz": "datetime",
    "interval": "string",
    "json": "string",
    "jsonb": "string",
    "bytea": "string",
}


def pascal(name: str) -> str:
    return "".join(
        part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", name) if part
    )


def column_spec(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        return {"type": value}
    return dict(value or {})


def parse_type(text: str) -> tuple[str, bool, bool]:
    """(base name, nullable, array)."""
    text = text.strip()
    nullable = text.endswith("?")
    text = text.rstrip("?")
    array = text.endswith("[]")
    text = text.removesuffix("[]")
    base = re.sub(r"\(.*\)$", "", text).strip()
    return base, nullable, array


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as handle:
        text = handle.read()
    # PyYAML rejects a plain scalar ending in '?' inside { ... } (`type: jsonb?,`), which libyaml accepts.
    text = re.sub(r"(type:\s*)([A-Za-z_][A-Za-z0-9_ ]*\?)(?=\s*[,}])", r'\1"\2"', text)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    # A safe loader either way; the C one when PyYAML was built with libyaml.
    doc = yaml.load(text, Loader=loader)
    mixins = doc.get("mixins") or {}
    enums_in = doc.get("enums") or {}
    enums: dict[str, Any] = {}
    for name, spec in enums_in.items():
        values = spec if isinstance(spec, list) else spec.get("values", [])
        enums[pascal(name)] = {"permissible_values": {str(v): {} for v in values}}
    enum_names = {name: pascal(name) for name in enums_in}

    tables: list[tuple[str, dict[str, Any]]] = []
    for section in ("external", "tables"):
        for name, spec in (doc.get(section) or {}).items():
            tables.append((name, spec or {}))
    class_of = {}
    for name, _ in tables:
        class_of[name] = pascal(name)
        if "." not in name:
            class_of["public." + name] = pascal(name)

    classes: dict[str, Any] = {}
    for name, spec in tables:
        columns: list[tuple[str, dict[str, Any]]] = []
        first, last = [], []
        for mixin in spec.get("use") or []:
            m = mixins.get(mixin) or {}
            target = last if m.get("position") == "last" else first
            target.extend(
                (c, column_spec(v)) for c, v in (m.get("columns") or {}).items()
            )
        columns = (
            first
            + [(c, column_spec(v)) for c, v in (spec.get("columns") or {}).items()]
            + last
        )
        primary = spec.get("primary_key")
        primary = [primary] if isinstance(primary, str) else list(primary or [])
        primary += [c for c, s in columns if s.get("primary_key") is True]
        attributes: dict[str, Any] = {}
        for column, s in columns:
            base, nullable, array = parse_type(str(s.get("type", "text")))
            attribute: dict[str, Any] = {}
            if base in enum_names:
                attribute["range"] = enum_names[base]
            else:
                attribute["range"] = TYPES.get(base, "string")
            if array:
                attribute["range"] = "string"
            reference = s.get("references")
            if reference and not (len(primary) == 1 and primary[0] == column):
                target = str(reference)
                parts = target.split(".")
                table = (
                    ".".join(parts[:-1])
                    if len(parts) >= 2 and ".".join(parts[:-1]) in class_of
                    else target
                )
                if table in class_of:
                    attribute["range"] = class_of[table]
            if len(primary) == 1 and primary[0] == column:
                attribute["identifier"] = True
            elif not nullable and not s.get("nullable", False):
                attribute["required"] = True
            if s.get("comment"):
                attribute["description"] = str(s["comment"])
            attributes[column] = attribute
        cls: dict[str, Any] = {"attributes": attributes}
        if spec.get("comment"):
            cls["description"] = str(spec["comment"])
        classes[pascal(name)] = cls

    schema = {
        "id": "https://example.org/schemagen-bench",
        "name": "schemagen_bench",
        "prefixes": {
            "linkml": "https://w3id.org/linkml/",
            "bench": "https://example.org/schemagen-bench/",
        },
        "default_prefix": "bench",
        "default_range": "string",
        "imports": ["linkml:types"],
        "enums": enums,
        "classes": classes,
    }
    yaml.safe_dump(schema, sys.stdout, sort_keys=False, allow_unicode=True, width=1000)


if __name__ == "__main__":
    main()
