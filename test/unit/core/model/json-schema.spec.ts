import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../../../src/project-root';
import {
  JSON_SCHEMA_PATH,
  canonicalInvoiceJsonSchemaText,
} from '../../../../src/core/model/json-schema';

describe('published JSON Schema', () => {
  it('is up to date with the zod model (run `npm run schema` when this fails)', () => {
    const committed = readFileSync(join(projectRoot, JSON_SCHEMA_PATH), 'utf8');
    expect(committed).toBe(canonicalInvoiceJsonSchemaText());
  });

  it('describes money as decimal strings, never numbers', () => {
    const schema = JSON.parse(canonicalInvoiceJsonSchemaText()) as {
      properties: {
        lines: { items: { properties: Record<string, { type: string; pattern?: string }> } };
      };
    };
    const line = schema.properties.lines.items.properties;
    expect(line.unitPrice.type).toBe('string');
    expect(line.quantity.pattern).toBeDefined();
  });
});
