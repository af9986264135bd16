/**
 * Writes src/web/features/statistics/country-codes.json: for each country of the map's geodata
 * (`world-atlas/countries-110m.json`, Natural Earth 1:110m, whose countries are identified by their
 * ISO 3166-1 NUMERIC code), its ISO 3166-1 ALPHA-2 code, the code the API and the rest of the app use.
 * Run once, and again after upgrading world-atlas: `node --import tsx scripts/generate-country-codes.ts`.
 *
 * The source of the codes is the ISO 3166-1 list as Debian's `iso-codes` package ships it
 * (/usr/share/iso-codes/json/iso_3166-1.json: alpha_2, alpha_3 and numeric of every officially
 * assigned code, kept in step with the ISO 3166 Maintenance Agency's changes), the list Debian's own
 * programs use. `apt-get install iso-codes` provides it where it is missing. The app never reads it:
 * only the generated file is shipped.
 *
 * Three of Natural Earth's shapes have no ISO 3166-1 code, and so no id in world-atlas; the file names
 * them by their geodata name. Kosovo takes XK, the code the app's region list gives it (a code ISO
 * leaves for user assignment, used by the European Commission and others). Northern Cyprus and
 * Somaliland have no country of their own in the app's list (people choose Cyprus and Somalia), so
 * they are drawn with the country of the list they belong to: CY and SO.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const ISO_CODES = '/usr/share/iso-codes/json/iso_3166-1.json';
const OUTPUT = resolve(import.meta.dirname, '../src/web/features/statistics/country-codes.json');
const WITHOUT_ID: Readonly<Record<string, string>> = { Kosovo: 'XK', 'N. Cyprus': 'CY', Somaliland: 'SO' };

interface Topology {
  objects: { countries: { geometries: { id?: string; properties: { name: string } }[] } };
}

const require = createRequire(import.meta.url);
const atlas = require('world-atlas/countries-110m.json') as Topology;
const iso = (JSON.parse(readFileSync(ISO_CODES, 'utf8')) as { '3166-1': { alpha_2: string; numeric: string }[] })[
  '3166-1'
];
const alpha2ByNumeric = new Map(iso.map((country) => [country.numeric, country.alpha_2]));

const ids: Record<string, string> = {};
const names: Record<string, string> = {};
const unknown: string[] = [];
for (const geometry of atlas.objects.countries.geometries) {
  const name = geometry.properties.name;
  const code = geometry.id === undefined ? undefined : alpha2ByNumeric.get(geometry.id);
  if (geometry.id !== undefined && code) ids[geometry.id] = code;
  else if (WITHOUT_ID[name]) names[name] = WITHOUT_ID[name];
  else unknown.push(`${geometry.id ?? '(no id)'} ${name}`);
}
if (unknown.length > 0) throw new Error(`No ISO 3166-1 alpha-2 code for: ${unknown.join(', ')}`);

const sorted = (record: Record<string, string>) =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
writeFileSync(
  OUTPUT,
  `${JSON.stringify(
    {
      source: 'ISO 3166-1 (Debian iso-codes) for world-atlas countries-110m; see scripts/generate-country-codes.ts',
      ids: sorted(ids),
      names: sorted(names),
    },
    null,
    '\t',
  )}\n`,
);
console.log(`Wrote ${Object.keys(ids).length + Object.keys(names).length} countries to ${OUTPUT}`);
