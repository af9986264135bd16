/**
 * The `cxc` command for operators: `cxc migrate up|down|status`, `cxc seed`, `cxc backup|restore`.
 * It reads the same configuration (environment) as the server.
 */
import { ConfigError, loadConfig } from './platform/config';
import { openDatabase, type DatabaseHandle } from './platform/db/database';
import { migrateDown, migrateToLatest, migrationStatus } from './platform/db/migrate';
import { prepareDatabase, sayOnStandardError } from './startup';
import { usersService } from './features/accounts/users.service';
import { seedDemoPeople } from './features/profiles/demo.seed';
import { searchIndexFor } from './search-index';
import { seedDemoOrganizations } from './features/organizations/demo.seed';
import { seedDemoResources } from './features/resources/demo.seed';
import { seedDemoServices } from './features/services/demo.seed';
import { seedDemoMessages } from './features/messages/demo-messages';
import { organizationsService } from './features/organizations/organizations.service';
import { readJsonData } from './platform/data-files';
import { Translator } from './platform/i18n';

/** A progress bar on a terminal; a line every tenth of the way otherwise (logs, CI). */
function progressBar(what: string): (done: number, total: number) => void {
  const started = Date.now();
  let lastTenth = -1;
  return (done, total) => {
    const fraction = done / total;
    const rate = Math.round(done / Math.max(0.001, (Date.now() - started) / 1000));
    const text = `${done.toLocaleString('en')} / ${total.toLocaleString('en')} ${what} (${rate.toLocaleString('en')}/s)`;
    if (process.stderr.isTTY) {
      const width = 30;
      const filled = Math.round(fraction * width);
      process.stderr.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}${done === total ? '\n' : ''}`,
      );
    } else if (Math.floor(fraction * 10) > lastTenth || done === total) {
      lastTenth = Math.floor(fraction * 10);
      process.stderr.write(`${text}\n`);
    }
  };
}
import { AppError } from './platform/errors';
import { backUpDatabase, restoreDatabase } from './backups';

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function changeRole(database: DatabaseHandle, args: string[], grant: boolean): Promise<string[]> {
  const [handle, role] = args;
  if (!handle || (role !== 'moderator' && role !== 'admin'))
    throw new Error('Usage: cxc user grant|revoke <e-mail or Wikimedia username> <moderator|admin>');
  try {
    const user = await usersService(database.db).setRoleByHandle(handle, grant ? role : 'member');
    return [`${user.display_name ?? user.email ?? user.wikimedia_username ?? handle} is now ${user.role}.`];
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found')
      throw new Error(`No account has the e-mail address or Wikimedia username ${handle}.`);
    if (error instanceof AppError && error.code === 'last_admin')
      throw new Error('This is the last admin; grant admin to someone else first.');
    throw error;
  }
}

const USAGE = `Usage: cxc <command>

Commands:
  migrate up           apply every pending migration
  migrate down [--all] revert the latest migration (or all of them)
  migrate status       list migrations and when each was applied
  seed                 migrate, then load the reference data (taxonomy, regions, languages, projects)
  seed --demo [--people N] [--organizations N] [--resources N] [--services N] [--messages N]
                       also add synthetic demo people (default 500), organizations (default one
                       per fifty people), marked as demo, learning resources and services by
                       demo people (default one per twenty and one per fifty people) and
                       messages among the demo people (default two per person)
  user grant <e-mail or Wikimedia username> <moderator|admin>
                       give a member a role (the first admin comes from here)
  user revoke <e-mail or Wikimedia username> <moderator|admin>
                       take a role back (the member stays a member)
  backup <file>        write a copy of the whole database, as of one moment, into <file> (a SQLite file,
                       or a pg_dump archive in custom format); the app may keep running
  restore <file>       load a backup into the empty database DATABASE_URL names (a new file, or a new
                       PostgreSQL database), update its schema and check its search documents
  import affiliates   load data/affiliates.json as unclaimed organizations (again: updates, never duplicates)
  help                 show this text

Configuration comes from the environment, as for the server (DATABASE_URL...).`;

type Command = (database: DatabaseHandle, args: string[]) => Promise<string[]>;

const COMMANDS: Record<string, Command> = {
  'migrate up': async (database) => {
    const applied = await database.dialect.withStartupLock(
      database.db,
      () => migrateToLatest(database.db),
      sayOnStandardError,
    );
    return applied.length > 0 ? applied : ['Already up to date.'];
  },
  'migrate down': async (database, args) => {
    const reverted = await database.dialect.withStartupLock(
      database.db,
      () => migrateDown(database.db, { all: args.includes('--all') }),
      sayOnStandardError,
    );
    return reverted.length > 0 ? reverted : ['Nothing to revert.'];
  },
  'migrate status': async (database) =>
    (await migrationStatus(database.db)).map(
      (entry) =>
        `${entry.executedAt ? `applied ${entry.executedAt.toISOString()}` : 'pending                       '}  ${entry.name}`,
    ),
  'import affiliates': async (database) => {
    await prepareDatabase(database);
    const config = loadConfig();
    const organizations = organizationsService({
      ...database,
      config,
      translator: new Translator(),
      search: searchIndexFor(database),
    });
    const counts = await organizations.importAffiliates(readJsonData('affiliates.json'));
    return [`Affiliates imported: ${counts.created} new, ${counts.updated} updated.`];
  },
  backup: async (database, [file]) => {
    if (!file) throw new Error('Usage: cxc backup <file>');
    const written = await backUpDatabase(database, loadConfig().database, file);
    return [`Backed up to ${written.file} (${megabytes(written.bytes)}) in ${written.seconds.toFixed(1)} s.`];
  },
  restore: async (database, [file]) => {
    if (!file) throw new Error('Usage: cxc restore <file>');
    const done = await restoreDatabase(database, file, sayOnStandardError);
    return [
      `Restored ${done.tables} tables, ${done.rows.toLocaleString('en')} rows, in ${done.seconds.toFixed(1)} s.`,
      done.migrationsApplied.length > 0
        ? `Brought the schema up to date: ${done.migrationsApplied.join(', ')}.`
        : 'The schema was up to date.',
      done.documentsRebuilt > 0
        ? `Rebuilt the search documents of ${done.documentsRebuilt.toLocaleString('en')} records: they were missing or disagreed with them.`
        : 'Every search document agrees with its record.',
    ];
  },
  'user grant': (database, args) => changeRole(database, args, true),
  'user revoke': (database, args) => changeRole(database, args, false),
  seed: async (database, args) => {
    await prepareDatabase(database);
    if (!args.includes('--demo')) return ['Reference data is loaded.'];
    const count = (flag: string, fallback: number) => {
      if (!args.includes(flag)) return fallback;
      const value = Number(args[args.indexOf(flag) + 1]);
      if (!Number.isInteger(value) || value < 0 || value > 10_000_000)
        throw new Error(`${flag} needs a whole number from 0 to 10000000`);
      return value;
    };
    const people = count('--people', 500);
    // One organization for every fifty people: 2,000 beside 100,000 people.
    const organizations = count('--organizations', Math.max(1, Math.round(people / 50)));
    // One learning resource for every twenty people: 5,000 beside 100,000 people.
    const resources = count('--resources', Math.round(people / 20));
    // One service for every fifty people: 2,000 beside 100,000 people.
    const services = count('--services', Math.round(people / 50));
    // Two messages per person: 200,000 among 100,000 people.
    const messages = count('--messages', people * 2);
    const started = Date.now();
    await seedDemoPeople(database, people, progressBar('demo people'));
    await seedDemoOrganizations(database, organizations);
    await seedDemoResources(database, resources);
    await seedDemoServices(database, services);
    const seeded = Date.now();
    await searchIndexFor(database).indexMissing(progressBar('search documents'));
    const indexed = Date.now();
    const talk =
      messages > 0
        ? await seedDemoMessages(database, messages, { onProgress: progressBar('demo messages') })
        : undefined;
    return [
      `Added ${people.toLocaleString('en')} demo people, ${organizations.toLocaleString('en')} demo organizations, ${resources.toLocaleString('en')} demo learning resources and ${services.toLocaleString('en')} demo services in ${((seeded - started) / 1000).toFixed(1)} s;`,
      `indexed them for search in ${((indexed - seeded) / 1000).toFixed(1)} s.`,
      ...(talk
        ? [
            `Added ${talk.messages.toLocaleString('en')} demo messages in ${talk.conversations.toLocaleString('en')} conversations in ${((Date.now() - indexed) / 1000).toFixed(1)} s.`,
          ]
        : []),
    ];
  },
};

async function run(argv: string[]): Promise<number> {
  const [first, second, ...rest] = argv;
  const grouped = first === 'migrate' || first === 'user' || first === 'import';
  const key = grouped ? `${first} ${second ?? ''}` : (first ?? 'help');
  const command = COMMANDS[key];
  if (!command) {
    process.stdout.write(`${USAGE}\n`);
    return key === 'help' || key === '--help' ? 0 : 2;
  }
  const config = loadConfig();
  const database = openDatabase(config.database, { bulk: true });
  try {
    const lines = await command(database, grouped ? rest : [second ?? '', ...rest]);
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    await database.close();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
