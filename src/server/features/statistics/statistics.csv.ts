import { csvLine } from '../../platform/http/csv';
import type {
  ActivityResponse,
  CohortsResponse,
  MapResponse,
  ParticipationResponse,
  UnmetNeedsResponse,
} from './statistics.schema';

/*
 * The published tables as CSV files: the same cells as the JSON, a withheld count as an empty field,
 * and, before the header, what the file is: when it was counted, the suppression rule, the licence.
 * Those lines start with "#", as many CSV readers take comments (pandas: comment="#"; R: comment.char).
 */

type About = Pick<MapResponse, 'computedAt' | 'rule' | 'licence'>;

function preamble(title: string, about: About): string {
  return [
    `# ${title}`,
    `# Computed at ${about.computedAt}`,
    `# ${about.rule} An empty field is a withheld count.`,
    `# Licence: ${about.licence} (https://creativecommons.org/publicdomain/zero/1.0/)`,
  ]
    .map((line) => `${line.replace(/[\r\n]+/g, ' ')}\r\n`)
    .join('');
}

export function mapCsv(table: MapResponse, title: string): string {
  return (
    preamble(title, table) +
    csvLine(['area', 'name', 'region', 'offers', 'needs', 'gap']) +
    [...table.areas, { code: 'total', name: '', region: null, ...table.total }]
      .map((area) => csvLine([area.code, area.name, area.region, area.offers, area.needs, area.gap]))
      .join('')
  );
}

export function unmetNeedsCsv(table: UnmetNeedsResponse, title: string): string {
  return (
    preamble(title, table) +
    csvLine(['capacity', 'label', 'needs', 'offers', 'gap']) +
    table.capacities.map((row) => csvLine([row.id, row.label, row.needs, row.offers, row.gap])).join('')
  );
}

export function cohortsCsv(table: CohortsResponse, title: string): string {
  return (
    preamble(title, table) +
    csvLine([
      'capacity',
      'capacity_label',
      'region',
      'region_label',
      'language',
      'language_label',
      'learners',
      'sharers',
    ]) +
    table.cohorts
      .map((row) =>
        csvLine([
          row.capacity.id,
          row.capacity.label,
          row.region.id,
          row.region.label,
          row.language.code,
          row.language.label,
          row.learners,
          row.sharers,
        ]),
      )
      .join('')
  );
}

export function participationCsv(table: ParticipationResponse, title: string): string {
  return (
    preamble(title, table) +
    csvLine([table.by, 'label', ...table.months, 'total']) +
    [...table.rows, { value: 'total', label: '', ...table.total }]
      .map((row) => csvLine([row.value, row.label, ...row.months, row.total]))
      .join('')
  );
}

export function activityCsv(table: ActivityResponse, title: string): string {
  return (
    preamble(title, table) +
    csvLine(['measure', 'label', ...table.months, 'total']) +
    [
      ...table.measures.map((row) => ({ key: row.measure, ...row })),
      // The two bucket tables below the measures, their rows named `<table>:<bucket>`, their totals by the table.
      ...bucketRows('active-days', 'active-members', table.activeDays),
      ...bucketRows('visits', 'visits', table.visits),
    ]
      .map((row) => csvLine([row.key, row.label, ...row.months, row.total]))
      .join('')
  );
}

function bucketRows(name: string, totalName: string, table: ActivityResponse['activeDays' | 'visits']) {
  return [
    ...table.rows.map((row) => ({ key: `${name}:${row.value}`, ...row })),
    { key: totalName, label: '', ...table.total },
  ];
}
