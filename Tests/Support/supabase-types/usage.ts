// Uses of the root schema's database.types.ts as a supabase-js client would see them (`createClient<Database>()`
// types `from("projects")` rows with these types). Compiled with tsc --strict by SupabaseEmitterTests.
import type { Database, Enums, Json, Tables, TablesInsert, TablesUpdate } from './database.types';
import { Constants } from './database.types';

// A row as `select()` returns it: every column, nullable ones as `| null`.
const row: Tables<'projects'> = {
  created_at: '2024-01-01T00:00:00Z',
  description: null,
  id: '00000000-0000-0000-0000-000000000000',
  name: 'Cats',
  settings: { depth: 2, tags: ['a', 'b'], nested: { ok: true } },
  status: 'active',
  updated_at: '2024-01-01T00:00:00Z',
  user_id: '00000000-0000-0000-0000-000000000001',
};

// The same row through the Database type, as supabase-js indexes it.
const sameRow: Database['public']['Tables']['projects']['Row'] = row;

// An insert needs only the columns without a default that are NOT NULL.
const insert: TablesInsert<'projects'> = { name: 'Dogs', user_id: row.user_id };

// An update may name no column at all.
const update: TablesUpdate<'projects'> = {};

// Enum columns take the enum's labels, which Constants lists at run time.
const status: Enums<'project_status'> = Constants.public.Enums.project_status[0];
const settings: Json = row.settings;

// The helpers also take a schema.
const explicit: Tables<{ schema: 'public' }, 'projects'> = row;

export { explicit, insert, sameRow, settings, status, update };
