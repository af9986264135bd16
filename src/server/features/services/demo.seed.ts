import { randomUUID } from 'node:crypto';
import { SERVICE_FORMAT, SERVICE_KIND, type ServiceKind } from '../../../shared/item-vocabulary';
import type { DatabaseHandle } from '../../platform/db/database';
import { capacitiesWithLabels } from '../capacities/capacities.service';
import { capacityDrawer, DEMO_REGIONS, seededRandom } from '../profiles/demo-people';
import { demoPeople } from '../profiles/profiles.public';
import { regionsByCountry } from '../reference/reference.service';
import { servicesRepository, type ServiceContent } from './services.repository';

const BATCH = 1000;

const TITLES: Record<ServiceKind, (topic: string) => string> = {
  training: (topic) => `Training in ${topic}`,
  'mentoring-programme': (topic) => `Mentoring programme: ${topic}`,
  consulting: (topic) => `Advice on ${topic}`,
  'help-desk': (topic) => `${topic} help desk`,
  translation: (topic) => `Translation help for ${topic}`,
  review: (topic) => `Review of your ${topic} plans`,
  other: (topic) => `Support with ${topic}`,
};
const AVAILABILITY = [
  'Tuesdays, 14:00-16:00 UTC',
  'Weekends, by appointment',
  'Two sessions a month',
  'Any weekday evening',
];

/**
 * Adds `count` plausible services by demo people (one per fifty people by default): a kind, one
 * or two capacities, an English text, online or in person in the provider's region, mostly free.
 */
export async function seedDemoServices(
  { db, dialect }: Pick<DatabaseHandle, 'db' | 'dialect'>,
  count: number,
  seed = 1,
): Promise<void> {
  const providers = await demoPeople(db);
  if (providers.length === 0 || count === 0) return;
  const random = seededRandom(seed * 130_363);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const labels = new Map((await capacitiesWithLabels(db, 'en')).map((row) => [row.id, row.label]));
  const drawCapacities = capacityDrawer([...labels.keys()], random);
  const regionOf = await regionsByCountry(db);
  const started = Date.now() - 365 * 86_400_000;
  for (let done = 0; done < count; done += BATCH) {
    const entries = Array.from({ length: Math.min(BATCH, count - done) }, () => {
      const kind = pick(SERVICE_KIND.values);
      const capacities = drawCapacities(1 + Math.floor(random() * 2));
      const region = pick(DEMO_REGIONS);
      const country = pick(region.countries);
      const format = pick(SERVICE_FORMAT.values);
      const free = random() < 0.85;
      const roll = random();
      const content: ServiceContent = {
        kind,
        format,
        cost: free ? 'free' : 'stated',
        visibility: roll < 0.85 ? 'public' : roll < 0.95 ? 'members' : 'draft',
        providerId: pick(providers).user_id,
        organizationId: null,
        texts: [
          {
            language: 'en',
            title: TITLES[kind](labels.get(capacities[0]!)!),
            description: 'Offered by a volunteer who has done this for their own community; write to agree on a time.',
            availability: pick(AVAILABILITY),
            costNote: free ? '' : 'Travel costs, when in person',
          },
        ],
        languages: [...new Set(['en', pick(region.languages)])].sort(),
        capacities,
        countries: format === 'online' ? [] : [country],
        regions: format === 'online' && regionOf.has(country) ? [regionOf.get(country)!] : [],
      };
      return { id: randomUUID(), createdAt: started + Math.floor(random() * 365 * 86_400_000), ...content };
    });
    await servicesRepository(db).insertMany(dialect, entries);
  }
}
