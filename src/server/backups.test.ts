import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DatabaseConfig } from './platform/config';
import type { Db } from './platform/db/schema';
import { DATABASE_TARGETS, type DatabaseTarget, type TestDatabase } from './test-support/databases';
import { searchablePerson, type ProfiledMember } from './test-support/factories';
import { TestClient } from './test-support/http-client';
import { startTestApp, startTestAppOn, type TestApp } from './test-support/test-app';

const ROOT = resolve(import.meta.dirname, '../..');
/** The search change log and its bookkeeping: a restore adds "reload everything" to it (and prunes the rest). */
const CHANGE_LOG = ['search_changes', 'search_index_state'];
const WRITERS = 4;

/** Runs `cxc` as an operator would, in its own process, without blocking this one (the load goes on). */
function cxc(database: DatabaseConfig, ...args: string[]): Promise<{ status: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['bin/cxc.js', ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: database.kind === 'sqlite' ? database.file : database.url,
        LOG_LEVEL: 'silent',
      },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (status) => done({ status, output }));
  });
}

/** Every row of every table but the change log, in a stable order, as JSON: two databases equal or not. */
async function everyTable(db: Db): Promise<Record<string, string[]>> {
  const tables = (await db.introspection.getTables())
    .map((table) => table.name)
    .filter((name) => !CHANGE_LOG.includes(name));
  const contents: Record<string, string[]> = {};
  for (const name of tables.sort()) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db);
    contents[name] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return contents;
}

/** The addresses of what a visitor finds for `query`, in the order shown. */
async function found(client: TestClient, query: string): Promise<string[]> {
  const response = await client.get(`/api/search?q=${encodeURIComponent(query)}`);
  expect(response.status).toBe(200);
  return (response.body as { results: { address: string }[] }).results.map((hit) => hit.address);
}

