import type { Db } from '../db/schema';
import { validationFailed, type FieldProblem } from '../errors';

/**
 * How a section of a record is saved. Every content type (profiles, organizations, and the ones to
 * come) saves through `saveSection`, which runs the steps in one transaction:
 *
 * 1. `load` holds the acting member's account against deletion (`lockAccount`, 401 when it is gone),
 *    locks the record's own row (`dialect.lockRowsForUpdate`) and reads the record, once; it throws
 *    not_found or forbidden when the viewer may not edit it;
 * 2. `check` returns every problem of the input, reading reference data as it needs; if there is any,
 *    validation_failed is thrown and nothing has been written;
 * 3. `write` writes the rows and returns the record as it is now, built from what was loaded and what
 *    was written (not read again);
 * 4. `derive` writes what follows from the new record: its search documents, an audit row.
 *
 * So a crash leaves the old record with its old documents or the new one with the new, never a mix,
 * and two saves of the same record take turns at step 1 (the last one wins, neither fails).
 *
 * Locks are taken in that order everywhere (account, record, search change log last in `derive`);
 * docs/ARCHITECTURE.md says why. Inside the steps, every query goes through `trx`. On SQLite the transaction holds the only
 * connection, so a query on the outer `db` would wait for it forever; read cached reference data
 * before calling `saveSection`.
 */
export interface SectionSave<R> {
  load(trx: Db): Promise<R>;
  check?(record: R, trx: Db): Promise<readonly FieldProblem[]> | readonly FieldProblem[];
  write(trx: Db, record: R): Promise<R>;
  derive?(trx: Db, saved: R, before: R): Promise<void>;
}

/** Runs a section save (see `SectionSave`) and returns the saved record. */
export async function saveSection<R>(db: Db, save: SectionSave<R>): Promise<R> {
  return db.transaction().execute(async (trx) => {
    const before = await save.load(trx);
    const problems = (await save.check?.(before, trx)) ?? [];
    if (problems.length > 0) throw validationFailed(problems);
    const saved = await save.write(trx, before);
    await save.derive?.(trx, saved, before);
    return saved;
  });
}
