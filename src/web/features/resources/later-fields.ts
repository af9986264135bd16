/**
 * The resource editor's lower fields, in one chunk: it is fetched as the editor appears (see
 * ResourceForm), so the page's first load carries only what it shows first.
 */
export { default as AudienceField } from './fields/AudienceField.vue';
export { default as AuthorsField } from './fields/AuthorsField.vue';
export { default as CapacitiesField } from './fields/CapacitiesField.vue';
export { default as DeleteResource } from './fields/DeleteResource.vue';
export { default as DetailsFields } from './fields/DetailsFields.vue';
export { default as LanguagesField } from './fields/LanguagesField.vue';
export { default as TextLanguageField } from './fields/TextLanguageField.vue';
export { lowerFieldLabels } from './fields/field-labels';
