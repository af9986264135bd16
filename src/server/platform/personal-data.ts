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

export class PersonalDataRegistry {
  private readonly sources: PersonalDataSource[] = [];

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
   * First every source locks its rows, in the same reverse order (the profile, then the account):
   * saves lock the record first and the search change log last, so the erasure, which writes the
   * change log early, must hold the records before it does.
   */
  async eraseAll(db: Db, userId: string): Promise<void> {
    await db.transaction().execute(async (trx) => {
      const sources = [...this.sources].reverse();
      for (const source of sources) await source.lock?.(trx, userId);
      for (const source of sources) await source.erase(trx, userId);
    });
  }
}
