// Runs the candidates PostgreSQL judged (written by Tests/python/test_api_contracts.py with
// SCHEMAGEN_CONTRACT_CANDIDATES) through the generated Zod schemas and reports the agreement per file.
// Usage: deno run --allow-read --config deno.json check.ts CANDIDATES.json REPOSITORY_ROOT
// (scripts/zod-differential.sh sets it up with a checkout of Zod's source).

interface Candidate {
  source: string;
  schema: string;
  table: string;
  column: string;
  body: string;
  pg: boolean;
  gap: boolean;
}

interface Parser {
  safeParse(value: unknown): { success: boolean };
}

const [candidatesPath, root] = Deno.args;
const candidates: Candidate[] = JSON.parse(await Deno.readTextFile(candidatesPath));
const modules = new Map<string, Record<string, Parser>>();
const tallies = new Map<string, { agree: number; gap: number; unsafe: number; wrong: string[] }>();

/** Whether a body holds an integer JavaScript cannot represent exactly (a bigint beyond 2^53). */
const hasUnsafeInteger = (value: unknown): boolean =>
  typeof value === "number"
    ? Number.isInteger(value) && !Number.isSafeInteger(value)
    : typeof value === "object" && value !== null && Object.values(value).some(hasUnsafeInteger);
for (const candidate of candidates) {
  let module = modules.get(candidate.source);
  if (!module) {
    module = (await import(`${root}/${candidate.source}`)) as Record<string, Parser>;
    modules.set(candidate.source, module);
  }
  const schema = module[candidate.schema];
  if (!schema) throw new Error(`${candidate.source} has no ${candidate.schema}`);
  const body: unknown = JSON.parse(candidate.body);
  const accepted = schema.safeParse(body).success;
  const tally = tallies.get(candidate.source) ?? { agree: 0, gap: 0, unsafe: 0, wrong: [] };
  tallies.set(candidate.source, tally);
  if (accepted === candidate.pg) tally.agree += 1;
  else if (candidate.gap && accepted) tally.gap += 1;
  else if (!accepted && hasUnsafeInteger(body)) tally.unsafe += 1;
  else {
    tally.wrong.push(`${candidate.schema} ${candidate.body}: PostgreSQL ${candidate.pg ? "accepts" : "refuses"}, Zod ${accepted ? "accepts" : "refuses"}`);
  }
}
let failed = false;
for (const [source, tally] of tallies) {
  const total = tally.agree + tally.gap + tally.unsafe + tally.wrong.length;
  console.log(
    `${source}: ${tally.agree}/${total} candidates agree with PostgreSQL; ${tally.gap} in checks listed as not enforced; ` +
      `${tally.unsafe} bigints beyond JavaScript's safe integers refused`,
  );
  for (const line of tally.wrong) console.log(`  ${line}`);
  failed ||= tally.wrong.length > 0;
}
if (failed) Deno.exit(1);
