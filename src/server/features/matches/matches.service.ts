import type { UiLanguage } from '../../../shared/ui-languages';
import { FACET, type EntityType, type MatchDirection, type Side } from '../../../shared/vocabulary';
import type { DatabaseHandle } from '../../platform/db/database';
import { requireMember, type Viewer } from '../../platform/auth/viewer';
import { blockedEitherWay } from '../blocks/blocks.public';
import { matchingProfile } from '../profiles/profiles.public';
import { capacityAncestors, capacitySubtree } from '../capacities/capacities.service';
import { cachedReferenceLists, languageName } from '../reference/reference.service';
import { valueKey } from '../search/engine/types';
import type { SearchIndexSync } from '../search/search.sync';
import { matchesRepository } from './matches.repository';
import { MATCH_RELATIONS } from './matches.schema';

const PER_CAPACITY = 10;
/** Who answers each direction: those who share (people) or offer (organizations) what I want to learn, and the reverse. */
const ANSWERING_SIDES = { learn: ['shares', 'offers'], share: ['learns', 'needs'] } as const satisfies Record<
  MatchDirection,
  readonly Side[]
>;

/**
 * "Peers for my needs" and "who could learn from me": for each capacity on my profile, the people
 * and organizations on the other side of it, found in the members' search documents (so only what
 * members may see is used). Deterministic and explained: no activity signals, no randomness.
 */
export function matchesService(database: DatabaseHandle, sync: SearchIndexSync) {
  const repository = matchesRepository(database.db);

  return {
    async peers(viewer: Viewer | null, direction: MatchDirection, anyLanguage: boolean, language: UiLanguage) {
      const member = requireMember(viewer);
      // Asked while the engine catches up with the change log: a member who never saved a profile has nothing to match yet.
      const lookups = Promise.all([
        matchingProfile(database.db, member.userId),
        repository.hiddenBy(member.userId),
        blockedEitherWay(database.db, member.userId),
      ]);
      lookups.catch(() => undefined);
      return sync.use(async (snapshot) => {
        const [[profile, hidden, blocked], capacityRows, languages] = await Promise.all([
          lookups,
          snapshot.capacities(language),
          cachedReferenceLists(database.db).languages,
        ]);
        const labelOf = new Map(capacityRows.map((row) => [row.id, row.label]));

        const mine = profile.capacityIds(direction === 'learn' ? 'learns' : 'shares').map((id) => ({ id }));
        const sides = ANSWERING_SIDES[direction];
        const values = (ids: number[]) =>
          ids.flatMap((id) => sides.map((side) => valueKey(FACET.capacity, `${side}:${id}`)));
        const languageRows = new Map(languages.map((row) => [row.code, row]));
        const myLanguages = profile.languages;
        const nameOf = (code: string) => {
          const row = languageRows.get(code);
          return { code, label: row ? languageName(row.bcp47, row.autonym, language) : code };
        };
        const languagesLimited = !anyLanguage && myLanguages.length > 0;

        const groups = await snapshot.engine.suggest('member', {
          groups: mine.map((entry) => ({
            tiers: [
              values([entry.id]),
              values(capacitySubtree(capacityRows, entry.id).slice(1)),
              values(capacityAncestors(capacityRows, entry.id)),
            ],
          })),
          languages: languagesLimited ? myLanguages.map((code) => valueKey(FACET.language, code)) : null,
          excludeEntities: [
            `person:${member.userId}`,
            ...hidden.map((row) => `${row.entity_type}:${row.entity_id}`),
            ...blocked.map((userId) => `person:${userId}`),
          ],
          perGroup: PER_CAPACITY,
          // Suggestions show only the languages they share with me.
          hitFacets: [FACET.language],
        });

        return {
          direction,
          languagesLimited,
          myLanguages: myLanguages.map(nameOf),
          hiddenCount: hidden.length,
          groups: mine.map((entry, index) => ({
            capacity: { id: entry.id, label: labelOf.get(entry.id) ?? String(entry.id) },
            total: groups[index]!.total,
            suggestions: groups[index]!.suggestions.map((suggestion) => {
              const [side = '', via = '0'] = suggestion.via.split(':');
              return {
                type: suggestion.type,
                address: suggestion.address,
                title: suggestion.title,
                relation: MATCH_RELATIONS[suggestion.tier]!,
                via: { id: Number(via), label: labelOf.get(Number(via)) ?? via },
                side: side as (typeof sides)[number],
                sharedLanguages: suggestion.facets
                  .filter((facet) => facet.facet === FACET.language && myLanguages.includes(facet.value))
                  .map((facet) => nameOf(facet.value)),
                alsoMatches: suggestion.groups - 1,
              };
            }),
          })),
        };
      });
    },

    async hide(viewer: Viewer | null, type: EntityType, address: string): Promise<void> {
      await repository.hide(requireMember(viewer).userId, type, address);
    },

    async showAll(viewer: Viewer | null): Promise<void> {
      await repository.showAll(requireMember(viewer).userId);
    },
  };
}
