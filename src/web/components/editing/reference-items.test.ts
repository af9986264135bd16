import { describe, expect, test } from 'vitest';
import { countryMenuItems, sortedByLabel } from './reference-items';

describe('reference items', () => {
  test('countries sorted by name as a reader of the language expects, with their region beneath', () => {
    const regions = [
      {
        name: 'Europe',
        countries: [
          { code: 'SE', name: 'Suède' },
          { code: 'AX', name: 'Åland' },
        ],
      },
      {
        name: 'Africa',
        countries: [
          { code: 'EG', name: 'égypte' },
          { code: 'ZA', name: 'Afrique du Sud' },
        ],
      },
    ];
    const sorted = sortedByLabel(countryMenuItems(regions), 'fr');
    expect(sorted.map((item) => item.label)).toEqual(['Afrique du Sud', 'Åland', 'égypte', 'Suède']);
    expect(sorted[1]).toEqual({ value: 'AX', label: 'Åland', description: 'Europe' });
  });
});
