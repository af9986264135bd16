import { timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import fp from 'fastify-plugin';
import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { AppInstance } from '../../app';
import { AppError } from '../../platform/errors';
import { appMetrics } from './metrics';

/** The addresses and subnets of METRICS_ALLOW as one list to check a client against. */
function allowList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

/** Compares secrets in constant time, so a wrong guess says nothing about how close it was. */
function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `GET /metrics` (Prometheus text) for the allowed addresses (METRICS_ALLOW, loopback by default),
 * or for anyone sending `Authorization: Bearer <METRICS_TOKEN>`. Others get 403: the measures say
 * how busy the site is and which routes fail, which is the operator's to know. Every answered request
 * is measured (an `onResponse` hook for the whole app).
 */
export const metricsRoutes = fp(async (app: AppInstance) => {
  const metrics = appMetrics({ jobs: app.jobs, searchSync: app.searchSync, dialect: app.database.dialect });
  const allowed = allowList(app.config.metrics.allow);
  const { token } = app.config.metrics;

  const mayRead = (request: FastifyRequest): boolean => {
    const bearer = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (token && bearer && sameSecret(bearer, token)) return true;
    // IPv4 clients of a dual-stack socket arrive as ::ffff:a.b.c.d.
    const address = request.ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
    return allowed.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
  };

  app.addHook('onResponse', async (request, reply) => {
    metrics.observe(
      request.method,
      request.routeOptions.url ?? '(no route)',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });

  app.get(
    '/metrics',
    {
      schema: {
        summary: "This instance's measures in Prometheus text format, for allowed addresses or the metrics token",
        tags: ['service'],
        response: {
          200: Type.String({ description: 'Prometheus text exposition format 0.0.4' }),
          403: Type.Ref('ErrorResponse'),
        },
      },
    },
    async (request, reply) => {
      if (!mayRead(request)) throw new AppError('forbidden');
      reply.header('cache-control', 'no-store');
      return reply.type(metrics.contentType).send(await metrics.text());
    },
  );
});
