// Minimal pg-format: literal and ident as PostgreSQL quotes them.
export function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL'
  if (typeof value === 'number') return String(value)
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  const s = String(value)
  const q = "'" + s.replace(/'/g, "''") + "'"
  return s.includes('\\') ? 'E' + q.replace(/\\/g, '\\\\') : q
}
export function ident(value: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(value) ? value : '"' + value.replace(/"/g, '""') + '"'
}
export default { literal, ident }
