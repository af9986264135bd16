import { ConfigError, loadConfig } from './platform/config';
import { openDatabase } from './platform/db/database';
import { buildApp } from './app';
import { prepareDatabase } from './startup';

/** Starts the server: config -> database -> migrate and seed -> app -> listen. */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = openDatabase(config.database);
  await prepareDatabase(database);
  const app = await buildApp({ config, database });

  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ host: config.host, port: config.port });
  app.log.info(`Capacity Exchange is ready at ${config.publicUrl} (database: ${database.dialect.name})`);
  // The first search would otherwise wait for the whole index (seconds at 100,000 people); /api/ready
  // says 503 until it is loaded.
  app.searchSync.warm();
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
