// Lints Cypher statements with Neo4j's own Cypher front end (@neo4j-cypher/language-support, CYPHER 5).
// stdin: a JSON list of {"where": str, "text": str}; stdout: a JSON list of {"where", "text", "diagnostics"}
// where each diagnostic is {"severity": "error" | "warning", "message", "offset"}. Parameters are not
// declared, so "Parameter $x is not defined" is dropped; APOC is removed from the function and procedure
// lists (Neo4j Community ships without it), so a call to it is reported as missing.
import { readFileSync } from 'node:fs';
import { lintCypherQuery, testData, isNotParamError } from '@neo4j-cypher/language-support';

const VERSION = 'CYPHER 5';
const notApoc = (registry) =>
  Object.fromEntries(Object.entries(registry ?? {}).filter(([name]) => !name.startsWith('apoc.')));
const mock = testData.mockSchema;
const schema = {
  defaultLanguage: VERSION,
  functions: { [VERSION]: notApoc(mock.functions?.[VERSION]) },
  procedures: { [VERSION]: notApoc(mock.procedures?.[VERSION]) },
};
const SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

const statements = JSON.parse(readFileSync(0, 'utf8'));
const out = statements.map(({ where, text }) => {
  const found = lintCypherQuery(text, schema, { consoleCommandsEnabled: false });
  const diagnostics = (found.diagnostics ?? found)
    .filter((d) => isNotParamError(d))
    .map((d) => ({ severity: SEVERITY[d.severity] ?? String(d.severity), message: d.message, offset: d.offsets?.start }));
  return { where, text, diagnostics };
});
process.stdout.write(JSON.stringify(out));
