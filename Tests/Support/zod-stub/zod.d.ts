// Declarations of the part of Zod 4's API the generated schemas use, written for these tests (Zod is not in the
// package registries the suite installs from). They type-check the generated schemas.ts and the usage file with
// `tsc --strict` and `deno check`; scripts/zod-differential.sh checks and runs the same files against Zod itself.

export namespace z {
  export type Issue = string | { message?: string };

  export interface ZodType<Output = unknown> {
    readonly _output: Output;
    optional(): ZodOptional<this>;
    nullable(): ZodNullable<this>;
    refine(check: (value: Output) => unknown, params?: Issue): this;
    overwrite(transform: (value: Output) => Output): this;
    parse(value: unknown): Output;
    safeParse(value: unknown): { success: true; data: Output } | { success: false; error: Error };
  }
  export interface ZodOptional<T extends ZodType> extends ZodType<T["_output"] | undefined> {
    readonly _optional: true;
  }
  export interface ZodNullable<T extends ZodType> extends ZodType<T["_output"] | null> {}
  export interface ZodString extends ZodType<string> {
    regex(pattern: RegExp, params?: Issue): this;
  }
  export interface ZodNumber extends ZodType<number> {
    gt(value: number, params?: Issue): this;
    gte(value: number, params?: Issue): this;
    lt(value: number, params?: Issue): this;
    lte(value: number, params?: Issue): this;
  }

  export type Shape = { readonly [key: string]: ZodType };
  export type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends ZodOptional<ZodType> ? K : never }[keyof S];
  export type Flatten<T> = { [K in keyof T]: T[K] };
  export type ObjectOutput<S extends Shape> = Flatten<
    { [K in Exclude<keyof S, OptionalKeys<S>>]: S[K]["_output"] } & { [K in OptionalKeys<S>]?: S[K]["_output"] }
  >;
  export interface ZodObject<S extends Shape> extends ZodType<ObjectOutput<S>> {
    readonly shape: S;
  }

  export type JSONValue = string | number | boolean | null | JSONValue[] | { [key: string]: JSONValue };

  export type infer<T extends ZodType> = T["_output"];

  export function string(params?: Issue): ZodString;
  export function number(params?: Issue): ZodNumber;
  export function int(params?: Issue): ZodNumber;
  export function boolean(params?: Issue): ZodType<boolean>;
  export function guid(params?: Issue): ZodString;
  export function json(params?: Issue): ZodType<JSONValue>;
  export function array<T extends ZodType>(element: T, params?: Issue): ZodType<T["_output"][]>;
  export function record<V extends ZodType>(key: ZodString, value: V, params?: Issue): ZodType<Record<string, V["_output"]>>;
  export function preprocess<T extends ZodType>(transform: (value: unknown) => unknown, schema: T): T;
  export function object<S extends Shape>(shape: S, params?: Issue): ZodObject<S>;
  export function strictObject<S extends Shape>(shape: S, params?: Issue): ZodObject<S>;
  export function _enum<T extends string, U extends readonly [T, ...T[]]>(values: U, params?: Issue): ZodType<U[number]>;
  export { _enum as enum };

  export namespace iso {
    export function date(params?: Issue): ZodString;
    export function time(params?: Issue): ZodString;
    export function datetime(params?: { offset?: boolean; local?: boolean; message?: string }): ZodString;
  }
}
