import pg from 'pg';
import { sql } from 'kysely';
import type { LiveChannel, LiveEvent, LiveSignal } from '../../live';
import type { Db } from '../schema';

const CHANNEL = 'cxc_live';
const RETRY_MS = [100, 500, 1000, 2000, 5000];

/**
 * Live events between instances through LISTEN/NOTIFY: each instance holds one dedicated connection
 * that listens (a pooled connection could not: LISTEN belongs to a session), and publishes with
 * `pg_notify` through its pool. When the listening connection drops it reconnects with back-off and
 * then tells its listeners `reconnected`, since events sent meanwhile did not reach it.
 */
export function postgresLiveChannel(url: string, db: Db, onProblem: (error: unknown) => void): LiveChannel {
  const listeners: ((signal: LiveSignal) => void)[] = [];
  let client: pg.Client | undefined;
  let closed = false;
  let attempt = 0;
  let retryTimer: NodeJS.Timeout | undefined;
  let connected: Promise<void> | undefined;

  const tell = (signal: LiveSignal) => {
    for (const listener of listeners) listener(signal);
  };

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    next.on('notification', (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      try {
        tell({ type: 'event', event: JSON.parse(message.payload) as LiveEvent });
      } catch (error) {
        onProblem(error);
      }
    });
    const lost = (error?: unknown) => {
      if (client !== next) return;
      client = undefined;
      if (error) onProblem(error);
      next.removeAllListeners('end');
      void next.end().catch(() => undefined);
      scheduleReconnect();
    };
    next.on('error', lost);
    next.on('end', () => lost());
    await next.connect();
    await next.query(`LISTEN ${CHANNEL}`);
    if (closed) {
      await next.end();
      return;
    }
    client = next;
    if (attempt > 0) tell({ type: 'reconnected' });
    attempt = 0;
  }

  function scheduleReconnect(): void {
    if (closed) return;
    const delay = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]!;
    attempt += 1;
    retryTimer = setTimeout(() => {
      connected = connect().catch((error: unknown) => {
        onProblem(error);
        scheduleReconnect();
      });
    }, delay);
    retryTimer.unref();
  }

  return {
    async publish(event) {
      await sql`select pg_notify(${CHANNEL}, ${JSON.stringify(event)})`.execute(db);
    },
    listen(listener) {
      listeners.push(listener);
      if (!connected && !closed)
        connected = connect().catch((error: unknown) => {
          onProblem(error);
          scheduleReconnect();
        });
    },
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      await connected;
      const current = client;
      client = undefined;
      await current?.end().catch(() => undefined);
    },
  };
}

/** For tests of the reconnection: ends this instance's listening connection as if the network dropped it. */
export async function dropListeningConnections(db: Db): Promise<void> {
  await sql`select pg_terminate_backend(pid) from pg_stat_activity where query = ${`LISTEN ${CHANNEL}`} and datname = current_database()`.execute(
    db,
  );
}
