import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { AppModule } from '../../../src/app.module';
import { runPendingMigrations } from '../../../src/database/migrations';
import { configureApp } from '../../../src/http/create-app';
import { backends, type TestDatabase } from '../../support/database';

describe.each(backends)('HTTP host on $name', (backend) => {
  let db: TestDatabase;
  let app: INestApplication<App>;

  beforeAll(async () => {
    db = await backend.create();
    const migrator = await db.connect();
    await runPendingMigrations(migrator);
    await migrator.destroy();

    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot(db.config)],
    }).compile();
    app = moduleRef.createNestApplication({ bufferLogs: true, bodyParser: false });
    configureApp(app);
    await app.init();
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('GET /health/live answers without checking dependencies', async () => {
    const res = await request(app.getHttpServer()).get('/health/live').expect(200);
    expect(res.body).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
  });

  it('GET /health reports the database up, with its type', async () => {
    const res = await request(app.getHttpServer()).get('/health').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up', type: backend.name } },
    });
  });

  it('GET /docs-json serves the OpenAPI document titled from package.json', async () => {
    const res = await request(app.getHttpServer()).get('/docs-json').expect(200);
    const doc = res.body as {
      openapi: string;
      info: { title: string; version: string };
      paths: object;
    };
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info).toMatchObject({ title: 'zatca-bridge', version: '0.1.0' });
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health', '/health/live']));
  });

  it('GET /docs serves the Swagger UI', async () => {
    const res = await request(app.getHttpServer()).get('/docs').expect(200);
    expect(res.text).toContain('swagger');
  });

  // Last: it closes the application's connection.
  it('GET /health answers 503 with the database down when the connection is gone', async () => {
    await app.get(DataSource).destroy();
    const res = await request(app.getHttpServer()).get('/health').expect(503);
    expect(res.body).toMatchObject({
      status: 'error',
      error: { database: { status: 'down', type: backend.name } },
    });
  });
});