describe.each(DATABASE_TARGETS)('cxc backup and restore on $name', (target: DatabaseTarget) => {
  let source: TestApp;
  const backups = mkdtempSync(join(tmpdir(), 'cxc-backups-'));
  let members: ProfiledMember[] = [];
  beforeAll(async () => {
    source = await startTestApp(target);
    members = [];
    for (let index = 0; index < WRITERS; index += 1)
      members.push(
        await searchablePerson(source, {
          handle: `writer${index}`,
          displayName: `Writer ${index} Quillfeather`,
          bio: 'save 0',
        }),
      );
    // A draft has no search documents and is not missing any: a restore rebuilds nothing for it.
    const draft = await members[0]!.client.post('/api/resources', {
      texts: [{ language: 'en', title: 'Quillfeather draft notes', description: 'Not yet for anyone.' }],
      kind: 'how-to',
      level: null,
      licence: 'CC0-1.0',
      url: 'https://meta.wikimedia.org/wiki/Draft',
      commonsFile: null,
      publishedOn: null,
      languages: ['en'],
      capacities: [],
      authors: [{ kind: 'name', name: 'Draft circle' }],
      organization: null,
      visibility: 'draft',
    });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
  });
  afterAll(async () => {
    await source.close();
    rmSync(backups, { recursive: true, force: true });
  });

  /** Restores `file` into a new database of this kind with `cxc restore`, and starts the app on it. */
  async function restored(file: string): Promise<{ app: TestApp; output: string }> {
    const fresh: TestDatabase = await target.create();
    const result = await cxc(fresh.config, 'restore', file);
    expect(result, result.output).toMatchObject({ status: 0 });
    return { app: await startTestAppOn(fresh), output: result.output };
  }

  test('a backup taken under steady saves is of one moment, and restores whole', async () => {
    // Each writer saves its bio again and again; `acknowledged` is the last save answered 200.
    const acknowledged = members.map(() => 0);
    let writing = true;
    const writers = members.map(async (member, index) => {
      for (let count = 1; writing; count += 1) {
        const saved = await member.client.put('/api/profile/about', {
          displayName: `Writer ${index} Quillfeather`,
          handle: member.handle,
          pronouns: null,
          bio: `save ${count}`,
          bioLanguage: null,
          avatarCommonsFile: null,
          visibility: { name: 'public', username: 'public', pronouns: 'public', bio: 'public' },
        });
        if (saved.status === 200) acknowledged[index] = count;
      }
    });
    while (acknowledged.some((count) => count < 3)) await new Promise((resolve) => setTimeout(resolve, 20));
    const beforeBackup = [...acknowledged];
    const file = join(backups, 'under-load.backup');
    const backup = await cxc(source.app.config.database, 'backup', file);
    const duringBackup = [...acknowledged];
    writing = false;
    await Promise.all(writers);
    expect(backup, backup.output).toMatchObject({ status: 0 });
    expect(backup.output).toMatch(/^Backed up to .+ \([\d.]+ MB\) in [\d.]+ s\.\n$/);
    // The saves went on while the backup ran.
    expect(duringBackup.reduce((sum, count) => sum + count, 0)).toBeGreaterThan(
      beforeBackup.reduce((sum, count) => sum + count, 0),
    );

    const { app, output } = await restored(file);
    try {
      // Every record's search documents were saved with it, in one transaction: a backup of one
      // moment has them agree, so nothing needed rebuilding.
      expect(output).toContain('Every search document agrees with its record.');
      const bios = await app.database.db
        .selectFrom('profiles')
        .innerJoin('users', 'users.id', 'profiles.user_id')
        .select(['users.display_name', 'profiles.bio'])
        .where('users.display_name', 'like', 'Writer %')
        .orderBy('users.display_name')
        .execute();
      bios.forEach((row, index) => {
        const count = Number(row.bio?.replace('save ', ''));
        // Every save answered before the backup began is in it; none answered after it ended is.
        expect(count).toBeGreaterThanOrEqual(beforeBackup[index]!);
        expect(count).toBeLessThanOrEqual(duringBackup[index]! + 1);
      });
      expect(await found(new TestClient(app.app), 'Quillfeather')).toEqual(
        expect.arrayContaining(members.map((member) => member.handle)),
      );
    } finally {
      await app.close();
    }
  }, 120_000);

  test('a restored quiet database equals its source, table by table, and finds the same', async () => {
    const file = join(backups, 'quiet.backup');
    expect((await cxc(source.app.config.database, 'backup', file)).status).toBe(0);
    const { app } = await restored(file);
    try {
      expect(await everyTable(app.database.db)).toEqual(await everyTable(source.database.db));
      for (const query of ['Quillfeather', 'Writer 2', 'save'])
        expect(await found(new TestClient(app.app), query)).toEqual(await found(new TestClient(source.app), query));
      // A member signs in to the restored copy with the session they had.
      const copy = new TestClient(app.app);
      copy.cookie = members[1]!.client.cookie;
      const own = await copy.get('/api/profile');
      expect(own.status).toBe(200);
      expect(JSON.stringify(own.body)).toContain('Writer 1 Quillfeather');
    } finally {
      await app.close();
    }
  }, 60_000);

  test('refuses what would lose data or make no sense, saying why', async () => {
    const file = join(backups, 'again.backup');
    expect((await cxc(source.app.config.database, 'backup', file)).status).toBe(0);
    // Into a database in use: never mixed, never replaced.
    const intoUsed = await cxc(source.app.config.database, 'restore', file);
    expect(intoUsed.status).toBe(1);
    expect(intoUsed.output).toMatch(/already holds (a database|tables)\. Restore into a new/);
    // A file that is no backup of this kind of database.
    const other = join(backups, 'not-a-backup');
    writeFileSync(other, 'hello');
    const fresh = await target.create();
    try {
      const wrongKind = await cxc(fresh.config, 'restore', other);
      expect(wrongKind.status).toBe(1);
      expect(wrongKind.output).toContain('is not a');
      expect((await cxc(fresh.config, 'restore', join(backups, 'missing'))).output).toContain('does not exist');
    } finally {
      await fresh.dispose();
    }
    expect((await cxc(source.app.config.database, 'backup', '/nonexistent-folder/x.backup')).output).toContain(
      'The folder /nonexistent-folder does not exist.',
    );
    if (source.app.config.database.kind === 'sqlite') {
      const itself = await cxc(source.app.config.database, 'backup', source.app.config.database.file);
      expect(itself.output).toContain('cannot be written over the database itself');
    }
    expect((await cxc(source.app.config.database, 'backup')).output).toContain('Usage: cxc backup <file>');
    // Nothing half-written is left beside the backups.
    expect(readdirSync(backups).filter((name) => name.includes('.partial-'))).toEqual([]);
  }, 60_000);
});
