import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ERROR_CODES } from './errors';

const english = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../i18n/en.json'), 'utf8')) as Record<
  string,
  string
>;

describe('the error vocabulary', () => {
  // The HTTP layer names each code's message `cxc-error-<code with hyphens>` (http/error-handler.ts).
  test.each(ERROR_CODES.map((code) => [code]))('%s has its message', (code) => {
    expect(english[`cxc-error-${code.replace(/_/g, '-')}`]).toBeTypeOf('string');
  });
});
