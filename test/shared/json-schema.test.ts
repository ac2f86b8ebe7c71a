import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROJECT_JSON_SCHEMA_PATH, projectJsonSchema } from '../../shared/project/json-schema.js';
import { parseProjectText } from '../../shared/project/parse.js';

describe('published JSON Schema', () => {
  it(`${PROJECT_JSON_SCHEMA_PATH} is what the zod schema generates (regenerate with npm run schema:write)`, () => {
    const published = readFileSync(PROJECT_JSON_SCHEMA_PATH, 'utf8');
    expect(published).toBe(`${JSON.stringify(projectJsonSchema(), null, 2)}\n`);
  });

  it('describes no field that could hold a secret', () => {
    expect(JSON.stringify(projectJsonSchema())).not.toMatch(/"(password|passphrase|secret)"\s*:/i);
  });

  it('the example project is valid', () => {
    expect(parseProjectText(readFileSync('examples/demo.ctha.json', 'utf8')).ok).toBe(true);
  });
});
