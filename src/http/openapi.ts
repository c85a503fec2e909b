import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../project-root';

export const DOCS_PATH = 'docs';

/** Swagger UI at /docs and the OpenAPI document at /docs-json, titled from package.json. */
export function setupOpenApi(app: INestApplication): void {
  const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    description?: string;
  };
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(pkg.name)
      .setDescription(pkg.description ?? '')
      .setVersion(pkg.version)
      .build(),
  );
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: `${DOCS_PATH}-json` });
}
