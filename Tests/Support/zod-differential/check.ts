// Runs the candidates PostgreSQL judged (written by Tests/python/test_api_contracts.py with
// SCHEMAGEN_CONTRACT_CANDIDATES) through the generated Zod schemas and reports the agreement per file.
// Usage: deno run --allow-read --config deno.json check.ts CANDIDATES.json REPOSITORY_ROOT
// (scripts/zod-differential.sh sets it up with a checkout of Zod's source).

interface Candidate {
  source: string;
  schema: string;
  kind: "insert" | "update";
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
// The Zod names of a file's Insert and Update schemas, by the table their comment names (the names may differ from
// Pydantic's: each language makes its own names safe).
const names = new Map<string, Map<string, string>>();
const namesIn = async (source: string): Promise<Map<string, string>> => {
  let found = names.get(source);
  if (!found) {
    found = new Map();
    const text = await Deno.readTextFile(`${root}/${source}`);
    const pattern = /What a client may send to (insert a row into|update a row of) (\S+):[^]*?\*\/\nexport const (\w+) =/g;
    for (const match of text.matchAll(pattern)) {
      found.set(`${match[1].startsWith("insert") ? "insert" : "update"} ${match[2]}`, match[3]);
    }
    names.set(source, found);
  }
  return found;
};
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
  const name = (await namesIn(candidate.source)).get(`${candidate.kind} ${candidate.table}`);
  const schema = name === undefined ? undefined : module[name];
  if (!schema) throw new Error(`${candidate.source} has no ${candidate.kind} schema for ${candidate.table}`);
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
