import type { ItemVisibility, ServiceCost, ServiceFormat, ServiceKind } from '../../../shared/item-vocabulary';
import type { ServiceView } from '../../api/client';
import type { paths } from '../../api/schema';

/** What the editor sends: the whole service, to add it or to save it. */
export type ServiceBody = NonNullable<paths['/api/services']['post']['requestBody']>['content']['application/json'];

/** One language's texts, as typed. */
export interface ServiceTextDraft {
  language: string;
  title: string;
  description: string;
  availability: string;
  /** What it costs, said in this language: sent only when the cost is stated. */
  costNote: string;
}

/** The editor's form as typed: text fields are strings, choices keep the words the reader chose. */
export interface ServiceDraft {
  texts: ServiceTextDraft[];
  kind: ServiceKind;
  format: ServiceFormat;
  cost: ServiceCost;
  languages: string[];
  capacities: number[];
  countries: string[];
  regions: string[];
  /** Offered by the member themselves, or by an organization they manage (its slug). */
  forWhom: 'me' | 'organization';
  organization: string;
  visibility: ItemVisibility;
}

/** An empty text in a language. */
export const emptyServiceText = (language: string): ServiceTextDraft => ({
  language,
  title: '',
  description: '',
  availability: '',
  costNote: '',
});

/** A new service: in the reader's language, free, online, offered by the member (or the organization it came from). */
export function newServiceDraft(language: string, organization?: string): ServiceDraft {
  return {
    texts: [emptyServiceText(language)],
    kind: 'training',
    format: 'online',
    cost: 'free',
    languages: [language],
    capacities: [],
    countries: [],
    regions: [],
    forWhom: organization ? 'organization' : 'me',
    organization: organization ?? '',
    visibility: 'public',
  };
}

/** A saved service as the editor's form. */
export function serviceDraftOf(service: ServiceView): ServiceDraft {
  return {
    texts: service.texts.map((text) => ({
      language: text.language,
      title: text.title,
      description: text.description,
      availability: text.availability,
      costNote: text.costNote,
    })),
    kind: service.kind,
    format: service.format,
    cost: service.cost,
    languages: service.languages.map((language) => language.code),
    capacities: service.capacities.map((capacity) => capacity.id),
    countries: service.countries.map((country) => country.code),
    regions: service.regions.map((region) => region.id),
    forWhom: service.provider.kind === 'organization' ? 'organization' : 'me',
    organization: service.provider.slug ?? '',
    visibility: service.visibility,
  };
}

/** The request body for a draft: a cost note only when the cost is stated; `null` for the member themselves. */
export function serviceBodyOf(draft: ServiceDraft): ServiceBody {
  return {
    texts: draft.texts.map((text) => ({
      language: text.language,
      title: text.title,
      description: text.description,
      availability: text.availability,
      costNote: draft.cost === 'stated' ? text.costNote : '',
    })),
    kind: draft.kind,
    format: draft.format,
    cost: draft.cost,
    languages: draft.languages,
    capacities: draft.capacities,
    countries: draft.countries,
    regions: draft.regions,
    organization: draft.forWhom === 'organization' ? draft.organization.trim() : null,
    visibility: draft.visibility,
  };
}
