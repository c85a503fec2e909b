// `npm run schema`: regenerates docs/canonical-invoice.schema.json from the zod model.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../project-root';
import { JSON_SCHEMA_PATH, canonicalInvoiceJsonSchemaText } from './json-schema';

writeFileSync(join(projectRoot, JSON_SCHEMA_PATH), canonicalInvoiceJsonSchemaText());
console.log(`wrote ${JSON_SCHEMA_PATH}`);
