import { createHmac } from 'node:crypto';
import type { PersonalDataSource } from '../../platform/personal-data';
import { auditRepository } from './audit.repository';

/**
 * The same member always gets the same pseudonym (so the log still shows that one person did these
 * things), and nobody can go back from it to the id without the server's secret key.
 */
export function auditPseudonym(secretKey: string, userId: string): string {
  return `erased-${createHmac('sha256', secretKey).update(`audit:${userId}`).digest('hex').slice(0, 16)}`;
}

/**
 * The audit log keeps what happened: an erased member's id becomes a stable pseudonym, the entries
 * stay. The export lists what the log says the member did or had done to them (not who else acted).
 */
export function auditPersonalData(secretKey: string): PersonalDataSource {
  return {
    name: 'auditLog',
    async export(db, userId) {
      const rows = await auditRepository(db).naming(userId);
      return rows.map((row) => ({
        action: row.action,
        asActor: row.actor === userId,
        reason: row.reason,
        at: new Date(row.created_at).toISOString(),
      }));
    },
    async erase(db, userId) {
      await auditRepository(db).pseudonymize(userId, auditPseudonym(secretKey, userId));
    },
  };
}
