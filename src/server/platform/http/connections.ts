import type { Server } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type { ConnectionLimits } from '../config';

/**
 * How often Node looks for connections past their head or request deadline. Its default (30 s) would let
 * a 10 s deadline stretch to 40 s; looking each second costs a walk over the open connections.
 */
const DEADLINE_CHECK_MS = 1000;

/** How often a count of connections refused at the cap is logged, so a flood is one line, not thousands. */
const DROPPED_LOG_INTERVAL_MS = 60_000;

/** Fastify's server options for the connection deadlines (Node's http server applies them). */
export function connectionOptions(limits: ConnectionLimits) {
  return {
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      connectionsCheckingInterval: Math.min(DEADLINE_CHECK_MS, limits.headersTimeoutMs),
    },
  };
}

/**
 * Caps the open connections of `server`. Node closes a connection over the cap as it arrives (before
 * reading anything from it), which keeps the file descriptors and memory of one instance bounded;
 * the refusals are counted and logged once a minute.
 */
export function capConnections(server: Server, limits: ConnectionLimits, log: FastifyBaseLogger): () => void {
  server.maxConnections = limits.maxConnections;
  // Refusals since the last line; a timer runs while a spell of refusals lasts.
  let dropped = 0;
  let timer: NodeJS.Timeout | undefined;
  const endOfMinute = () => {
    timer = undefined;
    if (dropped === 0) return;
    log.warn({ dropped, maxConnections: limits.maxConnections }, 'connections refused: the cap was reached');
    dropped = 0;
    timer = setTimeout(endOfMinute, DROPPED_LOG_INTERVAL_MS).unref();
  };
  server.on('drop', () => {
    if (timer) {
      dropped += 1;
      return;
    }
    // The first refusal after a quiet minute is said at once; the rest of the minute's are summed.
    log.warn({ dropped: 1, maxConnections: limits.maxConnections }, 'connections refused: the cap was reached');
    timer = setTimeout(endOfMinute, DROPPED_LOG_INTERVAL_MS).unref();
  });
  return () => {
    if (timer) clearTimeout(timer);
  };
}
