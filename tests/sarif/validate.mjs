// Validates SARIF logs against the SARIF 2.1.0 JSON schema (draft-04, as OASIS publishes it).
// Usage: node validate.mjs FILE.sarif...   Exit 0 when every file is valid, 1 otherwise, 2 when
// the schema itself does not compile (so a broken schema can never pass as "valid").
//
// The schema file comes from the npm package @microsoft/jest-sarif (pinned in package.json): it
// is the SARIF 2.1.0 schema (revision rtm.5, as on SchemaStore) that Microsoft's SARIF SDK
// validates with. Nothing is fetched at run time.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import Ajv04 from "ajv-draft-04";
import addFormats from "ajv-formats";

const require = createRequire(import.meta.url);
const schemaPath = require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");

let validate;
try {
  const schema = JSON.parse(readFileSync(schemaPath, "utf8"));
  // strict: false because the SARIF schema uses `default` values and `format`s that Ajv's strict
  // mode reports as warnings; the meta-schema check (validateSchema) stays on.
  // unicodeRegExp: false because rtm.5's `language` pattern `^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`
  // has a stray `]` that only non-Unicode regular expressions accept (errata01 fixed the pattern).
  const ajv = new Ajv04({ allErrors: true, strict: false, validateSchema: true, unicodeRegExp: false });
  addFormats(ajv);
  validate = ajv.compile(schema);
} catch (error) {
  console.error(`validate.mjs: the SARIF schema ${schemaPath} is invalid: ${error.message}`);
  process.exit(2);
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node validate.mjs FILE.sarif...");
  process.exit(2);
}

let failures = 0;
for (const file of files) {
  let log;
  try {
    log = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    console.error(`${file}: not JSON: ${error.message}`);
    failures++;
    continue;
  }
  if (validate(log)) {
    const results = (log.runs ?? []).reduce((sum, run) => sum + (run.results?.length ?? 0), 0);
    console.log(`${file}: valid SARIF 2.1.0 (${results} results)`);
  } else {
    failures++;
    console.error(`${file}: INVALID SARIF 2.1.0`);
    for (const error of validate.errors.slice(0, 20))
      console.error(`  ${error.instancePath || "/"}: ${error.message} ${JSON.stringify(error.params)}`);
  }
}
process.exit(failures === 0 ? 0 : 1);
