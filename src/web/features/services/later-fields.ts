/**
 * The service editor's lower fields, in one chunk: it is fetched as the editor appears (see
 * ServiceForm), so the page's first load carries only what it shows first. The fields every
 * item's editor has are in features/items/fields.
 */
export { default as AudienceField } from '../items/fields/AudienceField.vue';
export { default as CapacitiesField } from '../items/fields/CapacitiesField.vue';
export { default as DeleteItem } from '../items/fields/DeleteItem.vue';
export { default as LanguagesField } from '../items/fields/LanguagesField.vue';
export { default as TextLanguageField } from '../items/fields/TextLanguageField.vue';
export { default as CostField } from './fields/CostField.vue';
export { default as DetailsFields } from './fields/DetailsFields.vue';
export { default as PlacesField } from './fields/PlacesField.vue';
export { lowerFieldLabels } from './fields/field-labels';
