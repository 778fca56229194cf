// Runs postgres-meta's TypeScript template (from a checkout copied to ./pgmeta, unformatted: no prettier here)
// against a database reached with psql, with the metadata its own list() queries return. Usage: run.ts DB SCHEMAS
import Schemas from './pgmeta/src/lib/PostgresMetaSchemas.ts'
import Tables from './pgmeta/src/lib/PostgresMetaTables.ts'
import ForeignTables from './pgmeta/src/lib/PostgresMetaForeignTables.ts'
import Views from './pgmeta/src/lib/PostgresMetaViews.ts'
import MaterializedViews from './pgmeta/src/lib/PostgresMetaMaterializedViews.ts'
import Columns from './pgmeta/src/lib/PostgresMetaColumns.ts'
import Relationships from './pgmeta/src/lib/PostgresMetaRelationships.ts'
import Functions from './pgmeta/src/lib/PostgresMetaFunctions.ts'
import Types from './pgmeta/src/lib/PostgresMetaTypes.ts'
import { apply } from './pgmeta/src/server/templates/typescript-local.ts'

const psql = Deno.env.get('SCHEMAGEN_TEST_PSQL') ?? 'psql'
const db = Deno.args[0]
const included = Deno.args[1].split(',')

async function query(sql: string): Promise<any> {
  const body = sql.trim().replace(/;\s*$/, '')
  const wrapped = `select coalesce(json_agg(t), '[]'::json) from (${body}\n) t`
  const out = await new Deno.Command(psql, { args: ['-X', '-At', '-v', 'ON_ERROR_STOP=1', '-d', db], stdin: 'piped', stdout: 'piped', stderr: 'piped' }).spawn()
  const w = out.stdin.getWriter(); await w.write(new TextEncoder().encode(wrapped + ';\n')); await w.close()
  const r = await out.output()
  if (!r.success) return { data: null, error: { message: new TextDecoder().decode(r.stderr) + '\n' + wrapped } }
  return { data: JSON.parse(new TextDecoder().decode(r.stdout)), error: null }
}

function must<T>(r: { data: T | null; error: any }): T { if (r.error) throw new Error(r.error.message); return r.data as T }
const f = { includedSchemas: included }
const schemas = must(await new Schemas(query).list({ includeSystemSchemas: false, ...f }))
const tables = must(await new Tables(query).list({ ...f, includeColumns: false }))
const foreignTables = must(await new ForeignTables(query).list({ ...f, includeColumns: false }))
const views = must(await new Views(query).list({ ...f, includeColumns: false }))
const materializedViews = must(await new MaterializedViews(query).list({ ...f, includeColumns: false }))
const columns = must(await new Columns(query).list({ ...f, includeSystemSchemas: false }))
const relationships = must(await new Relationships(query).list({ ...f, includeSystemSchemas: false }))
const functions = must(await new Functions(query).list({ ...f, includeSystemSchemas: false }))
const types = must(await new Types(query).list({ includeTableTypes: true, includeArrayTypes: true, includeSystemSchemas: true }))
const output = await apply({
  schemas: (schemas as any[]).filter(({ name }) => included.includes(name)),
  tables, foreignTables, views, materializedViews, columns, relationships,
  functions: (functions as any[]).filter(({ return_type }) => !['trigger', 'event_trigger'].includes(return_type)),
  types, detectOneToOneRelationships: true,
} as any)
console.log(output)
