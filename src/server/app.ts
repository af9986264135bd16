import { presencePersonalData, presenceRecorder } from './features/statistics/presence';
import { randomUUID } from 'node:crypto';
import fastifyCompress from '@fastify/compress';
import fastifySwagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import { authPlugin } from './platform/auth/auth-plugin';
import type { Config } from './platform/config';
import type { DatabaseHandle } from './platform/db/database';
import { errorHandlerPlugin } from './platform/http/error-handler';
import { requestLanguagePlugin } from './platform/http/request-language';
import { capConnections, connectionOptions } from './platform/http/connections';
import { COMPRESSION_THRESHOLD_BYTES, wholeAnswerCompressionPlugin } from './platform/http/whole-answer-compression';
import { securityHeadersPlugin } from './platform/http/security-headers';
import { ErrorResponse } from './platform/http/schemas';
import { registerWebApp } from './platform/http/web-app';
import { Translator } from './platform/i18n';
import { JobQueue } from './platform/jobs';
import { Mailer, PREPARED_MAIL_JOB } from './platform/mail';
import { LiveHub } from './platform/live';
import { PersonalDataRegistry } from './platform/personal-data';
import { ACCOUNT_MAIL_JOB, composeAccountMail } from './features/accounts/accounts.mail';
import { accountPersonalData } from './features/accounts/accounts.personal-data';
import { accountsRoutes, sessionState } from './features/accounts/accounts.routes';
import { Account, AdminUser } from './features/accounts/accounts.schema';
import { accountsService, type AccountsService } from './features/accounts/accounts.service';
import { usersRoutes } from './features/accounts/users.routes';
import { wikimediaRoutes } from './features/wikimedia-sign-in/wikimedia.routes';
import { profilePersonalData } from './features/profiles/profiles.personal-data';
import { SUGGESTION_MAIL_JOB, composeSuggestionMail } from './features/capacities/capacity-suggestions.mail';
import { capacitySuggestionsPersonalData } from './features/capacities/capacity-suggestions.personal-data';
import { organizationsPersonalData } from './features/organizations/organizations.personal-data';
import { organizationsRoutes } from './features/organizations/organizations.routes';
import { resourcesPersonalData } from './features/resources/resources.personal-data';
import { checkResourceLinks, LINK_CHECK_JOB } from './features/resources/resources.links';
import { resourcesRoutes } from './features/resources/resources.routes';
import { ResourceView } from './features/resources/resources.schema';
import { servicesPersonalData } from './features/services/services.personal-data';
import { servicesRoutes } from './features/services/services.routes';
import { ServiceView } from './features/services/services.schema';
import { MANAGER_DECISION_JOB, composeManagerDecisionMail } from './features/organizations/organizations.mail';
import { OrganizationView } from './features/organizations/organizations.schema';
import type { SearchIndexer } from './features/search/search.indexer';
import { searchIndexFor } from './search-index';
import { searchPersonalData } from './features/search/search.personal-data';
import { searchRoutes } from './features/search/search.routes';
import { matchesPersonalData } from './features/matches/matches.personal-data';
import { matchesRoutes } from './features/matches/matches.routes';
import { searchIndexSync, type SearchIndexSync } from './features/search/search.sync';
import { capacitySuggestionsRoutes } from './features/capacities/capacity-suggestions.routes';
import { Suggestion } from './features/capacities/capacity-suggestions.schema';
import { profilesRoutes } from './features/profiles/profiles.routes';
import { OwnProfile, PersonView } from './features/profiles/profiles.schema';
import { capacitiesRoutes } from './features/capacities/capacities.routes';
import { CapacityNodeSchema } from './features/capacities/capacities.schema';
import { healthRoutes } from './features/health/health.routes';
import { metricsRoutes } from './features/metrics/metrics.routes';
import { communityRoutes } from './features/community/community.routes';
import { statisticsRoutes } from './features/statistics/statistics.routes';
import { referenceRoutes } from './features/reference/reference.routes';
import { blocksPersonalData } from './features/blocks/blocks.personal-data';
import { blocksRoutes } from './features/blocks/blocks.routes';
import { auditPersonalData } from './features/audit/audit.personal-data';
import { auditRoutes } from './features/audit/audit.routes';
import { MODERATION_MAIL_JOB, sendModerationMail, STANDING_REVIEW_JOB } from './features/moderation/moderation.mail';
import { moderationPersonalData } from './features/moderation/moderation.personal-data';
import { moderationRoutes } from './features/moderation/moderation.routes';
import { moderationService } from './features/moderation/moderation.service';
import { organizationsManagedBy } from './features/organizations/organizations.public';
import { reportableSources } from './reportables';
import { messagesPersonalData } from './features/messages/messages.personal-data';
import { messagesRoutes } from './features/messages/messages.routes';
import { notificationsPersonalData } from './features/notifications/notifications.personal-data';
import { notificationsRoutes } from './features/notifications/notifications.routes';
import { connectionsPersonalData } from './features/connections/connections.personal-data';
import { FOLLOW_UP_JOB } from './features/connections/connections.public';
import { connectionsRoutes } from './features/connections/connections.routes';
import { connectionsService } from './features/connections/connections.service';
import {
  INVITATION_FORGET_JOB,
  INVITATION_MAIL_JOB,
  sendInvitationMail,
} from './features/invitations/invitations.mail';
import { invitationsPersonalData } from './features/invitations/invitations.personal-data';
import { invitationsRoutes } from './features/invitations/invitations.routes';
import { invitationsService } from './features/invitations/invitations.service';
import {
  DIGEST_JOB,
  DIGEST_SWEEP_JOB,
  NOTIFICATION_MAIL_JOB,
  notificationMail,
} from './features/notifications/notifications.mail';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    database: DatabaseHandle;
    translator: Translator;
    jobs: JobQueue;
    mailer: Mailer;
    personalData: PersonalDataRegistry;
    accounts: AccountsService;
    searchIndex: SearchIndexer;
    /** This process's search engine, kept in step with the stored documents. */
    searchSync: SearchIndexSync;
    /** Live notifications: this process's open streams, fed by the channel every instance shares. */
    live: LiveHub;
  }
}

