#!/bin/bash
# Compares schemagen's database.types.ts with what postgres-meta's own TypeScript template writes for the same database.
#
#   scripts/postgres-meta-typegen/compare.sh POSTGRES_META_CHECKOUT DIR...
#
# Each DIR holds schema.sql (and rls.sql) and database.types.ts: a fixture folder, or Generated/ laid out the same
# way (see the root case below). For each, a database is created from SCHEMAGEN_TEST_PG_TEMPLATE on the server of
# scripts/dev-env.sh, the DDL applied, postgres-meta's list() queries run through psql and its template applied to
# their rows (no prettier: both files are then printed by TypeScript's printer in one layout and diffed).
# Needs SCHEMAGEN_TEST_PSQL, SCHEMAGEN_TEST_PG_BINDIR, SCHEMAGEN_TEST_PG_TEMPLATE, SCHEMAGEN_TEST_DENO, node and tsc.
set -u
here=$(cd "$(dirname "$0")" && pwd)
checkout=$1; shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here"/*.ts "$here"/import_map.json "$here"/normalize.js "$work"/
mkdir -p "$work/pgmeta"
if [ -d "$checkout/.git" ] || [ -f "$checkout/HEAD" ]; then
  git -C "$checkout" archive HEAD src | tar -x -C "$work/pgmeta"
else
  cp -r "$checkout/src" "$work/pgmeta/"
fi
sed -e "s#from '../format-pool.js'#from '../../../../format.ts'#" -e "s#from '../constants.js'#from '../../../../constants.ts'#" \
  "$work/pgmeta/src/server/templates/typescript.ts" > "$work/pgmeta/src/server/templates/typescript-local.ts"
export TYPESCRIPT_MODULE=${TYPESCRIPT_MODULE:-$(dirname "$(readlink -f "$(command -v tsc)")")/..}
B=$SCHEMAGEN_TEST_PG_BINDIR
status=0
for dir in "$@"; do
  dir=${dir%/}
  sql=$dir/schema.sql; rls=$dir/rls.sql; ours=$dir/database.types.ts
  [ -f "$dir/sql/schema.sql" ] && { sql=$dir/sql/schema.sql; rls=$dir/sql/rls.sql; ours=$dir/supabase/database.types.ts; }
  name=$(basename "$dir")
  db="pgmeta_$(echo "$name" | tr -c 'a-z0-9\n' _)"
  "$B/dropdb" --if-exists "$db" 2>/dev/null
  "$B/createdb" -T "$SCHEMAGEN_TEST_PG_TEMPLATE" "$db"
  files=(-f "$sql"); [ -f "$rls" ] && files+=(-f "$rls")
  if ! "$SCHEMAGEN_TEST_PSQL" -X -q -v ON_ERROR_STOP=1 -d "$db" "${files[@]}" > "$work/psql.log" 2>&1; then
    echo "== $name: the DDL failed"; tail -3 "$work/psql.log"; status=1; continue
  fi
  schemas=$(node -e '
    const ts = require(process.env.TYPESCRIPT_MODULE); const fs = require("fs")
    const sf = ts.createSourceFile("x.ts", fs.readFileSync(process.argv[1], "utf8"), ts.ScriptTarget.Latest, true)
    for (const s of sf.statements) if (ts.isTypeAliasDeclaration(s) && s.name.text === "Database")
      console.log(s.type.members.map((m) => m.name.text).join(","))' "$ours")
  if ! (cd "$work" && "$SCHEMAGEN_TEST_DENO" run --no-check --unstable-sloppy-imports --import-map=import_map.json -A run.ts "$db" "$schemas" > theirs.ts 2> err.txt); then
    echo "== $name: postgres-meta's template failed"; tail -5 "$work/err.txt"; status=1; continue
  fi
  echo "== $name ($schemas)"
  node "$work/normalize.js" "$work/theirs.ts" > "$work/theirs.norm.ts"
  node "$work/normalize.js" "$ours" > "$work/ours.norm.ts"
  if diff "$work/theirs.norm.ts" "$work/ours.norm.ts"; then echo "identical"; else status=1; fi
  "$B/dropdb" "$db"
done
exit $status
