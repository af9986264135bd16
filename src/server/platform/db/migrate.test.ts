import { sql } from 'kysely';
import { describe, expect, test } from 'vitest';
import { prepareDatabase } from '../../startup';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { openDatabase } from './database';
import { migrateDown, migrateToLatest, migrationStatus } from './migrate';
import { MIGRATIONS } from './migrations/index';

describe.each(DATABASE_TARGETS)('migrations on $name', (target) => {
  test('apply, report their status, and revert completely', async () => {
    const testDatabase = await target.create();
    const database = openDatabase(testDatabase.config);
    try {
      expect((await migrationStatus(database.db)).every((entry) => entry.executedAt === undefined)).toBe(true);
      expect(await migrateToLatest(database.db)).toEqual(Object.keys(MIGRATIONS).map((name) => `applied ${name}`));
      expect(await migrateToLatest(database.db)).toEqual([]);
      expect((await migrationStatus(database.db)).every((entry) => entry.executedAt instanceof Date)).toBe(true);
      await migrateDown(database.db, { all: true });
      const tables = await database.db.introspection.getTables();
      expect(tables.map((table) => table.name).filter((name) => !name.startsWith('kysely_'))).toEqual([]);
    } finally {
      await database.close();
      await testDatabase.dispose();
    }
  });

  test('let several instances start together on one database', async () => {
    const testDatabase = await target.create();
    const instances = [1, 2, 3].map(() => openDatabase(testDatabase.config));
    try {
      await Promise.all(instances.map((instance) => prepareDatabase(instance)));
      const [first] = instances;
      const { rows } = await sql<{ count: number }>`select count(*) as count from capacities`.execute(first!.db);
      expect(Number(rows[0]?.count)).toBe(134);
      const status = await migrationStatus(first!.db);
      expect(status.every((entry) => entry.executedAt instanceof Date)).toBe(true);
    } finally {
      await Promise.all(instances.map((instance) => instance.close()));
      await testDatabase.dispose();
    }
  });
});
