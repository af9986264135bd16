/**
 * After "Delete my account", nothing the person gave may be left where the database keeps its data:
 * on SQLite in the bytes of the database file and of its -wal and -shm files (while the app runs and
 * after it stopped), on PostgreSQL in any table's text, with the erased rows' space vacuumed.
 */
import { randomInt } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { foldForMatching } from '../../../shared/text';
import { sha256 } from '../../platform/crypto';
import type { Db } from '../../platform/db/schema';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { buildProfile, createMember, createOrganization, type TestMember } from '../../test-support/factories';
import { TestClient } from '../../test-support/http-client';
import { SmtpCapture, tokenFromMail } from '../../test-support/smtp-capture';
import { startTestApp, type TestApp } from '../../test-support/test-app';

const smtp = new SmtpCapture();
beforeAll(async () => {
  await smtp.start();
});
afterAll(async () => {
  await smtp.stop();
});

/**
 * A word no other data holds: letters g-z only, so it never turns up inside the hex of an id,
 * a hash or a token. Every value below carries its own.
 */
function tag(): string {
  return Array.from({ length: 12 }, () => String.fromCharCode(103 + randomInt(20))).join('');
}

interface ErasedPerson {
  readonly userId: string;
  /** Every value the person gave, by what it is. */
  readonly values: Readonly<Record<string, string>>;
  /** The unique word in each value, by the same names. */
  readonly tags: Readonly<Record<string, string>>;
  readonly client: TestClient;
  readonly displayName: string;
}

/**
 * Someone who signed up through the API and put a distinctive value in every personal field:
 * each profile section, capacity notes, contact options, a capacity suggestion, a request to manage
 * an organization, messages to another member, an invitation and a report.
 */
