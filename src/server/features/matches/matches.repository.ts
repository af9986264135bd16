import type { Db } from '../../platform/db/schema';
import type { EntityType } from '../../../shared/vocabulary';

/** All SQL for the suggestions a member hid. */
export function matchesRepository(db: Db) {
  return {
    /** Hides the person or organization at `address`; nothing happens when there is none. */
    async hide(userId: string, entityType: EntityType, address: string): Promise<void> {
      // People are suggested by their handle, organizations by their slug; services by their id.
      const entity =
        entityType === 'person'
          ? await db
              .selectFrom('profiles')
              .select('user_id as id')
              .where((eb) => eb(eb.fn('lower', ['handle']), '=', address.toLowerCase()))
              .executeTakeFirst()
          : entityType === 'organization'
            ? await db.selectFrom('organizations').select('id').where('slug', '=', address).executeTakeFirst()
            : /^[0-9a-f-]{36}$/.test(address)
              ? { id: address }
              : undefined;
      if (!entity || entity.id === userId) return;
      await db
        .insertInto('hidden_matches')
        .values({ user_id: userId, entity_type: entityType, entity_id: entity.id, hidden_at: Date.now() })
        .onConflict((conflict) => conflict.columns(['user_id', 'entity_type', 'entity_id']).doNothing())
        .execute();
    },

    async showAll(userId: string): Promise<void> {
      await db.deleteFrom('hidden_matches').where('user_id', '=', userId).execute();
    },

    async hiddenBy(userId: string) {
      return db
        .selectFrom('hidden_matches')
        .select(['entity_type', 'entity_id', 'hidden_at'])
        .where('user_id', '=', userId)
        .execute();
    },

    /** What a member hid, with the addresses as they are now (for the export). */
    async hiddenWithAddresses(userId: string) {
      return db
        .selectFrom('hidden_matches as h')
        .leftJoin('profiles as p', (join) =>
          join.onRef('p.user_id', '=', 'h.entity_id').on('h.entity_type', '=', 'person'),
        )
        .leftJoin('organizations as o', (join) =>
          join.onRef('o.id', '=', 'h.entity_id').on('h.entity_type', '=', 'organization'),
        )
        .select(['h.entity_type', 'h.hidden_at', 'p.handle', 'o.slug'])
        .where('h.user_id', '=', userId)
        .orderBy('h.hidden_at')
        .execute();
    },

    /** The member's own choices, and others' choices to hide them. */
    async eraseFor(userId: string): Promise<void> {
      await db.deleteFrom('hidden_matches').where('user_id', '=', userId).execute();
      await db
        .deleteFrom('hidden_matches')
        .where('entity_type', '=', 'person')
        .where('entity_id', '=', userId)
        .execute();
    },
  };
}
