import { Type } from 'typebox';
import type { AppInstance } from '../../app';
import { errorResponses } from '../../platform/http/schemas';
import {
  AboutBody, AffiliationsBody, CapacitiesBody, ContactsBody, ExchangeBody, HandleParams, LanguagesBody, LocationBody, SettingsBody, ViewAsQuery, VisitsResponse, WikisBody,
} from './profiles.schema';
import { organizationsRepository } from '../organizations/organizations.repository';
import { profilesService } from './profiles.service';
import type { ProfileData } from './visibility';

async function toOwnProfile(profile: ProfileData, organizations: ReturnType<typeof organizationsRepository>) {
  const { userId: _userId, updatedAt, affiliations, ...rest } = profile;
  const summaries = await organizations.summaries(affiliations.map((entry) => entry.organizationId));
  return {
    ...rest,
    affiliations: affiliations.flatMap((entry) => summaries.filter((summary) => summary.id === entry.organizationId)
      .map((summary) => ({ organization: summary.slug, name: summary.name, visibility: entry.visibility }))),
    updatedAt: new Date(updatedAt).toISOString(),
  };
}

const memberErrors = { ...errorResponses, 401: Type.Ref('ErrorResponse'), 403: Type.Ref('ErrorResponse') };
const saved = { 200: Type.Ref('OwnProfile'), ...memberErrors };

export async function profilesRoutes(app: AppInstance): Promise<void> {
  const service = profilesService(app.database.db, app.config, app.translator, (userId) => app.searchIndex.person(userId));
  const organizations = organizationsRepository(app.database.db);
  const own = async (request: { viewer: Parameters<typeof service.ownProfile>[0] }) => toOwnProfile(await service.ownProfile(request.viewer), organizations);

  app.get('/api/people/:handle', {
    schema: {
      summary: 'A profile, as you may see it (hidden fields are absent; a hidden profile is not found)',
      tags: ['profiles'], params: HandleParams, querystring: Type.Intersect([ViewAsQuery, Type.Object({ lang: Type.Optional(Type.String({ maxLength: 10 })) })]),
      response: { 200: Type.Ref('PersonView'), ...errorResponses, 404: Type.Ref('ErrorResponse') },
    },
  }, async (request) => service.view(request.viewer, request.params.handle, request.uiLanguage, {
    previewAs: request.query.as,
    visitorKey: `${request.ip} ${request.headers['user-agent'] ?? ''}`,
  }));

  app.get('/api/profile', {
    schema: { summary: 'Your own profile, with the visibility of every field (created empty on first use)', tags: ['profiles'], response: saved },
  }, async (request) => own(request));

  app.get('/api/profile/visits', {
    schema: { summary: 'How often your profile was viewed, per week', tags: ['profiles'], response: { 200: VisitsResponse, ...memberErrors } },
  }, async (request) => ({ weeks: await service.visits(request.viewer) }));

  app.put('/api/profile/about', {
    schema: { summary: 'Save name, address, pronouns, bio and avatar', tags: ['profiles'], body: AboutBody, response: saved },
  }, async (request) => {
    await service.updateAbout(request.viewer, request.body);
    return own(request);
  });

  app.put('/api/profile/languages', {
    schema: { summary: 'Save your languages and levels (up to 30)', tags: ['profiles'], body: LanguagesBody, response: saved },
  }, async (request) => {
    await service.updateLanguages(request.viewer, request.body.languages, request.body.visibility);
    return own(request);
  });

  app.put('/api/profile/wikis', {
    schema: { summary: 'Save your home wikis (up to 20)', tags: ['profiles'], body: WikisBody, response: saved },
  }, async (request) => {
    await service.updateWikis(request.viewer, request.body.wikis, request.body.visibility);
    return own(request);
  });

  app.put('/api/profile/capacities', {
    schema: { summary: 'Save what you know, can share and want to learn (up to 50 each)', tags: ['profiles'], body: CapacitiesBody, response: saved },
  }, async (request) => {
    await service.updateCapacities(request.viewer, request.body);
    return own(request);
  });

  app.put('/api/profile/location', {
    schema: { summary: 'Save your country, time zone and availability', tags: ['profiles'], body: LocationBody, response: saved },
  }, async (request) => {
    await service.updateLocation(request.viewer, request.body);
    return own(request);
  });

  app.put('/api/profile/exchange', {
    schema: { summary: 'Save the ways you like to exchange', tags: ['profiles'], body: ExchangeBody, response: saved },
  }, async (request) => {
    await service.updateExchange(request.viewer, request.body);
    return own(request);
  });

  app.put('/api/profile/contacts', {
    schema: { summary: 'Save your contact options, each with its visibility', tags: ['profiles'], body: ContactsBody, response: saved },
  }, async (request) => {
    await service.updateContacts(request.viewer, request.body.contacts);
    return own(request);
  });

  app.put('/api/profile/affiliations', {
    schema: { summary: 'Save the organizations you belong to, each with its visibility', tags: ['profiles'], body: AffiliationsBody, response: saved },
  }, async (request) => {
    await service.updateAffiliations(request.viewer, request.body.affiliations);
    return own(request);
  });

  app.put('/api/profile/settings', {
    schema: { summary: 'Whether signed-out visitors may see your profile, and whether you appear in search', tags: ['profiles'], body: SettingsBody, response: saved },
  }, async (request) => {
    await service.updateSettings(request.viewer, request.body);
    return own(request);
  });
}
