/**
 * The organization editor's sections under its details, in one chunk: it is fetched as the editor
 * appears (see OrganizationEditPage), so the page's first load carries only what it shows first.
 */
export { default as CapacitiesSection } from './sections/CapacitiesSection.vue';
export { default as ContactsSection } from './sections/ContactsSection.vue';
