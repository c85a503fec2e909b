import { backends, migratedDatabase, type TestDatabase } from '../../support/database';

/**
 * The migrations build exactly the schema the entities declare, on both back ends: what
 * `synchronize` or `typeorm migration:generate` would change is nothing. Drift there once meant
 * a generated migration that dropped and re-added `invoices.signed_xml` (every stored
 * document), and dropped foreign keys and indexes the queries rely on.
 */
describe.each(backends)('schema of the migrations against the entities on $name', (backend) => {
  let db: TestDatabase | undefined;
  afterEach(() => db?.drop());

  it('has nothing for synchronize to change', async () => {
    const migrated = await migratedDatabase(backend);
    db = migrated.db;
    const { upQueries } = await migrated.ds.driver.createSchemaBuilder().log();
    expect(upQueries.map((q) => q.query)).toEqual([]);
  });
});