async function personWithEverything(testApp: TestApp): Promise<ErasedPerson> {
  const tags: Record<string, string> = {};
  const named = (name: string, make: (word: string) => string) => {
    tags[name] = tag();
    return make(tags[name]);
  };
  const values = {
    email: named('email', (word) => `erasable.${word}@example.org`),
    displayName: named('displayName', (word) => `Zéphyrine Quåckenbüsh${word}`),
    handle: named('handle', (word) => `Erasable-${word}`),
    pronouns: named('pronouns', (word) => `xe/xem${word}`),
    bio: named('bio', (word) => `I keep bees near Ålmøndgrove${word} and write about Ünterwald.`),
    availability: named('availability', (word) => `Weekends, Mårrowlight${word} time`),
    shareNote: named('shareNote', (word) => `Nötewhisker${word} budgets`),
    learnNote: named('learnNote', (word) => `Grâcefern${word} workshops`),
    contactEmail: named('contactEmail', (word) => `reach.${word}@example.net`),
    telegram: named('telegram', (word) => `@tg${word}`),
    matrix: named('matrix', (word) => `@mx${word}:example.org`),
    link: named('link', (word) => `https://example.com/${word}/page`),
    suggestion: named('suggestion', (word) => `Brîndlewhisk${word} mapping`),
    managerRequest: named('managerRequest', (word) => `I chair the Plümquiver${word} board.`),
    firstMessage: named('firstMessage', (word) => `Olá! Saffrønquill${word} here, could we talk?`),
    laterMessage: named('laterMessage', (word) => `Thanks, Tåmbourine${word} it is.`),
    inviteeEmail: named('inviteeEmail', (word) => `invitee.${word}@example.com`),
    invitationNote: named('invitationNote', (word) => `Join me, Gristlewöod${word} colleague!`),
    reportExplanation: named('reportExplanation', (word) => `They sent Thîstledown${word} adverts.`),
    appeal: named('appeal', (word) => `I rewrote it, Wîllowmere${word} promise.`),
    resourceTitle: named('resourceTitle', (word) => `Guía Brämblecrest${word} para capítulos`),
    resourceDescription: named('resourceDescription', (word) => `How we ran the Quillsworth${word} sprint.`),
    serviceTitle: named('serviceTitle', (word) => `Mentoring with Fëathermoss${word}`),
    serviceAvailability: named('serviceAvailability', (word) => `Tuesdays at Cöbblestone${word} hall`),
  };

  const other = await buildProfile(await createMember(testApp, { displayName: 'Bruno Other' }));
  const organization = await createOrganization(testApp, { name: 'Wikimedia Erasure Test', acronym: 'WMET' });

  const client = new TestClient(testApp.app);
  const before = smtp.messages.length;
  const password = 'a long and unusual passphrase';
  expect((await client.post('/api/auth/sign-up', { email: values.email, password, language: 'en' })).status).toBe(202);
  const verified = await client.post('/api/auth/verify', {
    token: tokenFromMail(await smtp.nextTo(values.email, before)),
  });
  expect(verified.status).toBe(200);
  const userId = verified.body.id;
  expect(
    (
      await client.post('/api/account/consent', {
        displayName: values.displayName,
        acceptCodeOfConduct: true,
        acceptPrivacy: true,
      })
    ).status,
  ).toBe(200);
  // Rate-limit rows and a queued mail keyed by the address.
  expect(
    (await new TestClient(testApp.app).post('/api/auth/sign-in', { email: values.email, password: 'wrong' })).status,
  ).toBe(401);
  const beforeReset = smtp.messages.length;
  expect((await new TestClient(testApp.app).post('/api/auth/password-reset', { email: values.email })).status).toBe(
    202,
  );
  await smtp.nextTo(values.email, beforeReset);

  const member: TestMember = { userId, email: values.email, displayName: values.displayName, client };
  await buildProfile(member, {
    about: {
      handle: values.handle,
      pronouns: values.pronouns,
      bio: values.bio,
      bioLanguage: 'en',
      visibility: { name: 'public', username: 'public', pronouns: 'public', bio: 'public' },
    },
    languages: { languages: [{ code: 'pt', level: '4' }], visibility: 'public' },
    location: {
      country: 'PT',
      timeZone: 'Europe/Lisbon',
      availability: values.availability,
      visibility: { country: 'public', availability: 'public' },
    },
    capacities: {
      knows: [],
      shares: [{ id: 12, level: null, note: values.shareNote }],
      learns: [{ id: 94, level: null, note: values.learnNote }],
      visibility: 'public',
    },
    contacts: {
      contacts: [
        { kind: 'email', value: values.contactEmail, visibility: 'members' },
        { kind: 'telegram', value: values.telegram, visibility: 'members' },
        { kind: 'matrix', value: values.matrix, visibility: 'public' },
        { kind: 'link', value: values.link, visibility: 'public' },
      ],
    },
    settings: { showToVisitors: true, inSearch: true },
  });
  // Found by search, so the search documents hold the person's words.
  const found = (await other.client.get(`/api/search?q=${encodeURIComponent(`almondgrove${tags.bio}`)}`)).body;
  expect(found.results.map((result) => result.address)).toContain(values.handle);

  expect(
    (await client.post('/api/capacity-suggestions', { name: values.suggestion, wikidataQid: null, parentId: 36 }))
      .status,
  ).toBe(201);
  expect(
    (
      await client.post(`/api/organizations/${organization.slug}/manager-requests`, {
        message: values.managerRequest,
      })
    ).status,
  ).toBe(204);

  const sent = await client.post('/api/conversations', { handle: other.handle, body: values.firstMessage });
  expect(sent.status).toBe(201);
  const conversationId = (sent.body as { id: string }).id;
  expect(
    (await other.client.post(`/api/conversations/${conversationId}/messages`, { body: 'Sure, happy to.' })).status,
  ).toBe(201);
  expect(
    (await client.post(`/api/conversations/${conversationId}/messages`, { body: values.laterMessage })).status,
  ).toBe(201);

  const beforeInvitation = smtp.messages.length;
  expect(
    (
      await client.post('/api/invitations', {
        email: values.inviteeEmail,
        note: values.invitationNote,
        language: 'en',
      })
    ).status,
  ).toBe(202);
  await smtp.nextTo(values.inviteeEmail, beforeInvitation);
  expect(
    (
      await client.post('/api/reports', {
        type: 'profile',
        reference: other.handle,
        category: 'spam',
        explanation: values.reportExplanation,
      })
    ).status,
  ).toBe(201);

  // Others' reports keep copies of what they reported; a moderator acts, and the person appeals.
  const conversation = (await other.client.get(`/api/conversations/${conversationId}`)).body;
  const reportedMessage = conversation.messages.find((message) => message.text === values.firstMessage)!;
  const reportByOther = async (type: 'message' | 'profile', reference: string) => {
    const reported = await other.client.post('/api/reports', {
      type,
      reference,
      category: 'harassment',
      explanation: 'Unkind.',
    });
    expect(reported.status).toBe(201);
    return (reported.body as { id: string }).id;
  };
  await reportByOther('message', reportedMessage.id);
  const profileReport = await reportByOther('profile', values.handle);
  const moderator = await createMember(testApp, { role: 'moderator' });
  expect((await moderator.client.post(`/api/moderation/reports/${profileReport}/claim`)).status).toBe(204);
  expect(
    (
      await moderator.client.post(`/api/moderation/reports/${profileReport}/decision`, {
        action: 'warn',
        reason: 'Please keep it kind.',
      })
    ).status,
  ).toBe(204);
  // A learning resource and a service of their own (they go whole at erasure).
  const resource = await client.post('/api/resources', {
    texts: [{ language: 'es', title: values.resourceTitle, description: values.resourceDescription }],
    kind: 'how-to',
    level: null,
    licence: 'CC-BY-SA-4.0',
    url: values.link,
    commonsFile: null,
    publishedOn: null,
    languages: ['es'],
    capacities: [12],
    authors: [],
    organization: null,
    visibility: 'public',
  });
  expect(resource.status).toBe(201);
  const service = await client.post('/api/services', {
    texts: [
      {
        language: 'en',
        title: values.serviceTitle,
        description: '',
        availability: values.serviceAvailability,
        costNote: '',
      },
    ],
    kind: 'training',
    format: 'online',
    cost: 'free',
    languages: ['en'],
    capacities: [12],
    countries: [],
    regions: [],
    organization: null,
    visibility: 'public',
  });
  expect(service.status).toBe(201);
  const action = (await client.get('/api/account/moderation')).body.actions[0]!;
  expect((await client.post(`/api/account/moderation/${action.id}/appeal`, { text: values.appeal })).status).toBe(204);
  await waitForJobs(testApp.app.database.db);
  return { userId, values, tags, client, displayName: values.displayName };
}

