// A minimal stand-in for `drizzle-orm/pg-core`, written for schemagen's tests (see drizzle-orm.d.ts). Column builders
// track their data type, NOT NULL and default, so `$inferSelect`, `$inferInsert`, `$type<...>()` and `.default(...)`
// are checked; constraint builders are branded, so a half-built one (an index without `.on`) is an error.
import type { Column, SQL, Table } from 'drizzle-orm';

export type ReferentialAction = 'cascade' | 'restrict' | 'no action' | 'set null' | 'set default';

/** A column builder: data type, whether NOT NULL, whether it has a default, and which extra methods it has. */
export interface PgColumnBuilder<TKind extends string, TData, TNotNull extends boolean, THasDefault extends boolean> {
  readonly _: { readonly kind: TKind; readonly data: TData; readonly notNull: TNotNull; readonly hasDefault: THasDefault };
  notNull(): Builder<TKind, TData, true, THasDefault>;
  primaryKey(): Builder<TKind, TData, true, THasDefault>;
  default(value: TData | SQL): Builder<TKind, TData, TNotNull, true>;
  $type<T>(): Builder<TKind, T, TNotNull, THasDefault>;
  unique(name: string, config?: { nulls: 'distinct' | 'not distinct' }): Builder<TKind, TData, TNotNull, THasDefault>;
  references(
    ref: () => AnyPgColumn,
    actions?: { onDelete?: ReferentialAction; onUpdate?: ReferentialAction },
  ): Builder<TKind, TData, TNotNull, THasDefault>;
  array(): Builder<'array', TData[], TNotNull, THasDefault>;
  /** A stored generated column: it has a value without an insert, and drizzle leaves it out of `$inferInsert`. */
  generatedAlwaysAs(as: SQL | TData | (() => SQL)): Generated<Builder<TKind, TData, TNotNull, true>>;
}

/** A builder after `generatedAlwaysAs()`, as drizzle-orm's `HasGenerated<T, { type: 'always' }>` marks it. */
export type Generated<TBuilder> = TBuilder & { readonly _: { readonly generated: { readonly type: 'always' } } };

interface UuidMethods<TData, TNotNull extends boolean> {
  defaultRandom(): Builder<'uuid', TData, TNotNull, true>;
}

interface DateMethods<TKind extends string, TData, TNotNull extends boolean> {
  defaultNow(): Builder<TKind, TData, TNotNull, true>;
}

interface IntegerMethods<TKind extends string, TData> {
  generatedAlwaysAsIdentity(): Builder<TKind, TData, true, true>;
  generatedByDefaultAsIdentity(): Builder<TKind, TData, true, true>;
}

/** A builder with the methods its kind of column has. */
export type Builder<TKind extends string, TData, TNotNull extends boolean, THasDefault extends boolean> =
  & PgColumnBuilder<TKind, TData, TNotNull, THasDefault>
  & (TKind extends 'uuid' ? UuidMethods<TData, TNotNull> : {})
  & (TKind extends 'date' ? DateMethods<TKind, TData, TNotNull> : {})
  & (TKind extends 'integer' ? IntegerMethods<TKind, TData> : {});

type AnyBuilder = PgColumnBuilder<string, any, boolean, boolean>;
type Fresh<TKind extends string, TData> = Builder<TKind, TData, false, false>;

export declare function uuid(name: string): Fresh<'uuid', string>;
export declare function text(name: string): Fresh<'text', string>;
export declare function varchar(name: string, config?: { length?: number }): Fresh<'text', string>;
export declare function char(name: string, config?: { length?: number }): Fresh<'text', string>;
export declare function smallint(name: string): Fresh<'integer', number>;
export declare function integer(name: string): Fresh<'integer', number>;
export declare function bigint(name: string, config: { mode: 'number' }): Fresh<'integer', number>;
export declare function bigint(name: string, config: { mode: 'bigint' }): Fresh<'integer', bigint>;
export declare function smallserial(name: string): Builder<'serial', number, true, true>;
export declare function serial(name: string): Builder<'serial', number, true, true>;
export declare function bigserial(name: string, config: { mode: 'number' }): Builder<'serial', number, true, true>;
export declare function boolean(name: string): Fresh<'boolean', boolean>;
export declare function real(name: string): Fresh<'number', number>;
export declare function doublePrecision(name: string): Fresh<'number', number>;
export declare function numeric(name: string, config?: { precision?: number; scale?: number }): Fresh<'numeric', string>;
export declare function date(name: string): Fresh<'date', string>;
export declare function time(name: string, config?: { withTimezone?: boolean; precision?: number }): Fresh<'date', string>;
export declare function timestamp(name: string, config?: { withTimezone?: boolean; precision?: number }): Fresh<'date', Date>;
export declare function interval(name: string, config?: { fields?: string; precision?: number }): Fresh<'interval', string>;
export declare function json(name: string): Fresh<'json', unknown>;
export declare function jsonb(name: string): Fresh<'json', unknown>;
export declare function inet(name: string): Fresh<'text', string>;
export declare function cidr(name: string): Fresh<'text', string>;
export declare function macaddr(name: string): Fresh<'text', string>;
export declare function macaddr8(name: string): Fresh<'text', string>;
export declare function point(name: string, config?: { mode?: 'tuple' }): Fresh<'point', [number, number]>;
export declare function point(name: string, config: { mode: 'xy' }): Fresh<'point', { x: number; y: number }>;
export declare function line(name: string, config?: { mode?: 'tuple' }): Fresh<'line', [number, number, number]>;
export declare function line(name: string, config: { mode: 'abc' }): Fresh<'line', { a: number; b: number; c: number }>;
export declare function bit(name: string, config: { dimensions: number }): Fresh<'bit', string>;
export declare function vector(name: string, config: { dimensions: number }): Fresh<'vector', number[]>;
export declare function customType<T extends { data: unknown }>(config: { dataType(): string }): (name: string) => Fresh<'custom', T['data']>;

