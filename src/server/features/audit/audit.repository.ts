import { randomUUID } from 'node:crypto';
import { pastCursor, type PageCursor } from '../../platform/db/page-cursor';
import type { AuditLogTable, Db } from '../../platform/db/schema';

export type NewAuditEntry = Omit<AuditLogTable, 'id'>;

/**
 * All SQL for the audit log. It only appends and reads: there is deliberately no way here to change
 * or remove an entry, except erasure putting a pseudonym where a member's id was.
 */
export function auditRepository(db: Db) {
  return {
    async append(entry: NewAuditEntry): Promise<void> {
      await db
        .insertInto('audit_log')
        .values({ id: randomUUID(), ...entry })
        .execute();
    },

    /** A page of the log, the latest first, before the cursor. */
    async page(limit: number, before?: PageCursor) {
      let query = db
        .selectFrom('audit_log')
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit);
      if (before) query = query.where(pastCursor('created_at', 'id', before, 'before'));
      return query.execute();
    },

    /** Every entry, the oldest first, in batches (the CSV export). */
    async *all(batch = 1000): AsyncGenerator<AuditLogTable[]> {
      let after: PageCursor | undefined;
      for (;;) {
        let query = db.selectFrom('audit_log').selectAll().orderBy('created_at').orderBy('id').limit(batch);
        if (after) query = query.where(pastCursor('created_at', 'id', after, 'after'));
        const rows = await query.execute();
        if (rows.length === 0) return;
        yield rows;
        const last = rows.at(-1)!;
        after = { at: last.created_at, id: last.id };
      }
    },

    /** Entries naming the member as the one who acted or the one acted on (their export), the oldest first. */
    async naming(userId: string) {
      return db
        .selectFrom('audit_log')
        .selectAll()
        .where((eb) => eb.or([eb('actor', '=', userId), eb('target', '=', userId)]))
        .orderBy('created_at')
        .execute();
    },

    /** Erasure: the member's id gives way to their pseudonym wherever it names them. */
    async pseudonymize(userId: string, pseudonym: string): Promise<void> {
      await db.updateTable('audit_log').set({ actor: pseudonym }).where('actor', '=', userId).execute();
      await db.updateTable('audit_log').set({ target: pseudonym }).where('target', '=', userId).execute();
      await db.updateTable('audit_log').set({ subject_id: pseudonym }).where('subject_id', '=', userId).execute();
    },
  };
}
