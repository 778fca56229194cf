// A minimal stand-in for `drizzle-orm/supabase`, written for schemagen's tests (see drizzle-orm.d.ts): the roles and
// the `auth.users` table that drizzle-orm declares there, with the same column properties and data types.
import type { SQL } from 'drizzle-orm';
import type { Builder, PgRole, PgTableWithColumns } from 'drizzle-orm/pg-core';

export declare const anonRole: PgRole;
export declare const authenticatedRole: PgRole;
export declare const serviceRole: PgRole;
export declare const postgresRole: PgRole;
export declare const supabaseAuthAdminRole: PgRole;

export declare const authUsers: PgTableWithColumns<'users', 'auth', {
  id: Builder<'uuid', string, true, false>;
  email: Builder<'text', string, false, false>;
  phone: Builder<'text', string, false, false>;
  emailConfirmedAt: Builder<'date', Date, false, false>;
  phoneConfirmedAt: Builder<'date', Date, false, false>;
  lastSignInAt: Builder<'date', Date, false, false>;
  createdAt: Builder<'date', Date, false, false>;
  updatedAt: Builder<'date', Date, false, false>;
}>;

export declare const authUid: SQL;
export declare const realtimeTopic: SQL;
