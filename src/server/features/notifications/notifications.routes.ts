import fastifySse from '@fastify/sse';
import type { AppInstance } from '../../app';
import { errorResponses, NoContent } from '../../platform/http/schemas';
import { AppError } from '../../platform/errors';
import type { LiveSignal } from '../../platform/live';
import {
  EmailSettingsSchema,
  MarkReadBody,
  NotificationList,
  UnsubscribeBody,
  UnsubscribeQuery,
  Unsubscribed,
} from './notifications.schema';
import { notificationsService } from './notifications.service';

export async function notificationsRoutes(app: AppInstance): Promise<void> {
  const service = notificationsService(app.database.db, app.config);
  const tags = ['notifications'];
  await app.register(fastifySse, { heartbeatInterval: app.config.liveHeartbeatMs });
  // Mail programs send the one-click unsubscribe as a form (RFC 8058); only that route reads forms.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  app.get(
    '/api/account/notification-settings',
    {
      schema: {
        summary: 'Which notifications I get by e-mail, and whether mails hold the message text',
        tags,
        response: { 200: EmailSettingsSchema, ...errorResponses },
      },
    },
    async (request) => service.settings(request.viewer),
  );

  app.put(
    '/api/account/notification-settings',
    {
      schema: {
        summary: 'Choose which notifications I get by e-mail: at once, in a daily digest, or never',
        tags,
        body: EmailSettingsSchema,
        response: { 200: EmailSettingsSchema, ...errorResponses },
      },
    },
    async (request) => service.saveSettings(request.viewer, request.body),
  );

  app.post(
    '/api/unsubscribe',
    {
      // Sent by mail programs from their own servers, with no session: the signed token is the authority.
      config: { anyOrigin: true },
      schema: {
        summary:
          'Stop the mails an unsubscribe link names, without signing in (one-click, RFC 8058: token in the query, ' +
          'form body List-Unsubscribe=One-Click; or JSON {token} from the page the link opens)',
        tags,
        querystring: UnsubscribeQuery,
        body: UnsubscribeBody,
        response: { 200: Unsubscribed, ...errorResponses },
      },
    },
    async (request) => {
      const token = request.query.token ?? request.body.token;
      if (!token) throw new AppError('token_invalid');
      return service.unsubscribe(token);
    },
  );

  app.get(
    '/api/notifications',
    {
      schema: {
        summary: 'My latest notifications, and how many are unread',
        tags,
        response: { 200: NotificationList, ...errorResponses },
      },
    },
    async (request) => service.list(request.viewer),
  );

  app.post(
    '/api/notifications/read',
    {
      schema: {
        summary: 'Mark notifications read (all, or those named)',
        tags,
        body: MarkReadBody,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await service.markRead(request.viewer, request.body.ids);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/notifications/stream',
    {
      // Compression would hold events back until a buffer fills.
      compress: false,
      sse: 'only',
      schema: {
        summary:
          'Live notifications (Server-Sent Events): a `notification` event when something new arrives, ' +
          '`resync` when events may have been missed; comment lines keep proxies from closing it',
        tags,
        response: { ...errorResponses },
      },
    },
    async (request, reply) => {
      const userId = service.streamOwner(request.viewer);
      // The client left while the request was being authenticated: @fastify/sse hears of a close only
      // from the handler on, so a subscription made now would never end (nor its heartbeat timer).
      if (reply.raw.destroyed) return reply.hijack();
      // @fastify/sse already sends x-accel-buffering: no (nginx would otherwise buffer the stream).
      reply.header('cache-control', 'no-cache, no-transform');
      reply.sse.keepAlive();
      const send = (signal: LiveSignal) => {
        if (!reply.sse.isConnected) return;
        const message =
          signal.type === 'event'
            ? { event: 'notification', data: { kind: signal.event.kind, conversationId: signal.event.conversationId } }
            : { event: 'resync', data: {} };
        reply.sse.send(message).catch(() => undefined);
      };
      // Ended when the app closes, so open streams do not hold the server open (clients reconnect).
      const unsubscribe = app.live.subscribe(userId, send, () => reply.sse.close());
      reply.sse.onClose(unsubscribe);
      await reply.sse.send({ event: 'ready', data: {} });
    },
  );
}
