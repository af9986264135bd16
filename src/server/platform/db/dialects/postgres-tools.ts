import { spawn } from 'node:child_process';
import { fileStartsWith } from './file-header';

/** A `pg_dump` archive in custom format begins with these bytes. */
const CUSTOM_ARCHIVE_MAGIC = 'PGDMP';

/** Answers whether `file` is a `pg_dump` archive in custom format (what `backUpTo` writes). */
export const isCustomArchive = (file: string): boolean => fileStartsWith(file, CUSTOM_ARCHIVE_MAGIC);

/**
 * Runs one of PostgreSQL's client programs (`pg_dump`, `pg_restore`) on the database of `url`. The
 * password goes in the environment (PGPASSWORD), not on the command line, where every user of the
 * machine could read it; the rest of the URL is the program's `--dbname` (libpq reads URLs there).
 */
export function runPostgresTool(tool: 'pg_dump' | 'pg_restore', args: readonly string[], url: string): Promise<void> {
  const target = new URL(url);
  const password = decodeURIComponent(target.password);
  target.password = '';
  return new Promise((resolve, reject) => {
    const child = spawn(tool, [`--dbname=${target.toString()}`, ...args], {
      env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let said = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      // The end is what explains a failure; a long run of warnings is cut from the front.
      said = (said + chunk).slice(-4000);
    });
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new Error(
              `${tool} was not found. Install PostgreSQL's client programs of the server's version or newer (Debian: postgresql-client).`,
            )
          : error,
      ),
    );
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${tool} failed (exit ${code}): ${said.trim() || 'it said nothing'}`)),
    );
  });
}
