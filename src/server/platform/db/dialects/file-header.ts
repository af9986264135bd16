import { closeSync, openSync, readSync } from 'node:fs';

/** Answers whether `file` begins with `text` (Latin-1): how a backup tells its kind by its first bytes. */
export function fileStartsWith(file: string, text: string): boolean {
  const header = Buffer.alloc(text.length);
  const descriptor = openSync(file, 'r');
  try {
    return readSync(descriptor, header, 0, header.length, 0) === header.length && header.toString('latin1') === text;
  } finally {
    closeSync(descriptor);
  }
}
