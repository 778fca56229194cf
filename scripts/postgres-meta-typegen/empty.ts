export class DatabaseError extends Error {}; export default {}; export type PoolConfig = any