/** A built column of the table named `TTable`. */
export interface PgColumn<TTable extends string = string, TData = unknown, TNotNull extends boolean = boolean,
  THasDefault extends boolean = boolean> extends Column<TTable> {
  readonly _: { readonly tableName: TTable; readonly data: TData; readonly notNull: TNotNull; readonly hasDefault: THasDefault };
}

export type AnyPgColumn = PgColumn<string, any, boolean, boolean>;

/** A column as the table's extra-config callback sees it. */
export interface ExtraConfigColumn<TTable extends string = string> extends PgColumn<TTable> {
  asc(): ExtraConfigColumn<TTable>;
  desc(): ExtraConfigColumn<TTable>;
  nullsFirst(): ExtraConfigColumn<TTable>;
  nullsLast(): ExtraConfigColumn<TTable>;
  op(opClass: string): ExtraConfigColumn<TTable>;
}

type BuildColumns<TTable extends string, TColumns extends Record<string, AnyBuilder>> = {
  [K in keyof TColumns]: PgColumn<TTable, TColumns[K]['_']['data'], TColumns[K]['_']['notNull'], TColumns[K]['_']['hasDefault']>;
};

type Value<TBuilder extends AnyBuilder> = TBuilder['_']['notNull'] extends true ? TBuilder['_']['data'] : TBuilder['_']['data'] | null;

type RequiredOnInsert<TColumns extends Record<string, AnyBuilder>> = {
  [K in keyof TColumns]: TColumns[K]['_']['notNull'] extends true ? TColumns[K]['_']['hasDefault'] extends true ? never : K : never;
}[keyof TColumns];

/** Columns an insert may carry: every one but the generated ones (drizzle-orm's `OptionalKeyOnly`). */
type Insertable<TColumns extends Record<string, AnyBuilder>> = {
  [K in keyof TColumns]: TColumns[K]['_'] extends { generated: { type: 'always' } } ? never : K;
}[keyof TColumns];

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type Select<TColumns extends Record<string, AnyBuilder>> = Simplify<{ [K in keyof TColumns]: Value<TColumns[K]> }>;

type Insert<TColumns extends Record<string, AnyBuilder>> = Simplify<
  & { [K in RequiredOnInsert<TColumns>]: Value<TColumns[K]> | SQL }
  & { [K in Exclude<Insertable<TColumns>, RequiredOnInsert<TColumns>>]?: Value<TColumns[K]> | SQL }
>;

/** A table named `TName` in schema `TSchema`. */
export interface PgTable<TName extends string = string, TSchema extends string | undefined = string | undefined> extends Table<TName> {
  readonly _: { readonly name: TName; readonly schema: TSchema };
}

export type PgTableWithColumns<TName extends string, TSchema extends string | undefined, TColumns extends Record<string, AnyBuilder>> =
  & PgTable<TName, TSchema>
  & BuildColumns<TName, TColumns>
  & {
    readonly $inferSelect: Select<TColumns>;
    readonly $inferInsert: Insert<TColumns>;
    enableRLS(): PgTableWithColumns<TName, TSchema, TColumns>;
  };

export interface IndexBuilder {
  readonly $brand: 'IndexBuilder';
  where(condition: SQL): IndexBuilder;
  concurrently(): IndexBuilder;
}

type IndexColumns = [ExtraConfigColumn | SQL, ...(ExtraConfigColumn | SQL)[]];

export interface IndexBuilderOn {
  on(...columns: IndexColumns): IndexBuilder;
  using(method: 'btree' | 'hash' | 'gist' | 'spgist' | 'gin' | 'brin', ...columns: IndexColumns): IndexBuilder;
}

export interface CheckBuilder {
  readonly $brand: 'CheckBuilder';
}