export type AppInstance = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export interface AppDependencies {
  readonly config: Config;
  readonly database: DatabaseHandle;
  /** Where log lines go; tests pass a stream to read them. Defaults to stdout. */
  readonly logStream?: NodeJS.WritableStream;
}

/**
 * A request as the log keeps it: the route's pattern (`/api/people/:handle`), never the address. An
 * address can name a person (`/people/<handle>`), and a log kept after that person's erasure must not;
 * query strings can carry one-time codes (the OAuth callback's `code` and `state`). Requests matching
 * no route (page paths, which the web app serves, and 404s) have no pattern to give.
 */
function requestForLog(request: { method: string; ip?: string; routeOptions?: { url?: string } }) {
  return { method: request.method, route: request.routeOptions?.url ?? '(no route)', remoteAddress: request.ip };
}

/** Builds the whole app from its features. Used by `main.ts` and by the tests. */
export async function buildApp({ config, database, logStream }: AppDependencies): Promise<AppInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      ...(logStream ? { stream: logStream } : {}),
      redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
      serializers: { req: requestForLog },
    },
    genReqId: () => randomUUID(),
    // A client-chosen request id would let anyone forge log lines; accept it only behind a trusted proxy.
    requestIdHeader: config.trustProxy ? 'x-request-id' : false,
    // Fastify (proxy-addr) walks X-Forwarded-For from the nearest hop while the hop is a trusted proxy.
    trustProxy: config.trustProxy && config.trustedProxies.length > 0 ? [...config.trustedProxies] : config.trustProxy,
    bodyLimit: config.bodyLimitBytes,
    ...connectionOptions(config.connections),
    ajv: { customOptions: { allErrors: true, removeAdditional: false, coerceTypes: 'array' } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('config', config);
  app.decorate('database', database);
  app.decorate('translator', new Translator());
  app.decorate('jobs', new JobQueue(database, app.log, config.jobPollMs));
  app.decorate('mailer', new Mailer(config.mail, app.log));
  // What the platform stores about a person, for export and erasure; features add theirs here.
  app.decorate('personalData', new PersonalDataRegistry(database.dialect, app.log));
  app.personalData.register(accountPersonalData(database.dialect));
  app.personalData.register(profilePersonalData(database.dialect));
  app.personalData.register(capacitySuggestionsPersonalData);
  app.personalData.register(organizationsPersonalData);
  app.decorate('searchIndex', searchIndexFor(database));
  app.decorate('searchSync', searchIndexSync(database));
  // Before search's own source: an erasure locks the resources' rows before the search change log.
  app.personalData.register(resourcesPersonalData(database.dialect, app.searchIndex));
  app.personalData.register(servicesPersonalData(database.dialect, app.searchIndex));
  app.personalData.register(searchPersonalData(database.dialect));
  app.personalData.register(matchesPersonalData);
  app.personalData.register(blocksPersonalData);
  app.personalData.register(messagesPersonalData(database.dialect));
  app.personalData.register(notificationsPersonalData);
  app.personalData.register(connectionsPersonalData);
  app.personalData.register(invitationsPersonalData);
  app.personalData.register(moderationPersonalData(database.dialect));
  app.personalData.register(auditPersonalData(config.secretKey));
  app.personalData.register(presencePersonalData);
  app.decorate(
    'live',
    new LiveHub(
      database.dialect.openLiveChannel(database.db, (error) =>
        app.log.warn({ err: error }, 'live channel lost its connection; reconnecting'),
      ),
    ),
  );
  app.decorate(
    'accounts',
    accountsService({
      db: database.db,
      config,
      jobs: app.jobs,
      personalData: app.personalData,
      onProfileChange: (userId, trx) => app.searchIndex.refresh(trx, 'person', userId),
    }),
  );
  app.jobs.handle(ACCOUNT_MAIL_JOB, (mail) => app.mailer.send(composeAccountMail(mail, config, app.translator)));
  app.jobs.handle(MANAGER_DECISION_JOB, (mail) =>
    app.mailer.send(composeManagerDecisionMail(mail, config, app.translator)),
  );
  app.jobs.handle(SUGGESTION_MAIL_JOB, (mail) => app.mailer.send(composeSuggestionMail(mail, config, app.translator)));
  app.jobs.handle(PREPARED_MAIL_JOB, (mail) => app.mailer.send(mail));
  const notificationMails = notificationMail({
    db: database.db,
    dialect: database.dialect,
    config,
    translator: app.translator,
    jobs: app.jobs,
    mailer: app.mailer,
  });
  app.jobs.handle(NOTIFICATION_MAIL_JOB, ({ notificationId }) => notificationMails.sendInstant(notificationId));
  app.jobs.handleDaily(DIGEST_SWEEP_JOB, (day) => notificationMails.sweep(day));
  const connections = connectionsService(database.db, database.dialect);
  app.jobs.handle(FOLLOW_UP_JOB, ({ connectionId }) => connections.ask(connectionId));
  app.jobs.handle(INVITATION_MAIL_JOB, (payload) =>
    sendInvitationMail(database.db, app.mailer, config, app.translator, payload),
  );
  const invitations = invitationsService({
    db: database.db,
    dialect: database.dialect,
    jobs: app.jobs,
    limits: config.connect,
  });
  app.jobs.handleDaily(LINK_CHECK_JOB, async () => {
    const { checked, failing } = await checkResourceLinks(database.db, {
      allowPrivate: config.linkCheckPrivateAddresses,
    });
    app.log.info({ checked, failing }, 'learning resources: links checked');
  });
  app.jobs.handleDaily(INVITATION_FORGET_JOB, async () => {
    await invitations.forgetExpired();
  });
  app.jobs.handle(DIGEST_JOB, ({ userId, day }) => notificationMails.digest(userId, day));
  const moderation = moderationService({
    db: database.db,
    dialect: database.dialect,
    rules: config.moderation,
    jobs: app.jobs,
    live: app.live.channel,
    sources: reportableSources(database.dialect, app.searchIndex),
    // A member's standing shows in their profile and in the organizations they manage.
    onStandingChange: async (trx, userId) => {
      await app.searchIndex.refresh(trx, 'person', userId);
      for (const organizationId of await organizationsManagedBy(trx, userId))
        await app.searchIndex.refresh(trx, 'organization', organizationId);
    },
  });
  app.jobs.handle(MODERATION_MAIL_JOB, (payload) =>
    sendModerationMail(
      { db: database.db, dialect: database.dialect, config, translator: app.translator, mailer: app.mailer },
      payload,
    ),
  );
  app.jobs.handle(STANDING_REVIEW_JOB, ({ userId }) => moderation.reviewStanding(userId));
  app.addHook('onReady', async () => {
    // Daily jobs are keyed by their day: every instance asks for the next one, one runs it. (Failing here,
    // as on a database without tables when the API document is generated, must not stop the app.)
    await app.jobs
      .scheduleDaily()
      .catch((error: unknown) => app.log.error({ err: error }, 'could not schedule the daily jobs'));
    app.jobs.start();
  });
  const uncapConnections = capConnections(app.server, config.connections, app.log);
  app.addHook('onClose', async () => uncapConnections());
  app.addHook('onClose', async () => app.jobs.stop());
  app.addHook('onClose', async () => app.searchSync.close());
  app.addHook('preClose', async () => {
    // Open streams would keep the server from closing.
    app.live.disconnectAll();
    await app.live.channel.close();
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(requestLanguagePlugin);
  await app.register(errorHandlerPlugin, { translator: app.translator });
  // Every signed-in request also moves the counts of how often members come and how long they stay.
  const presence = presenceRecorder(database.db, app.log);
  await app.register(authPlugin, {
    config,
    resolveViewer: async (token) => {
      const viewer = await app.accounts.resolveViewer(token);
      if (viewer?.onboarded) await presence.seen(viewer.userId, viewer.sessionId);
      return viewer;
    },
  });
  await app.register(securityHeadersPlugin, { config });
  await app.register(wholeAnswerCompressionPlugin);
  await app.register(fastifyCompress, { threshold: COMPRESSION_THRESHOLD_BYTES });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Capacity Exchange API',
        version: '0.1.0',
        description:
          'Open API of the Capacity Exchange. Errors always have the shape {error:{code,message,details?,requestId}}.',
        license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
      },
      servers: [{ url: config.publicUrl }],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, index) => String(json.$id ?? `schema-${index}`) },
  });

  app.addSchema(ErrorResponse);
  app.addSchema(CapacityNodeSchema);
  app.addSchema(Account);
  app.addSchema(AdminUser);
  app.addSchema(OwnProfile);
  app.addSchema(PersonView);
  app.addSchema(Suggestion);
  app.addSchema(OrganizationView);
  app.addSchema(ResourceView);
  app.addSchema(ServiceView);

  app.get(
    '/api/openapi.json',
    {
      schema: {
        summary: 'This API described as an OpenAPI 3.1 document',
        tags: ['service'],
        response: { 200: Type.Object({}, { additionalProperties: true, description: 'The OpenAPI document' }) },
      },
    },
    async () => app.swagger(),
  );
  await app.register(healthRoutes);
  await app.register(metricsRoutes);
  await app.register(communityRoutes);
  await app.register(referenceRoutes);
  await app.register(capacitiesRoutes);
  await app.register(accountsRoutes);
  await app.register(usersRoutes);
  await app.register(wikimediaRoutes);
  await app.register(profilesRoutes);
  await app.register(capacitySuggestionsRoutes);
  await app.register(organizationsRoutes);
  await app.register(resourcesRoutes);
  await app.register(servicesRoutes);
  await app.register(searchRoutes);
  await app.register(matchesRoutes);
  await app.register(statisticsRoutes);
  await app.register(blocksRoutes);
  await app.register(messagesRoutes);
  await app.register(notificationsRoutes);
  await app.register(connectionsRoutes);
  await app.register(invitationsRoutes);
  await app.register(moderationRoutes(moderation));
  await app.register(auditRoutes);

  await registerWebApp(app, {
    distDir: config.webDistDir,
    translator: app.translator,
    initialState: sessionState(app),
  });
  return app;
}
