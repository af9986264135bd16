import { Type } from 'typebox';
import type { AppInstance } from '../../app';
import { errorResponses } from '../../platform/http/schemas';
import {
  AboutBody,
  AffiliationsBody,
  CapacitiesBody,
  ContactsBody,
  ExchangeBody,
  HandleParams,
  LanguagesBody,
  LocationBody,
  SettingsBody,
  ViewAsQuery,
  VisitsResponse,
  WikisBody,
} from './profiles.schema';
import { profilesService } from './profiles.service';

const memberErrors = { ...errorResponses, 401: Type.Ref('ErrorResponse'), 403: Type.Ref('ErrorResponse') };
const saved = { 200: Type.Ref('OwnProfile'), ...memberErrors };

export async function profilesRoutes(app: AppInstance): Promise<void> {
  const service = profilesService({
    db: app.database.db,
    dialect: app.database.dialect,
    config: app.config,
    translator: app.translator,
    search: app.searchIndex,
  });

  app.get(
    '/api/people/:handle',
    {
      schema: {
        summary: 'A profile, as you may see it (hidden fields are absent; a hidden profile is not found)',
        tags: ['profiles'],
        params: HandleParams,
        querystring: Type.Intersect([
          ViewAsQuery,
          Type.Object({ lang: Type.Optional(Type.String({ maxLength: 10 })) }),
        ]),
        response: { 200: Type.Ref('PersonView'), ...errorResponses, 404: Type.Ref('ErrorResponse') },
      },
    },
    async (request) =>
      service.view(request.viewer, request.params.handle, request.uiLanguage, {
        previewAs: request.query.as,
        visitorKey: `${request.ip} ${request.headers['user-agent'] ?? ''}`,
      }),
  );

  app.get(
    '/api/profile',
    {
      schema: {
        summary: 'Your own profile, with the visibility of every field (created empty on first use)',
        tags: ['profiles'],
        response: saved,
      },
    },
    async (request) => service.ownProfile(request.viewer),
  );

  app.get(
    '/api/profile/visits',
    {
      schema: {
        summary: 'How often your profile was viewed, per week',
        tags: ['profiles'],
        response: { 200: VisitsResponse, ...memberErrors },
      },
    },
    async (request) => ({ weeks: await service.visits(request.viewer) }),
  );

  // Each section is saved on its own; every save answers the whole profile as saved.
  app.put(
    '/api/profile/about',
    {
      schema: {
        summary: 'Save name, address, pronouns, bio and avatar',
        tags: ['profiles'],
        body: AboutBody,
        response: saved,
      },
    },
    async (request) => service.saveAbout(request.viewer, request.body),
  );

  app.put(
    '/api/profile/languages',
    {
      schema: {
        summary: 'Save your languages and levels (up to 30)',
        tags: ['profiles'],
        body: LanguagesBody,
        response: saved,
      },
    },
    async (request) => service.saveLanguages(request.viewer, request.body),
  );

  app.put(
    '/api/profile/wikis',
    {
      schema: { summary: 'Save your home wikis (up to 20)', tags: ['profiles'], body: WikisBody, response: saved },
    },
    async (request) => service.saveWikis(request.viewer, request.body),
  );

  app.put(
    '/api/profile/capacities',
    {
      schema: {
        summary: 'Save what you know, can share and want to learn (up to 50 each)',
        tags: ['profiles'],
        body: CapacitiesBody,
        response: saved,
      },
    },
    async (request) => service.saveCapacities(request.viewer, request.body),
  );

  app.put(
    '/api/profile/location',
    {
      schema: {
        summary: 'Save your country, time zone and availability',
        tags: ['profiles'],
        body: LocationBody,
        response: saved,
      },
    },
    async (request) => service.saveLocation(request.viewer, request.body),
  );

  app.put(
    '/api/profile/exchange',
    {
      schema: {
        summary: 'Save the ways you like to exchange',
        tags: ['profiles'],
        body: ExchangeBody,
        response: saved,
      },
    },
    async (request) => service.saveExchange(request.viewer, request.body),
  );

  app.put(
    '/api/profile/contacts',
    {
      schema: {
        summary: 'Save your contact options, each with its visibility',
        tags: ['profiles'],
        body: ContactsBody,
        response: saved,
      },
    },
    async (request) => service.saveContacts(request.viewer, request.body),
  );

  app.put(
    '/api/profile/affiliations',
    {
      schema: {
        summary: 'Save the organizations you belong to, each with its visibility',
        tags: ['profiles'],
        body: AffiliationsBody,
        response: saved,
      },
    },
    async (request) => service.saveAffiliations(request.viewer, request.body),
  );

  app.put(
    '/api/profile/settings',
    {
      schema: {
        summary: 'Whether signed-out visitors may see your profile, and whether you appear in search',
        tags: ['profiles'],
        body: SettingsBody,
        response: saved,
      },
    },
    async (request) => service.saveSettings(request.viewer, request.body),
  );
}
