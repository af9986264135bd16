import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { openDatabase } from './platform/db/database';
import { accountsRepository } from './features/accounts/accounts.repository';

const ROOT = resolve(import.meta.dirname, '../..');
const directory = mkdtempSync(join(tmpdir(), 'cxc-cli-'));
const file = join(directory, 'cxc.sqlite');

function cxc(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/cxc.js', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: file, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('the cxc command', () => {
  test('runs from any working directory', () => {
    const result = spawnSync(process.execPath, [join(ROOT, 'bin/cxc.js'), 'help'], {
      cwd: directory,
      env: { ...process.env, DATABASE_URL: file },
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('Usage: cxc <command>');
  });

  test('migrates, seeds and reports status', () => {
    expect(cxc('migrate', 'status').output).toMatch(/pending\s+202611250800_create-reference-tables/);
    expect(cxc('seed')).toEqual({ status: 0, output: 'Reference data is loaded.\n' });
    expect(cxc('migrate', 'status').output).toMatch(/applied \S+\s+202611250900_create-accounts/);
  });

  test('grants and revokes roles by e-mail address, and keeps the last admin', async () => {
    const database = openDatabase({ kind: 'sqlite', file });
    const userId = await accountsRepository(database.db).insertUser({
      email: 'first.admin@example.org',
      language: 'en',
    });
    await database.close();

    expect(cxc('user', 'grant', 'First.Admin@example.org', 'admin')).toMatchObject({
      status: 0,
      output: 'first.admin@example.org is now admin.\n',
    });
    const revoke = cxc('user', 'revoke', 'first.admin@example.org', 'admin');
    expect(revoke.status).toBe(1);
    expect(revoke.output).toContain('last admin');
    expect(cxc('user', 'grant', 'nobody@example.org', 'admin').output).toContain('No account has');

    const check = openDatabase({ kind: 'sqlite', file });
    expect((await accountsRepository(check.db).findUserById(userId))?.role).toBe('admin');
    await check.close();
  });

  test('explains its use when the command is unknown', () => {
    const result = cxc('frobnicate');
    expect(result.status).toBe(2);
    expect(result.output).toContain('Usage: cxc <command>');
  });
});
