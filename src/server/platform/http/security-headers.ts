import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';
import type { Config } from '../config';

/** The policy every answer carries: our own origin for everything, no frames, no plugins. */
export function securityHeaderOptions(config: Config): HelmetOptions {
  const https = config.publicUrl.startsWith('https://');
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        // Commons images only when the operator turned them on (EXTERNAL_IMAGES); else no other site at all.
        imgSrc: [
          "'self'",
          'data:',
          ...(config.externalImages ? ['https://commons.wikimedia.org', 'https://upload.wikimedia.org'] : []),
        ],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // Served over plain http on a laptop; HSTS there would lock the browser out of localhost.
    strictTransportSecurity: https,
    crossOriginEmbedderPolicy: false,
  };
}

/**
 * Helmet's headers on every answer. The middleware is built once: the Fastify wrapper builds it
 * again for every request (parsing the whole policy each time), which cost about 3% of the server's
 * time on the busiest read paths. We use no per-route policies or nonces, so nothing is lost.
 */
export const securityHeadersPlugin = fp(
  async (app: FastifyInstance, options: { config: Config }) => {
    const applyHeaders = helmet(securityHeaderOptions(options.config));
    app.addHook('onRequest', (request, reply, done) => {
      applyHeaders(request.raw, reply.raw, (error) => done(error instanceof Error ? error : undefined));
    });
  },
  { name: 'security-headers' },
);
