import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { createMember, createOrganization, searchablePerson, type TestMember } from '../../test-support/factories';
import type { TestClient } from '../../test-support/http-client';
import { SmtpCapture } from '../../test-support/smtp-capture';
import { useTestApp } from '../../test-support/test-app';

const smtp = new SmtpCapture();
beforeAll(async () => {
  await smtp.start();
});
afterAll(async () => {
  await smtp.stop();
});

const CANARY = 'canary-explanation-7f3a';

describe.each(DATABASE_TARGETS)('the safe space on $name', (target) => {
  // Every account counts towards hiding at once here (in production only accounts older than 7 days).
  const testApp = useTestApp(target, () => ({
    SMTP_URL: smtp.url,
    AUTO_HIDE_ACCOUNT_DAYS: '0',
    AUTO_HIDE_REPORTS: '3',
  }));
  let handles = 0;
  const person = (name: string) => {
    handles += 1;
    return searchablePerson(testApp.current, { handle: `${name.toLowerCase()}-${handles}`, displayName: name });
  };

  let moderator: TestMember;
  let secondModerator: TestMember;
  let admin: TestMember;
  beforeAll(async () => {
    moderator = await createMember(testApp.current, { role: 'moderator', displayName: 'Mona Moderator' });
    secondModerator = await createMember(testApp.current, { role: 'moderator', displayName: 'Omar Moderator' });
    admin = await createMember(testApp.current, { role: 'admin', displayName: 'Ada Admin' });
  });

  async function report(client: TestClient, body: { type: 'profile' | 'organization' | 'message'; reference: string }) {
    return client.post('/api/reports', { ...body, category: 'harassment', explanation: CANARY });
  }

  test('a report keeps a snapshot, reaches the queue, and only moderators learn who reported and why', async () => {
    const reporter = await person('Rita');
    const reported = await person('Tomas');
    const sent = await report(reporter.client, { type: 'profile', reference: reported.handle });
    expect(sent.status).toBe(201);
    const id = (sent.body as { id: string }).id;

    // The profile changes after the report: the evidence does not.
    await reported.client.put('/api/profile/about', {
      displayName: 'Tomas Edited',
      handle: reported.handle,
      pronouns: null,
      bio: null,
      bioLanguage: null,
      avatarCommonsFile: null,
      visibility: { name: 'public', username: 'public', pronouns: 'public', bio: 'public' },
    } as never);

    const detail = await moderator.client.get(`/api/moderation/reports/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      type: 'profile',
      category: 'harassment',
      explanation: CANARY,
      status: 'open',
      reporter: { handle: reporter.handle, name: 'Rita' },
      owner: { handle: reported.handle },
      snapshot: { label: 'Tomas' },
      aboutMe: false,
    });
    expect(detail.body.current?.hidden).toBe(false);

    // The canary: nothing the reported member can read carries the explanation or the reporter.
    for (const path of ['/api/account/moderation', '/api/notifications', '/api/account/export']) {
      const seen = await reported.client.request('GET', path);
      expect(JSON.stringify(seen.body)).not.toContain(CANARY);
      expect(JSON.stringify(seen.body)).not.toContain(reporter.handle);
    }
    // Members who are not moderators cannot open the queue.
    expect((await reporter.client.get('/api/moderation/reports')).status).toBe(403);
  });

  test('refuses reporting yourself, twice, or what you cannot see, with clear errors and nothing stored', async () => {
    const reporter = await person('Sara');
    const other = await person('Luis');
    const self = await report(reporter.client, { type: 'profile', reference: reporter.handle });
    expect(self.status).toBe(400);
    expect(self.body).toMatchObject({
      error: { code: 'validation_failed', details: [{ field: 'reference', code: 'self' }] },
    });
    expect((await report(reporter.client, { type: 'profile', reference: other.handle })).status).toBe(201);
    const twice = await report(reporter.client, { type: 'profile', reference: other.handle });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({
      error: { code: 'already_reported', message: 'You have already reported this.' },
    });
    expect(
      (await report(reporter.client, { type: 'message', reference: '00000000-0000-4000-8000-000000000000' })).status,
    ).toBe(404);
    expect((await report(reporter.client, { type: 'profile', reference: 'nobody-here' })).status).toBe(404);
    const empty = await reporter.client.post('/api/reports', {
      type: 'profile',
      reference: other.handle,
      category: 'rudeness',
      explanation: '',
    } as never);
    expect(empty.status).toBe(400);
    const mine = await reporter.client.get('/api/account/moderation');
    expect(mine.body.reports).toHaveLength(1);
  });

  test('hiding a profile takes it out of view and search; the member is told why by mail and may appeal once', async () => {
    const reporter = await person('Hana');
    const reported = await person('Ivo');
    const sent = await report(reporter.client, { type: 'profile', reference: reported.handle });
    const id = (sent.body as { id: string }).id;

    expect((await moderator.client.post(`/api/moderation/reports/${id}/claim`)).status).toBe(204);
    // Claimed: another moderator cannot take it or decide it.
    const taken = await secondModerator.client.post(`/api/moderation/reports/${id}/claim`);
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ error: { code: 'report_claimed' } });
    const noReason = await moderator.client.post(`/api/moderation/reports/${id}/decision`, {
      action: 'hide',
      reason: '  ',
    });
    expect(noReason.status).toBe(400);

    const before = smtp.messages.length;
    const decided = await moderator.client.post(`/api/moderation/reports/${id}/decision`, {
      action: 'hide',
      reason: 'The bio insults other members.',
    });
    expect(decided.status).toBe(204);
    const again = await moderator.client.post(`/api/moderation/reports/${id}/decision`, {
      action: 'warn',
      reason: 'x',
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'report_decided' } });

    expect((await reporter.client.request('GET', `/api/people/${reported.handle}`)).status).toBe(404);
    expect((await reported.client.request('GET', `/api/people/${reported.handle}`)).status).toBe(200);
    const found = await reporter.client.request('GET', '/api/search?q=Ivo');
    expect(JSON.stringify(found.body)).not.toContain(reported.handle);

    const mail = await smtp.nextTo(reported.email, before);
    expect(mail.text).toContain('The bio insults other members.');
    expect(mail.text).not.toContain(CANARY);
    const bell = await reporter.client.get('/api/notifications');
    expect(bell.body.items.map((item) => item.kind)).toContain('report-decided');

    const mine = await reported.client.get('/api/account/moderation');
    const action = mine.body.actions[0]!;
    expect(action).toMatchObject({ action: 'hide', reason: 'The bio insults other members.', appeal: null });
    expect(action.appealUntil).not.toBeNull();
    expect(
      (await reported.client.post(`/api/account/moderation/${action.id}/appeal`, { text: 'I changed it.' })).status,
    ).toBe(204);
    const twice = await reported.client.post(`/api/account/moderation/${action.id}/appeal`, { text: 'Again' });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ error: { code: 'appeal_closed' } });
    // Nobody else may appeal it.
    expect((await reporter.client.post(`/api/account/moderation/${action.id}/appeal`, { text: 'Me too' })).status).toBe(
      404,
    );

    // The moderator who acted does not decide the appeal when another one can.
    const appeals = await moderator.client.get('/api/moderation/appeals');
    expect(appeals.body.appeals.find((entry) => entry.id === action.id)).toMatchObject({
      actedByMe: true,
      mayDecide: false,
    });
    const own = await moderator.client.post(`/api/moderation/appeals/${action.id}/decision`, {
      outcome: 'overturned',
      reason: 'x',
    });
    expect(own.status).toBe(403);
    const beforeOutcome = smtp.messages.length;
    const overturned = await secondModerator.client.post(`/api/moderation/appeals/${action.id}/decision`, {
      outcome: 'overturned',
      reason: 'The bio was changed.',
    });
    expect(overturned.status).toBe(204);
    const outcomeMail = await smtp.nextTo(reported.email, beforeOutcome);
    expect(outcomeMail.subject).toBe('Your appeal was decided');
    expect(outcomeMail.text).toContain('The bio was changed.');
    expect((await reporter.client.request('GET', `/api/people/${reported.handle}`)).status).toBe(200);
    const after = await reported.client.get('/api/account/moderation');
    expect(after.body.actions[0]).toMatchObject({ lifted: true, appeal: { outcome: 'overturned' } });
  });

  test('a suspension ends the member’s sessions and sign-ins, hides their profile and marks their conversations', async () => {
    const reporter = await person('Nia');
    const reported = await person('Olek');
    const conversation = await reporter.client.post('/api/conversations', { handle: reported.handle, body: 'Hi Olek' });
    expect(conversation.status).toBe(201);
    const sent = await report(reporter.client, { type: 'profile', reference: reported.handle });
    const id = (sent.body as { id: string }).id;
    const days = await moderator.client.post(`/api/moderation/reports/${id}/decision`, {
      action: 'suspend',
      reason: 'Threats',
    });
    expect(days.status).toBe(400);
    expect(
      (
        await moderator.client.post(`/api/moderation/reports/${id}/decision`, {
          action: 'suspend',
          reason: 'Threats',
          days: 7,
        })
      ).status,
    ).toBe(204);

    expect((await reported.client.get('/api/account')).status).toBe(401);
    await expect(testApp.current.app.accounts.startSession(reported.userId, undefined)).rejects.toMatchObject({
      code: 'account_suspended',
    });
    expect((await reporter.client.request('GET', `/api/people/${reported.handle}`)).status).toBe(404);
    const view = await reporter.client.get(`/api/conversations/${(conversation.body as { id: string }).id}`);
    expect(view.body.other.suspended).toBe(true);
    expect(view.body.canWrite).toBe(false);
    const written = await reporter.client.post('/api/conversations', { handle: reported.handle, body: 'Still there?' });
    expect(written.status).toBe(409);
    expect(written.body).toMatchObject({ error: { code: 'member_suspended' } });
  });

  test('a ban ends sign-ins for good, and the organization only they manage leaves the directory and search', async () => {
    const reporter = await person('Beth');
    const banned = await person('Carl');
    const { db } = testApp.current.app.database;
    const org = await createOrganization(testApp.current, { name: 'Carl Solo Group', acronym: `CSG${handles}` });
    await db
      .insertInto('organization_managers')
      .values({ organization_id: org.id, user_id: banned.userId, added_at: Date.now() })
      .execute();
    const inDirectory = async () =>
      JSON.stringify((await reporter.client.request('GET', '/api/organizations?q=Carl%20Solo')).body).includes(
        org.slug,
      );
    const inSearch = async () =>
      JSON.stringify((await reporter.client.request('GET', '/api/search?q=Carl%20Solo%20Group')).body).includes(
        org.slug,
      );
    expect(await inDirectory()).toBe(true);
    expect(await inSearch()).toBe(true);

    const id = ((await report(reporter.client, { type: 'profile', reference: banned.handle })).body as { id: string })
      .id;
    expect(
      (
        await moderator.client.post(`/api/moderation/reports/${id}/decision`, {
          action: 'ban',
          reason: 'Repeated threats.',
        })
      ).status,
    ).toBe(204);
    expect((await banned.client.get('/api/account')).status).toBe(401);
    await expect(testApp.current.app.accounts.startSession(banned.userId, undefined)).rejects.toMatchObject({
      code: 'account_banned',
    });
    expect((await reporter.client.request('GET', `/api/organizations/${org.slug}`)).status).toBe(404);
    expect(await inDirectory()).toBe(false);
    expect(await inSearch()).toBe(false);
    // An admin still sees it (to give it another manager).
    expect((await admin.client.request('GET', `/api/organizations/${org.slug}`)).status).toBe(200);
  });

  test('reports from three members hide a message until a moderator decides; a dismissal shows it again', async () => {
    const author = await person('Piet');
    const readers = await Promise.all([person('Qin'), person('Rui'), person('Sol')]);
    const messageIds: string[] = [];
    for (const reader of readers) {
      const sent = await author.client.post('/api/conversations', { handle: reader.handle, body: 'Buy cheap watches' });
      const view = await reader.client.get(`/api/conversations/${(sent.body as { id: string }).id}`);
      messageIds.push(view.body.messages[0]!.id);
    }
    // One conversation's message, reported by its reader; the others report their own copy.
    expect((await report(readers[0]!.client, { type: 'message', reference: messageIds[0]! })).status).toBe(201);
    // Someone not in the conversation cannot see the message, so cannot report it.
    expect((await report(readers[1]!.client, { type: 'message', reference: messageIds[0]! })).status).toBe(404);
    expect((await report(author.client, { type: 'message', reference: messageIds[0]! })).status).toBe(400);

    const org = await createOrganization(testApp.current, { name: 'Wikimedia Testland', acronym: `WT${handles}` });
    for (const reader of readers)
      expect((await report(reader.client, { type: 'organization', reference: org.slug })).status).toBe(201);
    expect((await readers[0]!.client.request('GET', `/api/organizations/${org.slug}`)).status).toBe(404);
    const audit = await moderator.client.get('/api/moderation/audit');
    expect(audit.body.entries[0]).toMatchObject({
      action: 'item.hide-automatically',
      actor: null,
      subjectType: 'organization',
    });

    const queue = await moderator.client.request('GET', '/api/moderation/reports?type=organization&status=open');
    const entry = (queue.body as { reports: { id: string; label: string }[] }).reports.find(
      (row) => row.label === 'Wikimedia Testland',
    )!;
    const dismissed = await moderator.client.post(`/api/moderation/reports/${entry.id}/decision`, {
      action: 'dismiss',
      reason: 'An ordinary affiliate page.',
    });
    expect(dismissed.status).toBe(204);
    expect((await readers[0]!.client.request('GET', `/api/organizations/${org.slug}`)).status).toBe(200);
    // One decision answers every report about the item.
    const left = await moderator.client.request('GET', '/api/moderation/reports?type=organization&status=open');
    expect(
      (left.body as { reports: { label: string }[] }).reports.filter((row) => row.label === 'Wikimedia Testland'),
    ).toEqual([]);
  });

  test('writing to members needs a verified e-mail address or a Wikimedia sign-in', async () => {
    const writer = await person('Wes');
    const reader = await person('Xia');
    await testApp.current.app.database.db
      .updateTable('users')
      .set({ email_verified_at: null, wikimedia_sub: null })
      .where('id', '=', writer.userId)
      .execute();
    const refused = await writer.client.post('/api/conversations', { handle: reader.handle, body: 'Hello' });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: 'verification_required' } });
    expect((await reader.client.get('/api/conversations')).body.requests).toEqual([]);
  });

  test('the export holds my reports and what moderators did about me; erasure keeps neither my words nor my content', async () => {
    const reporter = await person('Yara');
    const reported = await person('Zeno');
    const id = ((await report(reporter.client, { type: 'profile', reference: reported.handle })).body as { id: string })
      .id;
    await moderator.client.post(`/api/moderation/reports/${id}/decision`, { action: 'warn', reason: 'Be kind.' });

    const reporterExport = await reporter.client.get('/api/account/export');
    expect(reporterExport.body).toMatchObject({
      moderation: {
        reportsMade: [{ type: 'profile', category: 'harassment', explanation: CANARY, status: 'decided' }],
      },
    });
    const reportedExport = await reported.client.get('/api/account/export');
    expect(reportedExport.body).toMatchObject({
      moderation: { reportsMade: [], actionsAboutMe: [{ action: 'warn', reason: 'Be kind.' }] },
    });

    const { app } = testApp.current;
    await app.personalData.eraseAll(app.database.db, reported.userId);
    await app.personalData.eraseAll(app.database.db, reporter.userId);
    const row = await app.database.db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ snapshot: '{}', subject_owner_id: null, reporter_id: null, explanation: '' });
    const actions = await app.database.db
      .selectFrom('moderation_actions')
      .selectAll()
      .where('report_id', '=', id)
      .execute();
    expect(actions.map((action) => action.user_id)).toEqual([null]);
    // The report still counts (transparency), but nothing in the moderation tables names either of them.
    const everything = JSON.stringify([
      await app.database.db.selectFrom('reports').selectAll().execute(),
      await app.database.db.selectFrom('moderation_actions').selectAll().execute(),
      await app.database.db.selectFrom('audit_log').selectAll().execute(),
    ]);
    for (const trace of [reported.userId, reporter.userId, reported.handle, 'Zeno'])
      expect(everything).not.toContain(trace);
  });

  test('a new account’s links show as text; the same long text sent to many is held for review', async () => {
    const { db } = testApp.current.app.database;
    handles += 1;
    const newcomer = await searchablePerson(testApp.current, {
      handle: `newt-${handles}`,
      displayName: 'Newt',
      bio: 'My shop: https://shop.example/offer',
    });
    const reader = await person('Olga');
    const sent = await newcomer.client.post('/api/conversations', {
      handle: reader.handle,
      body: 'See https://shop.example/offer',
    });
    const conversationId = (sent.body as { id: string }).id;
    const html = async () => (await reader.client.get(`/api/conversations/${conversationId}`)).body.messages[0]!.html;
    expect(await html()).not.toContain('<a ');
    expect(await html()).toContain('https://shop.example/offer');
    const bio = async () => JSON.stringify((await reader.client.request('GET', `/api/people/${newcomer.handle}`)).body);
    expect(await bio()).not.toContain('<a ');
    // Ten days on, the same account's links are links.
    await db
      .updateTable('users')
      .set({ created_at: Date.now() - 10 * 86_400_000 })
      .where('id', '=', newcomer.userId)
      .execute();
    expect(await html()).toContain('<a href="https://shop.example/offer"');
    expect(await bio()).toContain('<a href=\\"https://shop.example/offer\\"');

    const copied = 'Earn money from home today, write to me for the details of this offer!';
    const readers = await Promise.all([1, 2, 3, 4, 5].map((n) => person(`Reader${n}`)));
    const answers = [];
    for (const target of readers)
      answers.push(await newcomer.client.post('/api/conversations', { handle: target.handle, body: copied }));
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201, 201]);
    const last = readers.at(-1)!;
    const heldId = (answers.at(-1)!.body as { id: string }).id;
    const view = await last.client.get(`/api/conversations/${heldId}`);
    expect(view.body.messages[0]).toMatchObject({ hidden: true, text: null });
    expect((await last.client.get('/api/notifications')).body.items).toEqual([]);
    // Nor is the held request in its recipient's inbox, until a moderator lets it through.
    const inboxIds = async () => (await last.client.get('/api/conversations')).body.requests.map((entry) => entry.id);
    expect(await inboxIds()).toEqual([]);
    expect((await readers[0]!.client.get('/api/notifications')).body.items).toHaveLength(1);

    const queue = await moderator.client.request(
      'GET',
      '/api/moderation/reports?type=message&category=spam&status=open',
    );
    const held = (queue.body as { reports: { id: string; label: string }[] }).reports.find((row) =>
      copied.startsWith(row.label),
    )!;
    const detail = await moderator.client.get(`/api/moderation/reports/${held.id}`);
    expect(detail.body).toMatchObject({
      reporter: null,
      owner: { handle: newcomer.handle },
      current: { hidden: true },
    });
    const dismissed = await moderator.client.post(`/api/moderation/reports/${held.id}/decision`, {
      action: 'dismiss',
      reason: 'An ordinary invitation.',
    });
    expect(dismissed.status).toBe(204);
    expect((await last.client.get(`/api/conversations/${heldId}`)).body.messages[0]).toMatchObject({
      hidden: false,
      text: copied,
    });
    expect(await inboxIds()).toEqual([heldId]);
  });

  test('an action can no longer be appealed once the appeal period is over', async () => {
    const reporter = await person('Dora');
    const warned = await person('Emil');
    const id = ((await report(reporter.client, { type: 'profile', reference: warned.handle })).body as { id: string })
      .id;
    await moderator.client.post(`/api/moderation/reports/${id}/decision`, { action: 'warn', reason: 'Mind the tone.' });
    await testApp.current.app.database.db
      .updateTable('moderation_actions')
      .set({ created_at: Date.now() - 21 * 86_400_000 })
      .where('report_id', '=', id)
      .execute();
    const mine = await warned.client.get('/api/account/moderation');
    expect(mine.body.actions[0]).toMatchObject({ action: 'warn', appealUntil: null });
    const late = await warned.client.post(`/api/account/moderation/${mine.body.actions[0]!.id}/appeal`, {
      text: 'Too late?',
    });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ error: { code: 'appeal_closed' } });
  });

  test('a moderator cannot act on a report about themselves', async () => {
    const reporter = await person('Uma');
    const moderatorProfile = await searchablePerson(testApp.current, { handle: `mod-${handles}`, displayName: 'Vera' });
    await testApp.current.app.database.db
      .updateTable('users')
      .set({ role: 'moderator' })
      .where('id', '=', moderatorProfile.userId)
      .execute();
    const sent = await report(reporter.client, { type: 'profile', reference: moderatorProfile.handle });
    const id = (sent.body as { id: string }).id;
    const claimed = await moderatorProfile.client.post(`/api/moderation/reports/${id}/claim`);
    expect(claimed.status).toBe(403);
    expect(claimed.body).toMatchObject({ error: { code: 'own_report' } });
  });

  test('the transparency page counts per month and category, with 1-4 withheld', async () => {
    const page = await (await createMember(testApp.current)).client.get('/api/transparency');
    expect(page.status).toBe(200);
    const month = page.body.months[0]!;
    expect(month.month).toBe(new Date().toISOString().slice(0, 7));
    for (const cell of month.categories) {
      const counts = [cell.reports, ...Object.values(cell.actions)];
      for (const count of counts) expect(count === null || count === 0 || count >= 5).toBe(true);
    }
    const harassment = month.categories.find((cell) => cell.category === 'harassment')!;
    expect(harassment.reports).toBeGreaterThanOrEqual(5);
  });

  test('the audit log is read by moderators and exported whole by admins; erasure leaves a pseudonym', async () => {
    const promoted = await createMember(testApp.current, { displayName: 'Pia Promoted' });
    expect((await admin.client.put(`/api/admin/users/${promoted.userId}/role`, { role: 'moderator' })).status).toBe(
      200,
    );
    const log = await moderator.client.get('/api/moderation/audit');
    expect(log.body.entries[0]).toMatchObject({
      action: 'role.set',
      actor: { name: 'Ada Admin' },
      detail: 'member -> moderator',
    });
    const csv = await admin.client.get('/api/admin/audit.csv');
    expect(csv.status).toBe(200);
    const text = String(csv.body);
    expect(text.split('\r\n')[0]).toBe('at,actor,action,subject_type,subject_id,target,reason,detail');
    expect(text).toContain(moderator.userId);
    expect((await moderator.client.get('/api/admin/audit.csv')).status).toBe(403);

    await testApp.current.app.personalData.eraseAll(testApp.current.app.database.db, moderator.userId);
    const rows = await testApp.current.app.database.db.selectFrom('audit_log').select(['actor']).execute();
    expect(rows.some((row) => row.actor === moderator.userId)).toBe(false);
    const pseudonyms = new Set(rows.map((row) => row.actor).filter((actor) => actor?.startsWith('erased-')));
    expect(pseudonyms.size).toBe(1);
  });
});

describe.each(DATABASE_TARGETS)('automatic hiding counts only established accounts on $name', (target) => {
  const testApp = useTestApp(target);

  test('reports from three accounts younger than a week do not hide a profile; older ones do', async () => {
    const { db } = testApp.current.app.database;
    const reported = await searchablePerson(testApp.current, { handle: 'target-of-three', displayName: 'Target' });
    const reporters = await Promise.all(
      [1, 2, 3].map((n) => searchablePerson(testApp.current, { handle: `young-${n}`, displayName: `Young ${n}` })),
    );
    const visible = async () =>
      (await reporters[0]!.client.request('GET', '/api/people/target-of-three')).status === 200;
    for (const reporter of reporters)
      expect(
        (
          await reporter.client.post('/api/reports', {
            type: 'profile',
            reference: reported.handle,
            category: 'spam',
            explanation: 'Advertising.',
          })
        ).status,
      ).toBe(201);
    expect(await visible()).toBe(true);

    const second = await searchablePerson(testApp.current, { handle: 'target-two', displayName: 'Target Two' });
    await db
      .updateTable('users')
      .set({ created_at: Date.now() - 8 * 86_400_000 })
      .where(
        'id',
        'in',
        reporters.map((reporter) => reporter.userId),
      )
      .execute();
    for (const reporter of reporters)
      await reporter.client.post('/api/reports', {
        type: 'profile',
        reference: second.handle,
        category: 'spam',
        explanation: 'Advertising.',
      });
    expect((await reporters[0]!.client.request('GET', '/api/people/target-two')).status).toBe(404);
  });
});
