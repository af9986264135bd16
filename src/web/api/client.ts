import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

/** The one HTTP client of the web app, typed from the server's OpenAPI document. */
export const api = createClient<paths>({ baseUrl: '/' });

export type CapacityNode = components['schemas']['CapacityNode'];
export type ApiError = components['schemas']['ErrorResponse'];
export type Account = components['schemas']['Account'];
export type SessionState = paths['/api/session']['get']['responses'][200]['content']['application/json'];
export type AdminUser = components['schemas']['AdminUser'];
export type PersonView = components['schemas']['PersonView'];
export type OwnProfile = components['schemas']['OwnProfile'];
export type CapacitySuggestion = components['schemas']['CapacitySuggestion'];
export type OrganizationView = components['schemas']['OrganizationView'];
export type ResourceView = components['schemas']['ResourceView'];
export type ServiceView = components['schemas']['ServiceView'];
