/**
 * The closed lists of the items members add (learning resources, services), apart from
 * vocabulary.ts: every page loads that module, and only the pages of these items, and search, need
 * these. Labels as in vocabulary.ts (`vocabulary.test.ts` checks them too).
 */
import { vocabulary, type ValueOf, type Vocabulary } from './vocabulary';

/** Who may see an item (a learning resource, and the content types after it): anyone, members, or only its editors. */
export const ITEM_VISIBILITY = vocabulary(['public', 'members', 'draft'], (value) => `cxc-item-visibility-${value}`);
export type ItemVisibility = ValueOf<typeof ITEM_VISIBILITY>;

/** What kind of learning resource it is. */
export const RESOURCE_KIND = vocabulary(
  ['how-to', 'curriculum', 'template', 'toolkit', 'slides', 'video', 'course', 'report', 'other'],
  (value) => `cxc-resource-kind-${value}`,
);
export type ResourceKind = ValueOf<typeof RESOURCE_KIND>;

/**
 * A learning resource's licence, by SPDX identifier; `other-free` for another free licence, and
 * `all-rights-reserved` (allowed, and said on its page).
 */
export const RESOURCE_LICENCE = vocabulary(
  [
    'CC0-1.0',
    'CC-BY-4.0',
    'CC-BY-SA-4.0',
    'CC-BY-3.0',
    'CC-BY-SA-3.0',
    'GFDL-1.3',
    'other-free',
    'all-rights-reserved',
  ],
  (value) => `cxc-licence-${value.toLowerCase()}`,
);
export type ResourceLicence = ValueOf<typeof RESOURCE_LICENCE>;

/** What kind of service a member or an organization offers. */
export const SERVICE_KIND = vocabulary(
  ['training', 'mentoring-programme', 'consulting', 'help-desk', 'translation', 'review', 'other'],
  (value) => `cxc-service-kind-${value}`,
);
export type ServiceKind = ValueOf<typeof SERVICE_KIND>;

/** Where a service is given: online, in person, or both. */
export const SERVICE_FORMAT = vocabulary(['online', 'in-person', 'both'], (value) => `cxc-service-format-${value}`);
export type ServiceFormat = ValueOf<typeof SERVICE_FORMAT>;

/** What a service costs: nothing, or what its provider states. */
export const SERVICE_COST = vocabulary(['free', 'stated'], (value) => `cxc-service-cost-${value}`);
export type ServiceCost = ValueOf<typeof SERVICE_COST>;

/** What one line of a resource's authors is: a member, an organization on the platform, or a name as written. */
export const AUTHOR_KIND = vocabulary(['member', 'organization', 'name'], (value) => `cxc-author-kind-${value}`);
export type AuthorKind = ValueOf<typeof AUTHOR_KIND>;

/**
 * The side a learning resource's capacities are on in search: a resource is about them. A capacity
 * filter without a side finds resources too; one asking for a side of people or organizations does not.
 */
export const RESOURCE_CAPACITY_SIDE = 'about';

/**
 * The item lists search filters by, by their filters' names, for the search page to check the
 * values its address holds: imported by this name, a page carries none of their labels (search
 * answers every facet value with its label).
 */
export const ITEM_SEARCH_FILTERS = {
  resourceKind: RESOURCE_KIND,
  licence: RESOURCE_LICENCE,
  serviceKind: SERVICE_KIND,
  serviceFormat: SERVICE_FORMAT,
} as const;

/** Every item vocabulary whose values are shown to people, for the label check. */
export const ITEM_VOCABULARIES: Readonly<Record<string, Vocabulary<string>>> = {
  ITEM_VISIBILITY,
  RESOURCE_KIND,
  RESOURCE_LICENCE,
  AUTHOR_KIND,
  SERVICE_KIND,
  SERVICE_FORMAT,
  SERVICE_COST,
};
