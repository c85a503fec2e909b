import { DataSource } from 'typeorm';
import { isLongText } from './long-text-column';

/**
 * The product's DataSource: TypeORM's, with the column types a decorator cannot give per back
 * end (LongTextColumn: LONGTEXT on MariaDB/MySQL) set once the metadata is built, so that the
 * entities declare exactly what the migrations create (test/integration/database/schema-drift).
 */
export class AppDataSource extends DataSource {
  protected override async buildMetadatas(): Promise<void> {
    await super.buildMetadatas();
    if (this.options.type !== 'mysql' && this.options.type !== 'mariadb') return;
    for (const entity of this.entityMetadatas) {
      for (const column of entity.columns) {
        if (isLongText(entity.target, column.propertyName)) column.type = 'longtext';
      }
    }
  }
}
