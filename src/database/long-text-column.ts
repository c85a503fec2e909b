import { Column, type ColumnOptions } from 'typeorm';

/** Entity properties declared with LongTextColumn, per entity class. */
const longText = new WeakMap<object, Set<string>>();

/**
 * A text column for whole documents: TEXT on SQLite (no size limit), LONGTEXT on MariaDB/MySQL,
 * whose TEXT stops at 64 KB (a 100-line invoice is ~127 KB). A decorator cannot know the back
 * end, so it declares `text` and AppDataSource makes it `longtext` on MariaDB/MySQL, as the
 * migrations create it.
 */
export function LongTextColumn(options: Omit<ColumnOptions, 'type'> = {}): PropertyDecorator {
  const column = Column({ ...options, type: 'text' });
  return (target, property) => {
    column(target, property);
    const names = longText.get(target.constructor) ?? new Set<string>();
    names.add(String(property));
    longText.set(target.constructor, names);
  };
}

/** Whether `property` of `entity` was declared with LongTextColumn. */
export function isLongText(entity: unknown, property: string): boolean {
  return typeof entity === 'function' && (longText.get(entity)?.has(property) ?? false);
}