/** Waits until the queue has run every job that is due (mails to the other member, and the like). */
async function waitForJobs(db: Db): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const due = await db
      .selectFrom('jobs')
      .select('id')
      .where('run_at', '<=', Date.now())
      .where('failed_at', 'is', null)
      .execute();
    if (due.length === 0) return;
    if (Date.now() > deadline) throw new Error(`${due.length} jobs still due`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * The forms in which a value may be stored: as given, lower-cased (addresses, `lower(handle)`),
 * folded as the search documents hold it, decomposed, and its unique word alone, lower- and upper-case
 * (a value cut short, escaped in JSON or split into words still carries it). Also the hashes the
 * rate limits would key an address or an id by.
 */
function storedForms(person: ErasedPerson): Map<string, string> {
  const forms = new Map<string, string>();
  for (const [name, value] of Object.entries(person.values)) {
    const word = person.tags[name]!;
    for (const form of [
      value,
      value.toLowerCase(),
      foldForMatching(value),
      value.normalize('NFD'),
      word,
      word.toUpperCase(),
    ])
      forms.set(form, name);
  }
  forms.set(sha256(person.values.email!.toLowerCase()), 'email (hashed)');
  forms.set(sha256(person.userId.toLowerCase()), 'account id (hashed)');
  return forms;
}

describe.each(DATABASE_TARGETS.filter((target) => target.name === 'sqlite'))(
  'an erasure on SQLite leaves none of the person in the database files',
  (target) => {
    let testApp: TestApp | undefined;
    let file = '';
    let stopped = false;
    beforeAll(async () => {
      testApp = await startTestApp(target, { SMTP_URL: smtp.url });
      const database = testApp.app.config.database;
      if (database.kind !== 'sqlite' || database.file === ':memory:') throw new Error('needs a database file');
      file = database.file;
    });
    afterAll(async () => {
      if (testApp && !stopped) {
        await testApp.app.close();
        await testApp.database.close();
      }
      if (file) rmSync(dirname(file), { recursive: true, force: true });
    });

    /** Which of the forms appear in the raw bytes of the database file, its -wal or its -shm. */
    function foundOnDisk(forms: Map<string, string>): string[] {
      const files = [file, `${file}-wal`, `${file}-shm`].filter((path) => existsSync(path));
      const found = new Set<string>();
      for (const path of files) {
        const bytes = readFileSync(path);
        for (const [form, name] of forms)
          if (bytes.includes(Buffer.from(form, 'utf8'))) found.add(`${name} (${JSON.stringify(form)}) in ${path}`);
      }
      return [...found];
    }

    test('after "Delete my account", while running and after a clean stop', async () => {
      const { app, database } = testApp!;
      const person = await personWithEverything(testApp!);
      const forms = storedForms(person);
      // The scan must see the values before the erasure, or it would prove nothing after it.
      const seen = new Set(foundOnDisk(forms).map((entry) => entry.split(' (')[0]));
      for (const name of Object.keys(person.values)) expect(seen, name).toContain(name);

      const erased = await person.client.post('/api/account/delete', { confirmation: person.displayName });
      expect(erased.status).toBe(204);
      expect(foundOnDisk(forms)).toEqual([]);
      expect(existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`).length : 0).toBe(0);

      await app.close();
      await database.close();
      stopped = true;
      expect(foundOnDisk(forms)).toEqual([]);
    });
  },
);

describe.each(DATABASE_TARGETS.filter((target) => target.name === 'postgres'))(
  'an erasure on PostgreSQL leaves none of the person in any table, and vacuums what it touched',
  (target) => {
    let testApp: TestApp;
    beforeAll(async () => {
      testApp = await startTestApp(target, { SMTP_URL: smtp.url });
    });
    afterAll(async () => {
      await testApp.close();
    });

    test('after "Delete my account"', async () => {
      const db = testApp.app.database.db;
      const person = await personWithEverything(testApp);
      const columns = await sql<{ table_name: string; column_name: string }>`
        select table_name, column_name from information_schema.columns
        where table_schema = current_schema()
          and data_type in ('text', 'character varying', 'character', 'json', 'jsonb')`.execute(db);
      const names = storedForms(person);
      const holding = async () => {
        const found: string[] = [];
        for (const { table_name: table, column_name: column } of columns.rows) {
          const { rows } = await sql<{ form: string }>`select form from unnest(${[...names.keys()]}::text[]) as f(form)
            where exists (select 1 from ${sql.table(table)} where strpos(${sql.ref(column)}::text, form) > 0)`.execute(
            db,
          );
          found.push(...rows.map((row) => `${names.get(row.form)} in ${table}.${column}`));
        }
        return found;
      };
      const seen = new Set((await holding()).map((entry) => entry.split(' in ')[0]));
      for (const name of Object.keys(person.values)) expect(seen, name).toContain(name);

      // A transaction still open when the erasure commits (a job claim) would keep the rows it can
      // see until the next vacuum: nothing else runs meanwhile here.
      await testApp.app.jobs.stop();
      const erasureStarted = new Date();
      const erased = await person.client.post('/api/account/delete', { confirmation: person.displayName });
      expect(erased.status).toBe(204);
      expect(await holding()).toEqual([]);

      await sql`create extension if not exists pgstattuple`.execute(db);
      const tables = await sql<{ relname: string; last_vacuum: Date | null; dead: number }>`
        select relname, last_vacuum, (pgstattuple(relid)).dead_tuple_count::int as dead
        from pg_stat_user_tables where schemaname = current_schema()`.execute(db);
      const byName = new Map(tables.rows.map((row) => [row.relname, row]));
      for (const table of [
        'users',
        'sessions',
        'consents',
        'email_tokens',
        'profiles',
        'profile_capacities',
        'profile_contacts',
        'profile_languages',
        'search_documents',
        'capacity_suggestions',
        'organization_manager_requests',
        'messages',
        'invitations',
        'reports',
      ]) {
        const row = byName.get(table);
        expect(row?.last_vacuum, table).toBeInstanceOf(Date);
        expect(row!.last_vacuum!.getTime(), table).toBeGreaterThanOrEqual(erasureStarted.getTime() - 1000);
      }
      const vacuumed = tables.rows.filter(
        (row) => row.last_vacuum !== null && row.last_vacuum.getTime() >= erasureStarted.getTime() - 1000,
      );
      expect(vacuumed.filter((row) => row.dead > 0).map((row) => `${row.relname}: ${row.dead}`)).toEqual([]);
    });
  },
);
