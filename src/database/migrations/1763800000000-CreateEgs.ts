import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

const id = { name: 'id', type: 'varchar', length: '36', isPrimary: true };
const unitId = { name: 'unit_id', type: 'varchar', length: '36' };
const unitForeignKey = {
  columnNames: ['unit_id'],
  referencedTableName: 'egs_unit',
  referencedColumnNames: ['id'],
};

/**
 * EGS units (src/egs): companies, units, their sealed keys, CSRs, every certificate issued
 * (current and history) and the log of onboarding/renewal steps. Portable Table API.
 */
export class CreateEgs1763800000000 implements MigrationInterface {
  name = 'CreateEgs1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'egs_company',
        columns: [
          id,
          // Not unique: VAT group members share a VAT number.
          { name: 'vat_number', type: 'varchar', length: '15' },
          { name: 'other_id_scheme', type: 'varchar', length: '8' },
          { name: 'other_id_value', type: 'varchar', length: '64' },
          { name: 'name_ar', type: 'varchar', length: '255' },
          { name: 'name_en', type: 'varchar', length: '255' },
          { name: 'vat_group_member_tin', type: 'varchar', length: '10', isNullable: true },
          { name: 'street', type: 'varchar', length: '255' },
          { name: 'additional_street', type: 'varchar', length: '255', isNullable: true },
          { name: 'building_number', type: 'varchar', length: '4' },
          { name: 'additional_number', type: 'varchar', length: '4', isNullable: true },
          { name: 'district', type: 'varchar', length: '127' },
          { name: 'city', type: 'varchar', length: '127' },
          { name: 'postal_zone', type: 'varchar', length: '5' },
          { name: 'province', type: 'varchar', length: '127', isNullable: true },
          { name: 'country', type: 'varchar', length: '2' },
          { name: 'created_at', type: 'datetime' },
        ],
        indices: [new TableIndex({ name: 'idx_egs_company_vat', columnNames: ['vat_number'] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'egs_unit',
        columns: [
          id,
          { name: 'company_id', type: 'varchar', length: '36' },
          { name: 'name', type: 'varchar', length: '64', isUnique: true },
          { name: 'serial_number', type: 'varchar', length: '255' },
          { name: 'branch_name', type: 'varchar', length: '255' },
          { name: 'location_address', type: 'varchar', length: '255' },
          { name: 'business_category', type: 'varchar', length: '255' },
          { name: 'invoice_types', type: 'varchar', length: '4' },
          { name: 'environment', type: 'varchar', length: '16' },
          { name: 'fatoora_host', type: 'varchar', length: '255', isNullable: true },
          { name: 'onboarding_state', type: 'varchar', length: '32' },
          { name: 'created_at', type: 'datetime' },
          { name: 'updated_at', type: 'datetime' },
        ],
        foreignKeys: [
          {
            columnNames: ['company_id'],
            referencedTableName: 'egs_company',
            referencedColumnNames: ['id'],
          },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'egs_key',
        columns: [
          id,
          unitId,
          { name: 'sealed_private_key', type: 'text' },
          { name: 'master_key_id', type: 'varchar', length: '16' },
          { name: 'public_key_pem', type: 'text' },
          { name: 'created_at', type: 'datetime' },
        ],
        foreignKeys: [unitForeignKey],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'egs_csr',
        columns: [
          id,
          unitId,
          { name: 'key_id', type: 'varchar', length: '36' },
          { name: 'flow', type: 'varchar', length: '16' },
          { name: 'pem', type: 'text' },
          { name: 'submitted_at', type: 'datetime', isNullable: true },
          { name: 'created_at', type: 'datetime' },
        ],
        foreignKeys: [unitForeignKey],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'egs_certificate',
        columns: [
          id,
          unitId,
          { name: 'key_id', type: 'varchar', length: '36' },
          { name: 'csr_id', type: 'varchar', length: '36' },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'flow', type: 'varchar', length: '16' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'request_id', type: 'varchar', length: '32' },
          { name: 'certificate_base64', type: 'text' },
          { name: 'binary_security_token', type: 'text' },
          { name: 'sealed_secret', type: 'text' },
          { name: 'serial_number', type: 'varchar', length: '64' },
          { name: 'not_before', type: 'datetime' },
          { name: 'not_after', type: 'datetime' },
          { name: 'issued_at', type: 'datetime' },
          { name: 'activated_at', type: 'datetime', isNullable: true },
          { name: 'superseded_at', type: 'datetime', isNullable: true },
        ],
        foreignKeys: [unitForeignKey],
        indices: [
          new TableIndex({
            name: 'idx_egs_certificate_unit',
            columnNames: ['unit_id', 'kind', 'status'],
          }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'egs_step',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          unitId,
          { name: 'flow', type: 'varchar', length: '16' },
          { name: 'step', type: 'varchar', length: '32' },
          { name: 'outcome', type: 'varchar', length: '8' },
          { name: 'certificate_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'document_type', type: 'varchar', length: '32', isNullable: true },
          { name: 'messages_json', type: 'text' },
          { name: 'detail', type: 'text', isNullable: true },
          { name: 'at', type: 'datetime' },
        ],
        foreignKeys: [unitForeignKey],
        indices: [new TableIndex({ name: 'idx_egs_step_unit', columnNames: ['unit_id'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['egs_step', 'egs_certificate', 'egs_csr', 'egs_key', 'egs_unit']) {
      await queryRunner.dropTable(table);
    }
    await queryRunner.dropTable('egs_company');
  }
}
