/**
 * The profile editor's sections under About and Languages, in one chunk: it is fetched as the
 * editor appears (see ProfileEditPage), so the page's first load carries only what it shows first.
 */
export { default as AffiliationsSection } from './sections/AffiliationsSection.vue';
export { default as CapacitiesSection } from './sections/CapacitiesSection.vue';
export { default as ContactsSection } from './sections/ContactsSection.vue';
export { default as ExchangeSection } from './sections/ExchangeSection.vue';
export { default as LocationSection } from './sections/LocationSection.vue';
export { default as SettingsSection } from './sections/SettingsSection.vue';
export { default as WikisSection } from './sections/WikisSection.vue';
export { default as SuggestCapacity } from './SuggestCapacity.vue';
