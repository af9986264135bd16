/** The content types members add that share their editors' fields. */
export type ItemKind = 'resource' | 'service';

/**
 * The words of the shared editor fields that differ between a learning resource and a service. Keys
 * are written whole, as every message key is: the build sends a module the messages its code names.
 */
export const ITEM_FIELD_WORDS = {
  resource: {
    capacitiesHelp: 'cxc-resource-capacities-help',
    capacityAddNamed: 'cxc-resource-capacity-add-named',
    languagesLabel: 'cxc-resource-languages-label',
    forWhom: 'cxc-resource-field-organization',
    forOrganizationHelp: 'cxc-resource-for-organization-help',
    deleteTitle: 'cxc-resource-delete-title',
    delete: 'cxc-resource-delete',
    deleteConfirm: 'cxc-resource-delete-confirm',
  },
  service: {
    capacitiesHelp: 'cxc-service-capacities-help',
    capacityAddNamed: 'cxc-service-capacity-add-named',
    languagesLabel: 'cxc-service-languages-label',
    forWhom: 'cxc-service-field-provider',
    forOrganizationHelp: 'cxc-service-for-organization-help',
    deleteTitle: 'cxc-service-delete-title',
    delete: 'cxc-service-delete',
    deleteConfirm: 'cxc-service-delete-confirm',
  },
} as const satisfies Record<ItemKind, Record<string, string>>;
