import fastifySse from '@fastify/sse';
import type { AppInstance } from '../../app';
import { errorResponses, NoContent } from '../../platform/http/schemas';
import type { LiveSignal } from '../../platform/live';
import { MarkReadBody, NotificationList } from './notifications.schema';
import { notificationsService } from './notifications.service';

export async function notificationsRoutes(app: AppInstance): Promise<void> {
  const service = notificationsService(app.database.db);
  const tags = ['notifications'];
  await app.register(fastifySse, { heartbeatInterval: app.config.liveHeartbeatMs });

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
      // Proxies (nginx) would otherwise buffer the stream.
      reply.header('x-accel-buffering', 'no');
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
      const unsubscribe = app.live.subscribe(userId, send);
      reply.sse.onClose(unsubscribe);
      await reply.sse.send({ event: 'ready', data: {} });
    },
  );
}
