const f: any = new Proxy(function () {}, { get: () => f, apply: () => f })
export const Type = f
export type Static<T> = any
