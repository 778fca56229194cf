#!/usr/bin/env bash
# The Zod half of the API-contract differential test, outside CI: Zod is not in the package registries this
# project builds from, so it runs against a checkout of Zod's source (https://github.com/colinhacks/zod).
#
#   scripts/zod-differential.sh PATH/TO/zod-checkout
#
# It runs Tests/python/test_api_contracts.py (PostgreSQL judges every candidate, Pydantic is compared), keeps the
# candidates and PostgreSQL's verdicts, then parses each candidate with the generated Zod schemas under Deno and
# prints the agreement per file. Exit status 1 on any disagreement.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
zod="${1:?usage: scripts/zod-differential.sh PATH/TO/zod-checkout}"
zod="$(cd "$zod" && pwd)"
entry="$zod/packages/zod/src/index.ts"
[[ -f "$entry" ]] || { echo "no Zod source at $entry" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export SCHEMAGEN_CONTRACT_CANDIDATES="$work/candidates.json"
scripts/dev-env.sh .venv/bin/python -m pytest -q Tests/python/test_api_contracts.py -k agrees_with_postgres
printf '{ "imports": { "zod": "%s" }, "unstable": ["sloppy-imports"] }\n' "$entry" > "$work/deno.json"
cp Generated/zod/schemas.ts "$work/schemas.ts"
sed "s#from './schemas';#from './schemas.ts';#" Tests/Support/zod-stub/contracts-usage.ts > "$work/usage.ts"
DENO_NO_UPDATE_CHECK=1 .venv/bin/deno check --quiet --no-lock --config "$work/deno.json" "$work/schemas.ts" "$work/usage.ts" \
  Tests/Fixtures/api-contracts/schemas.ts
DENO_NO_UPDATE_CHECK=1 .venv/bin/deno run --quiet --no-lock --allow-read --config "$work/deno.json" \
  Tests/Support/zod-differential/check.ts "$SCHEMAGEN_CONTRACT_CANDIDATES" "$PWD"
