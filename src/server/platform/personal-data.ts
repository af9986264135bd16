import type { SqlDialect } from './db/dialects/dialect';
import type { Db } from './db/schema';

/**
 * One entry per kind of data the platform stores about a person. The account export collects
 * every entry's `export`; the account erasure runs every entry's `erase` in one transaction. A
 * feature that stores something about a person registers it here (see app.ts), and the erasure
 * test then checks that nothing of the person is left in any table.
 */
export interface PersonalDataSource {
  /** Key of this part in the exported JSON file. */
  readonly name: string;
  export(db: Db, userId: string): Promise<unknown>;
  erase(db: Db, userId: string): Promise<void>;
  /**
   * Locks the person's rows that saves lock too, before anything is erased, so the erasure waits
   * for a save in progress instead of deadlocking with it (see `eraseAll`).
   */
  lock?(db: Db, userId: string): Promise<void>;
}

/** Where the registry says that an erasure committed but its space could not be reclaimed. */
export interface ErasureLog {
  warn(details: { err: unknown }, message: string): void;
}

export class PersonalDataRegistry {
  private readonly sources: PersonalDataSource[] = [];

  constructor(
    private readonly dialect: SqlDialect,
    private readonly log: ErasureLog,
  ) {}

  register(source: PersonalDataSource): void {
    if (this.sources.some((existing) => existing.name === source.name))
      throw new Error(`${source.name} is registered twice`);
    this.sources.push(source);
  }

  async exportAll(db: Db, userId: string): Promise<Record<string, unknown>> {
    const parts: Record<string, unknown> = {};
    for (const source of this.sources) parts[source.name] = await source.export(db, userId);
    return parts;
  }

  /**
   * Erases everything in one transaction, the sources in reverse order (the account row last).
   * First every source takes its locks, in the order they were registered: the account (which every
   * write to a member's rows holds against deletion), the profile, then the search change log (which
   * saves take last), so an erasure waits for the writes in progress and they never wait for it in turn.
   * Once it has committed, the space of what it removed is reclaimed (`dialect.reclaimErasedSpace`),
   * so the person's values leave the database's files too; the erasure stands if that fails.
   */
  async eraseAll(db: Db, userId: string): Promise<void> {
    const changed = await db.transaction().execute(async (trx) => {
      for (const source of this.sources) await source.lock?.(trx, userId);
      for (const source of [...this.sources].reverse()) await source.erase(trx, userId);
      return this.dialect.tablesChangedInTransaction(trx);
    });
    try {
      await this.dialect.reclaimErasedSpace(db, changed);
    } catch (error) {
      this.log.warn({ err: error }, 'an erasure committed, but the space it freed could not be reclaimed yet');
    }
  }
}
