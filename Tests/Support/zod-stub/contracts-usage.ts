// How a frontend uses the generated Zod contracts; every line is a claim the type checker verifies.
import { APIKeyInsert, APIKeyUpdate, CrawlJob, CreditAccountUpdate, JobStatus, ProjectInsert } from './schemas';

const userId = '0b8f2f56-5a1e-4f5e-9c1b-6a7d8e9f0a1b';

export const insert: APIKeyInsert = { user_id: userId, name: 'CI', key_hash: 'h', key_prefix: 'pk_live_a' };
export const emptyUpdate: APIKeyUpdate = {};
export const project: ProjectInsert = { user_id: userId, name: 'Birds', description: null };
export const refill: CreditAccountUpdate = { refill_amount: 250.5 };
export const status: JobStatus = 'running';
export const jobStatus: CrawlJob['status'] = 'pending';
export const parsed: APIKeyInsert = APIKeyInsert.parse({ user_id: userId, name: 'CI', key_hash: 'h', key_prefix: 'pk_test_b' });

// @ts-expect-error name is NOT NULL without a default: an insert must send it
export const missingName: APIKeyInsert = { user_id: userId, key_hash: 'h', key_prefix: 'pk_live_a' };
// @ts-expect-error a NOT NULL column may be omitted from an update, never sent as null
export const nullName: APIKeyUpdate = { name: null };
// @ts-expect-error rate_limit is protected: no client writes it
export const protectedWrite: APIKeyInsert = { ...insert, rate_limit: 5 };
// @ts-expect-error an enum takes its labels only
export const wrongStatus: JobStatus = 'done';
