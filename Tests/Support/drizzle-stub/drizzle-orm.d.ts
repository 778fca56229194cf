// A minimal stand-in for the parts of `drizzle-orm` that schemagen's Drizzle output uses, for type-checking the
// generated schema.ts where drizzle-orm cannot be installed. Written for schemagen's tests; it models what a schema
// file needs (tables, columns, SQL fragments, relations) and nothing of drizzle's query API. It is stricter than
// drizzle in places (every builder needs its column name), so the check also holds the output to its conventions.

/** A raw SQL fragment from the `sql` template tag. */
export interface SQL {
  readonly $brand: 'SQL';
}

/** The `sql` template tag. */
export declare function sql(strings: TemplateStringsArray, ...params: unknown[]): SQL;

/** Anything that is a table named `TName`. */
export interface Table<TName extends string = string> {
  readonly _: { readonly name: TName };
}

/** Anything that is a column of the table named `TTable`. */
export interface Column<TTable extends string = string> {
  readonly _: { readonly tableName: TTable };
}

/** One side of a relation, pointing at the table named `TTarget`. */
export interface Relation<TTarget extends string = string> {
  readonly $relation: TTarget;
}

/** The relations of the table named `TName`. */
export interface Relations<TName extends string = string> {
  readonly $relations: TName;
}

type Columns<TTable extends string> = [Column<TTable>, ...Column<TTable>[]];

/** `one(target, { fields, references })`: fields of the source table, as many references of the target. */
export interface One<TSource extends string> {
  <TTarget extends Table, TFields extends Columns<TSource>>(
    table: TTarget,
    config?: {
      relationName?: string;
      fields: TFields;
      references: { [I in keyof TFields]: Column<TTarget['_']['name']> };
    },
  ): Relation<TTarget['_']['name']>;
}

/** `many(target)`, optionally paired with the other side by name. */
export interface Many {
  <TTarget extends Table>(table: TTarget, config?: { relationName: string }): Relation<TTarget['_']['name']>;
}

/** Declares the relations of a table for the relational query API. */
export declare function relations<TName extends string, TConfig extends Record<string, Relation>>(
  table: Table<TName>,
  config: (helpers: { one: One<TName>; many: Many }) => TConfig,
): Relations<TName>;