export interface PrimaryKeyBuilder {
  readonly $brand: 'PrimaryKeyBuilder';
}

export interface UniqueConstraintBuilder {
  readonly $brand: 'UniqueConstraintBuilder';
  nullsNotDistinct(): UniqueConstraintBuilder;
}

export interface ForeignKeyBuilder {
  readonly $brand: 'ForeignKeyBuilder';
  onDelete(action: ReferentialAction): ForeignKeyBuilder;
  onUpdate(action: ReferentialAction): ForeignKeyBuilder;
}

export interface PgRole {
  readonly $brand: 'PgRole';
  readonly name: string;
}

export interface PgPolicy {
  readonly $brand: 'PgPolicy';
}

export type PgPolicyTo = 'public' | 'current_role' | 'current_user' | 'session_user' | (string & {}) | PgRole | PgPolicyTo[];

export type PgTableExtraConfigValue =
  | IndexBuilder
  | CheckBuilder
  | PrimaryKeyBuilder
  | UniqueConstraintBuilder
  | ForeignKeyBuilder
  | PgPolicy;

type ColumnsOfTable<TName extends string> = [ExtraConfigColumn<TName>, ...ExtraConfigColumn<TName>[]];

export declare function index(name: string): IndexBuilderOn;
export declare function uniqueIndex(name: string): IndexBuilderOn;
export declare function check(name: string, value: SQL): CheckBuilder;
export declare function primaryKey<TName extends string>(config: { name: string; columns: ColumnsOfTable<TName> }): PrimaryKeyBuilder;
export declare function unique(name: string): { on(...columns: [ExtraConfigColumn, ...ExtraConfigColumn[]]): UniqueConstraintBuilder };
export declare function foreignKey<TColumns extends [AnyPgColumn, ...AnyPgColumn[]]>(config: {
  name: string;
  columns: TColumns;
  foreignColumns: { [I in keyof TColumns]: AnyPgColumn };
}): ForeignKeyBuilder;
export declare function pgPolicy(name: string, config?: {
  as?: 'permissive' | 'restrictive';
  for?: 'all' | 'select' | 'insert' | 'update' | 'delete';
  to?: PgPolicyTo;
  using?: SQL;
  withCheck?: SQL;
}): PgPolicy;

type ExtraConfig<TName extends string, TColumns extends Record<string, AnyBuilder>> = (
  self: { [K in keyof TColumns]: ExtraConfigColumn<TName> },
) => PgTableExtraConfigValue[];

export interface PgTableFn<TSchema extends string | undefined> {
  <TName extends string, TColumns extends Record<string, AnyBuilder>>(
    name: TName,
    columns: TColumns,
    extraConfig?: ExtraConfig<TName, TColumns>,
  ): PgTableWithColumns<TName, TSchema, TColumns>;
}

export declare const pgTable: PgTableFn<undefined>;

type Writable<T> = { -readonly [P in keyof T]: T[P] };

/** An enum type: a column builder function that also carries its name and values. */
export interface PgEnum<TValues extends [string, ...string[]]> {
  (name: string): Fresh<'enum', TValues[number]>;
  readonly enumName: string;
  readonly enumValues: TValues;
}

export declare function pgEnum<U extends string, T extends Readonly<[U, ...U[]]>>(
  enumName: string,
  values: T | Writable<T>,
): PgEnum<Writable<T>>;

export interface PgSchema<TSchema extends string> {
  readonly schemaName: TSchema;
  readonly table: PgTableFn<TSchema>;
  readonly enum: typeof pgEnum;
  readonly view: typeof pgView;
  readonly materializedView: typeof pgMaterializedView;
}

export declare function pgSchema<TSchema extends string>(name: TSchema): PgSchema<TSchema>;

/** A view declared with its columns (`pgView(name, columns)`): `.existing()` says the DDL creates it elsewhere. */
export type PgViewWithSelection<TName extends string, TColumns extends Record<string, AnyBuilder>> =
  & BuildColumns<TName, TColumns>
  & {
    readonly _: { readonly name: TName; readonly existing: true };
    readonly $inferSelect: Select<TColumns>;
  };

export interface ManualViewBuilder<TName extends string, TColumns extends Record<string, AnyBuilder>> {
  existing(): PgViewWithSelection<TName, TColumns>;
}

export interface ManualMaterializedViewBuilder<TName extends string, TColumns extends Record<string, AnyBuilder>> {
  existing(): PgViewWithSelection<TName, TColumns>;
}

export declare function pgView<TName extends string, TColumns extends Record<string, AnyBuilder>>(
  name: TName,
  columns: TColumns,
): ManualViewBuilder<TName, TColumns>;

export declare function pgMaterializedView<TName extends string, TColumns extends Record<string, AnyBuilder>>(
  name: TName,
  columns: TColumns,
): ManualMaterializedViewBuilder<TName, TColumns>;
