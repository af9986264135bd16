/**
 * The `cxc` command for operators: `cxc migrate up|down|status`, `cxc seed`.
 * It reads the same configuration (environment) as the server.
 */
import { ConfigError, loadConfig } from './platform/config';
import { openDatabase, type DatabaseHandle } from './platform/db/database';
import { migrateDown, migrateToLatest, migrationStatus } from './platform/db/migrate';
import { prepareDatabase } from './startup';

const USAGE = `Usage: cxc <command>

Commands:
  migrate up           apply every pending migration
  migrate down [--all] revert the latest migration (or all of them)
  migrate status       list migrations and when each was applied
  seed                 migrate, then load the reference data (taxonomy, regions, languages, projects)
  help                 show this text

Configuration comes from the environment, as for the server (DATABASE_URL...).`;

type Command = (database: DatabaseHandle, args: string[]) => Promise<string[]>;

const COMMANDS: Record<string, Command> = {
  'migrate up': async (database) => {
    const applied = await database.dialect.withStartupLock(database.db, () => migrateToLatest(database.db));
    return applied.length > 0 ? applied : ['Already up to date.'];
  },
  'migrate down': async (database, args) => {
    const reverted = await database.dialect.withStartupLock(database.db, () => migrateDown(database.db, { all: args.includes('--all') }));
    return reverted.length > 0 ? reverted : ['Nothing to revert.'];
  },
  'migrate status': async (database) =>
    (await migrationStatus(database.db)).map((entry) =>
      `${entry.executedAt ? `applied ${entry.executedAt.toISOString()}` : 'pending                       '}  ${entry.name}`),
  seed: async (database) => {
    await prepareDatabase(database);
    return ['Reference data is loaded.'];
  },
};

async function run(argv: string[]): Promise<number> {
  const [first, second, ...rest] = argv;
  const key = first === 'migrate' ? `migrate ${second ?? ''}` : first ?? 'help';
  const command = COMMANDS[key];
  if (!command) {
    process.stdout.write(`${USAGE}\n`);
    return key === 'help' || key === '--help' ? 0 : 2;
  }
  const config = loadConfig();
  const database = openDatabase(config.database);
  try {
    const lines = await command(database, first === 'migrate' ? rest : [second ?? '', ...rest]);
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    await database.close();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
