// Must not compile: an insert without `user_id`, which is NOT NULL and has no default.
import type { TablesInsert } from './database.types';

export const insert: TablesInsert<'projects'> = { name: 'Dogs' };
