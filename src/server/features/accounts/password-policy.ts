import { dictionary } from '@zxcvbn-ts/language-common';
import type { FieldProblem } from '../../platform/errors';

export const PASSWORD_MIN_LENGTH = 10;
/** Long enough for any passphrase; bounded so hashing cannot be used to tie up the server. */
export const PASSWORD_MAX_LENGTH = 200;

/** About 49,000 of the most used passwords, from the zxcvbn project's list. */
const COMMON_PASSWORDS = new Set(
  (dictionary['passwords-common'] as string[]).map((password) => password.toLowerCase()),
);

/** Why a new password is refused, as field problems on `field`; empty when it is acceptable. */
export function passwordProblems(password: string, field: string): FieldProblem[] {
  if ([...password].length < PASSWORD_MIN_LENGTH)
    return [{ field, code: 'password-too-short', params: [String(PASSWORD_MIN_LENGTH)] }];
  if (COMMON_PASSWORDS.has(password.toLowerCase()) || /^(.)\1+$/u.test(password))
    return [{ field, code: 'password-too-common' }];
  return [];
}
