import { capacityDrawer, DEMO_REGIONS, seededRandom } from '../profiles/demo-people';
import { ORGANIZATION_TYPE, type OrganizationType } from '../../../shared/vocabulary';

/** Synthetic organizations for demonstrations and benchmarks; the same seed always gives the same ones. */
export interface DemoOrganization {
  readonly name: string;
  readonly type: OrganizationType;
  readonly description: string;
  readonly countries: string[];
  readonly languages: string[];
  readonly offers: number[];
  readonly needs: number[];
}

const KINDS = ['User Group', 'Community', 'Network', 'Collective', 'Association', 'Hub'];
const THEMES = [
  'Education',
  'GLAM',
  'Wikidata',
  'Women in Red',
  'Open Knowledge',
  'Photography',
  'Indigenous Languages',
  'Medicine',
  'Libraries',
  'Youth',
];
const DESCRIPTIONS = [
  'We run editing workshops and support new volunteers in our region.',
  'A network of volunteers working with museums, archives and libraries.',
  'We organise edit-a-thons, photo walks and training for teachers.',
];

export function demoOrganizationsGenerator(capacityIds: readonly number[], seed = 1) {
  const random = seededRandom(seed * 7919);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const distinct = capacityDrawer(capacityIds, random);
  return (number: number): DemoOrganization => {
    const region = pick(DEMO_REGIONS);
    const offers = distinct(between(1, 6));
    return {
      name: `${pick(THEMES)} ${pick(KINDS)} ${pick(region.family)} ${number}`,
      type: pick(ORGANIZATION_TYPE.values),
      description: pick(DESCRIPTIONS),
      countries: [...new Set([pick(region.countries), ...(random() < 0.3 ? [pick(region.countries)] : [])])],
      languages: [...new Set(Array.from({ length: between(1, 3) }, () => pick(region.languages)))],
      offers,
      needs: distinct(between(1, 5), new Set(offers)),
    };
  };
}
