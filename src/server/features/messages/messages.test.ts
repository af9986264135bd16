import { sql } from 'kysely';
import { beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { createMember, createOrganization, searchablePerson, type ProfiledMember } from '../../test-support/factories';
import type { TestClient } from '../../test-support/http-client';
import { useTestApp } from '../../test-support/test-app';

const FINANCE = 11;
const BUDGETING = 12;

describe.each(DATABASE_TARGETS)('messages between members on $name', (target) => {
  const testApp = useTestApp(target, { CONNECT_REQUESTS_PER_DAY: '4', MESSAGES_PER_MINUTE: '8' });
  let handles = 0;

  /** A member with a profile others may find; capacities and languages visible to members. */
  function person(name: string, capacities: { shares?: number[]; learns?: number[] } = {}) {
    handles += 1;
    const entries = (ids: number[] = []) => ids.map((id) => ({ id, level: null, note: null }));
    return searchablePerson(testApp.current, {
      handle: `${name.toLowerCase()}-${handles}`,
      displayName: name,
      capacities: { shares: entries(capacities.shares), learns: entries(capacities.learns), visibility: 'members' },
      languages: { languages: [{ code: 'pt', level: '4' }], visibility: 'members' },
    });
  }

  async function write(from: TestClient, to: ProfiledMember, body = 'Olá! Could you help me with budgets?') {
    return from.post('/api/conversations', { handle: to.handle, body, language: 'pt' });
  }

  async function inbox(client: TestClient) {
    const response = await client.get('/api/conversations');
    expect(response.status).toBe(200);
    return response.body;
  }

  let ana: ProfiledMember;
  let bruno: ProfiledMember;
  beforeAll(async () => {
    ana = await person('Ana', { learns: [BUDGETING] });
    bruno = await person('Bruno', { shares: [BUDGETING, FINANCE], learns: [] });
  });

  test('a first message arrives as a request saying who is asking; accepting opens the conversation', async () => {
    const sent = await write(ana.client, bruno);
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ status: 'request' });
    const id = (sent.body as { id: string }).id;

    const brunoInbox = await inbox(bruno.client);
    expect(brunoInbox.waitingRequests).toBe(1);
    expect(brunoInbox.requests.map((entry) => entry.id)).toEqual([id]);
    expect(brunoInbox.requests[0]).toMatchObject({
      other: { name: 'Ana', handle: ana.handle, deleted: false },
      unread: 1,
      lastMessage: { mine: false, preview: 'Olá! Could you help me with budgets?', language: 'pt' },
    });
    const anaInbox = await inbox(ana.client);
    expect(anaInbox.requests).toEqual([]);
    expect(anaInbox.conversations[0]).toMatchObject({ id, status: 'request', startedByMe: true });

    const request = await bruno.client.get(`/api/conversations/${id}`);
    expect(request.status).toBe(200);
    expect(request.body.introduction?.shares).toEqual([]);
    expect(request.body.introduction?.languages).toMatchObject([{ code: 'pt', level: '4' }]);
    expect(request.body.canWrite).toBe(true);
    // Ana waits: she cannot write more before Bruno answers.
    const again = await ana.client.post(`/api/conversations/${id}/messages`, { body: 'Hello?' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'request_pending' } });

    const notifications = await bruno.client.get('/api/notifications');
    expect(notifications.body).toMatchObject({ unread: 1, items: [{ kind: 'request', conversationId: id }] });

    expect((await bruno.client.post(`/api/conversations/${id}/accept`)).status).toBe(204);
    const reply = await bruno.client.post(`/api/conversations/${id}/messages`, {
      body: 'Sure, **happy** to help.\n\n<script>alert(1)</script>',
      language: 'en',
    });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ mine: true, language: 'en' });
    expect((reply.body as { html: string }).html).toContain('<strong>happy</strong>');
    expect((reply.body as { html: string }).html).not.toContain('<script>');

    const conversation = await ana.client.get(`/api/conversations/${id}`);
    expect(conversation.body).toMatchObject({ status: 'open', canWrite: true, unread: 1, introduction: null });
    expect(conversation.body.messages.map((message) => [message.mine, message.language])).toEqual([
      [true, 'pt'],
      [false, 'en'],
    ]);
    const anaNotes = await ana.client.get('/api/notifications');
    expect(anaNotes.body.items.map((item) => item.kind)).toEqual(['message', 'accepted']);
    expect((await ana.client.post(`/api/conversations/${id}/read`)).status).toBe(204);
    expect((await inbox(ana.client)).unreadConversations).toBe(0);
    expect((await ana.client.get('/api/notifications')).body.unread).toBe(0);
    // Writing to the same person again goes into the same conversation.
    const more = await write(ana.client, bruno, 'Thanks!');
    expect(more.body).toEqual({ id, status: 'open' });
  });

  test('the request shows what the requester can share, marking what the recipient wants to learn', async () => {
    const carla = await person('Carla', { learns: [FINANCE] });
    const sent = await write(bruno.client, carla, 'I saw you want to learn finance.');
    const view = await carla.client.get(`/api/conversations/${(sent.body as { id: string }).id}`);
    expect(view.body.introduction?.shares).toEqual([
      { id: BUDGETING, label: 'Budgeting', youWantToLearn: false },
      { id: FINANCE, label: expect.any(String), youWantToLearn: true },
    ]);
  });

  test('a declined requester is told, and may not ask again for 30 days', async () => {
    const dora = await person('Dora');
    const eva = await person('Eva');
    const sent = await write(dora.client, eva);
    const id = (sent.body as { id: string }).id;
    expect((await eva.client.post(`/api/conversations/${id}/decline`)).status).toBe(204);
    expect((await dora.client.get('/api/notifications')).body.items[0]).toMatchObject({ kind: 'declined' });
    expect((await inbox(eva.client)).requests).toEqual([]);
    expect((await inbox(dora.client)).conversations[0]).toMatchObject({ id, status: 'declined' });

    const refused = await write(dora.client, eva, 'Please?');
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: { code: 'request_declined' } });
    expect(refused.error.message).toContain('30 days');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(29 * 86_400);
    // Thirty days later (moved back in the database) she may ask again.
    await testApp.current.database.db
      .updateTable('conversations')
      .set({ decided_at: Date.now() - 31 * 86_400_000 })
      .where('id', '=', id)
      .execute();
    const asked = await write(dora.client, eva, 'Trying once more.');
    expect(asked.body).toEqual({ id, status: 'request' });
    expect((await inbox(eva.client)).requests.map((entry) => entry.id)).toEqual([id]);
  });

  test('only the members of a conversation read it or write in it', async () => {
    const fabio = await person('Fabio');
    const gil = await person('Gil');
    const outsider = await person('Hugo');
    const id = ((await write(fabio.client, gil)).body as { id: string }).id;
    for (const [method, path, body] of [
      ['GET', `/api/conversations/${id}`, undefined],
      ['POST', `/api/conversations/${id}/messages`, { body: 'hi' }],
      ['POST', `/api/conversations/${id}/accept`, undefined],
      ['POST', `/api/conversations/${id}/decline`, undefined],
      ['POST', `/api/conversations/${id}/read`, undefined],
    ] as const) {
      const response = await outsider.client.request(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    // The requester cannot answer their own request.
    expect((await fabio.client.post(`/api/conversations/${id}/accept`)).status).toBe(404);
    const forged = await gil.client.request('GET', '/api/conversations/00000000-0000-4000-8000-000000000000');
    expect(forged.status).toBe(404);
    const malformed = await gil.client.request('GET', '/api/conversations/not-an-id');
    expect(malformed.status).toBe(400);
  });

  test.each([
    ['an empty message', { body: '' }, 400, 'validation_failed'],
    ['only spaces', { body: '   \n ' }, 400, 'validation_failed'],
    ['over 5,000 characters', { body: 'x'.repeat(5001) }, 400, 'validation_failed'],
    ['a made-up language tag', { body: 'hi', language: 'not a language' }, 400, 'validation_failed'],
    ['an unknown field', { body: 'hi', extra: 1 }, 400, 'validation_failed'],
  ])('refuses %s and stores nothing', async (_name, message, status, code) => {
    const sender = await person('Ines');
    const response = await sender.client.request('POST', '/api/conversations', { handle: bruno.handle, ...message });
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ error: { code, requestId: expect.any(String) } });
    expect((await inbox(sender.client)).conversations).toEqual([]);
  });

  test('refuses messages to myself and to unknown members', async () => {
    const self = await write(ana.client, ana);
    expect(self.status).toBe(400);
    expect(self.body).toMatchObject({ error: { details: [{ field: 'handle', code: 'self' }] } });
    const unknown = await ana.client.post('/api/conversations', { handle: 'nobody-here', body: 'hi' });
    expect(unknown.status).toBe(404);
  });

  test('visitors and members who have not finished signing up cannot write', async () => {
    const anonymous = await ana.client.request(
      'POST',
      '/api/conversations',
      { handle: bruno.handle, body: 'hi' },
      { cookie: '' },
    );
    expect(anonymous.status).toBe(401);
    const pending = await createMember(testApp.current, { onboarded: false });
    expect((await pending.client.post('/api/conversations', { handle: bruno.handle, body: 'hi' })).status).toBe(403);
  });

  test('limits new requests per day, fewer for new accounts, and messages per minute, saying when to try again', async () => {
    const eager = await person('Jo');
    // Factories make accounts now: this one is young, so 3 requests (the default for new accounts).
    const targets = await Promise.all([1, 2, 3, 4].map((n) => person(`Target${n}`)));
    for (const target of targets.slice(0, 3)) expect((await write(eager.client, target)).status).toBe(201);
    const refused = await write(eager.client, targets[3]!);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: { code: 'request_limit' } });
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect((await inbox(targets[3]!.client)).requests).toEqual([]);

    // An older account may send the configured 4.
    const older = await person('Kim');
    await testApp.current.database.db
      .updateTable('users')
      .set({ created_at: Date.now() - 2 * 86_400_000 })
      .where('id', '=', older.userId)
      .execute();
    const moreTargets = await Promise.all([1, 2, 3, 4, 5].map((n) => person(`Other${n}`)));
    const statuses = [];
    for (const target of moreTargets) statuses.push((await write(older.client, target)).status);
    expect(statuses).toEqual([201, 201, 201, 201, 429]);

    // Messages per minute (8 here), counted over every conversation.
    const talker = await person('Lu');
    const listener = await person('Mia');
    const id = ((await write(talker.client, listener)).body as { id: string }).id;
    await listener.client.post(`/api/conversations/${id}/accept`);
    const sent = [];
    for (let n = 0; n < 8; n += 1)
      sent.push((await talker.client.post(`/api/conversations/${id}/messages`, { body: `n${n}` })).status);
    expect(sent.filter((status) => status === 201)).toHaveLength(7);
    const limited = await talker.client.post(`/api/conversations/${id}/messages`, { body: 'one more' });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: { code: 'message_limit' } });
  });

  test('a member writes to an organization; every manager sees it and answers as the organization', async () => {
    const { slug } = await createOrganization(testApp.current, {
      name: 'Wikimedia Testland',
      acronym: `WT${target.name}`,
    });
    const admin = await createMember(testApp.current, { role: 'admin' });
    const [first, second] = [await person('ManagerOne'), await person('ManagerTwo')];
    for (const manager of [first!, second!]) {
      expect((await admin.client.post(`/api/organizations/${slug}/managers`, { handle: manager.handle })).status).toBe(
        204,
      );
      expect((await manager.client.post(`/api/organizations/${slug}/invitation`, { accept: true })).status).toBe(204);
    }
    const asker = await person('Asker');
    const sent = await asker.client.post('/api/conversations', {
      organization: slug,
      body: 'Do you run edit-a-thons?',
    });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ status: 'open' });
    const id = (sent.body as { id: string }).id;
    for (const manager of [first!, second!]) {
      const inbox = await manager.client.get('/api/conversations');
      expect(inbox.body.conversations.find((entry) => entry.id === id)).toMatchObject({
        organization: { slug, name: 'Wikimedia Testland', asManager: true },
        other: { name: 'Asker' },
        unread: 1,
      });
    }
    const answer = await first!.client.post(`/api/conversations/${id}/messages`, { body: 'Yes, every month.' });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ mine: true, fromOrganization: true });
    const seen = await asker.client.get(`/api/conversations/${id}`);
    expect(seen.body).toMatchObject({ organization: { slug, asManager: false }, canWrite: true });
    expect(seen.body.messages.map((message) => [message.mine, message.fromOrganization])).toEqual([
      [true, false],
      [false, true],
    ]);
    // The other manager reads the organization's answer as the organization's (their side).
    const other = await second!.client.get(`/api/conversations/${id}`);
    expect(other.body.messages.map((message) => message.mine)).toEqual([false, true]);
    expect((await asker.client.get('/api/notifications')).body.items[0]).toMatchObject({ kind: 'message' });

    // A manager does not write to their own organization; unknown organizations and both targets are refused.
    expect((await first!.client.post('/api/conversations', { organization: slug, body: 'hi' })).status).toBe(400);
    expect((await asker.client.post('/api/conversations', { organization: 'no-such-org', body: 'hi' })).status).toBe(
      404,
    );
    expect(
      (
        await asker.client.request('POST', '/api/conversations', {
          organization: slug,
          handle: bruno.handle,
          body: 'hi',
        })
      ).status,
    ).toBe(400);
    // Nobody would read a message to an organization nobody manages.
    const unmanaged = await createOrganization(testApp.current, {
      name: 'Unmanaged Group',
      acronym: `UG${target.name}`,
    });
    const nobody = await asker.client.post('/api/conversations', { organization: unmanaged.slug, body: 'hello?' });
    expect(nobody.status).toBe(409);
    expect(nobody.body).toMatchObject({ error: { code: 'no_managers' } });
    // A manager who leaves no longer reads the organization's conversations.
    expect(
      (await second!.client.request('DELETE', `/api/organizations/${slug}/managers/${second!.userId}`)).status,
    ).toBe(204);
    expect((await second!.client.get(`/api/conversations/${id}`)).status).toBe(404);
    expect((await second!.client.get('/api/conversations')).body.conversations.map((entry) => entry.id)).not.toContain(
      id,
    );
    expect((await second!.client.post(`/api/conversations/${id}/messages`, { body: 'still here?' })).status).toBe(404);
  });

  test('pages through a long inbox and a long conversation, each entry once, even when times are equal', async () => {
    const reader = await person('Pager');
    const db = testApp.current.database.db;
    const at = Date.now() - 60_000;
    // 55 conversations with the same last time, and one of them with 105 messages at one instant.
    const others = await Promise.all(
      Array.from({ length: 55 }, (_, n) => createMember(testApp.current, { displayName: `Other ${n}` })),
    );
    const ids: string[] = [];
    for (const other of others) {
      const id = crypto.randomUUID();
      ids.push(id);
      await db
        .insertInto('conversations')
        .values({
          id,
          starter_id: other.userId,
          recipient_id: reader.userId,
          pair_key: `${other.userId}:${reader.userId}`,
          status: 'open',
          created_at: at,
          last_message_at: at,
          last_message_id: null,
          decided_at: null,
          organization_id: null,
        })
        .execute();
      await db
        .insertInto('conversation_members')
        .values(
          [other.userId, reader.userId].map((userId) => ({
            conversation_id: id,
            user_id: userId,
            unread_count: 0,
            last_message_at: at,
          })),
        )
        .execute();
    }
    await db
      .insertInto('messages')
      .values(
        Array.from({ length: 105 }, (_, n) => ({
          id: crypto.randomUUID(),
          conversation_id: ids[0]!,
          author_id: others[0]!.userId,
          body: `m${n}`,
          language: null,
          created_at: at,
          organization_id: null,
        })),
      )
      .execute();

    const seen: string[] = [];
    let before: string | null = null;
    do {
      const page = await reader.client.request(
        'GET',
        `/api/conversations${before ? `?before=${encodeURIComponent(before)}` : ''}`,
      );
      expect(page.status).toBe(200);
      const body = page.body as { conversations: { id: string }[]; next: string | null };
      seen.push(...body.conversations.map((entry) => entry.id));
      before = body.next;
    } while (before);
    expect(seen.sort()).toEqual([...ids].sort());

    const texts: string[] = [];
    before = null;
    do {
      const page = await reader.client.request(
        'GET',
        `/api/conversations/${ids[0]}${before ? `?before=${encodeURIComponent(before)}` : ''}`,
      );
      const body = page.body as { messages: { text: string }[]; earlier: string | null };
      texts.push(...body.messages.map((message) => message.text));
      before = body.earlier;
    } while (before);
    expect(texts.sort()).toEqual(Array.from({ length: 105 }, (_, n) => `m${n}`).sort());
    expect((await reader.client.request('GET', '/api/conversations?before=yesterday')).status).toBe(400);
  });

  describe('blocking', () => {
    let nina: ProfiledMember;
    let otto: ProfiledMember;
    let conversationId: string;
    beforeAll(async () => {
      nina = await person('Nina', { learns: [FINANCE] });
      otto = await person('Otto', { shares: [FINANCE] });
      conversationId = ((await write(otto.client, nina)).body as { id: string }).id;
    });

    test('a block from a conversation stops messages both ways and hides both profiles', async () => {
      expect((await nina.client.post('/api/blocks', { conversationId })).status).toBe(204);
      const list = await nina.client.get('/api/blocks');
      expect(list.body).toMatchObject([{ handle: otto.handle, name: 'Otto' }]);

      const fromOtto = await write(otto.client, nina, 'Still there?');
      expect(fromOtto.status).toBe(404);
      const fromNina = await write(nina.client, otto, 'Bye');
      expect(fromNina.status).toBe(409);
      expect(fromNina.body).toMatchObject({ error: { code: 'member_blocked' } });
      expect((await otto.client.get(`/api/people/${nina.handle}`)).status).toBe(404);
      expect((await nina.client.get(`/api/people/${otto.handle}`)).status).toBe(404);
      const view = await nina.client.get(`/api/conversations/${conversationId}`);
      expect(view.body).toMatchObject({ blockedByMe: true, canWrite: false });
    });

    test('blocked members vanish from each other’s search, counts and peers', async () => {
      const search = await otto.client.get(`/api/search?q=${encodeURIComponent('Nina')}`);
      expect(search.body.results.map((hit) => hit.address)).not.toContain(nina.handle);
      const everything = await nina.client.get(`/api/search?capacity=${FINANCE}`);
      expect(everything.body.results.map((hit) => hit.address)).not.toContain(otto.handle);
      const unfiltered = await nina.client.get(`/api/search?q=Otto`);
      expect(unfiltered.body.total).toBe(0);
      const peers = await nina.client.get('/api/matches?anyLanguage=true');
      const suggested = peers.body.groups.flatMap((group) => group.suggestions.map((entry) => entry.address));
      expect(suggested).not.toContain(otto.handle);
      // Someone else still finds both.
      const other = await ana.client.get(`/api/search?capacity=${FINANCE}`);
      expect(other.body.results.map((hit) => hit.address)).toContain(otto.handle);
    });

    test('lifting the block lets them see each other again', async () => {
      const [entry] = (await nina.client.get('/api/blocks')).body;
      expect((await otto.client.request('DELETE', `/api/blocks/${entry!.id}`)).status).toBe(404);
      expect((await nina.client.request('DELETE', `/api/blocks/${entry!.id}`)).status).toBe(204);
      expect((await otto.client.get(`/api/people/${nina.handle}`)).status).toBe(200);
      expect((await nina.client.get('/api/blocks')).body).toEqual([]);
    });

    test.each([
      ['nothing', {}],
      ['both a handle and a conversation', { handle: 'x', conversationId: '00000000-0000-4000-8000-000000000000' }],
    ])('refuses a block naming %s', async (_name, body) => {
      expect((await nina.client.request('POST', '/api/blocks', body)).status).toBe(400);
    });

    test('refuses to block myself or someone unknown', async () => {
      expect((await nina.client.post('/api/blocks', { handle: nina.handle })).status).toBe(400);
      expect((await nina.client.post('/api/blocks', { handle: 'nobody-at-all' })).status).toBe(404);
    });
  });

  test('after an erasure the other side keeps the conversation, with the text of the erased member gone', async () => {
    const pia = await person('Pia');
    const quim = await person('Quim');
    const id = ((await write(pia.client, quim, 'Secret plan: bake bread')).body as { id: string }).id;
    await quim.client.post(`/api/conversations/${id}/accept`);
    await quim.client.post(`/api/conversations/${id}/messages`, { body: 'Sounds good' });
    const exported = await pia.client.get('/api/account/export');
    expect(JSON.stringify(exported.body)).toContain('Secret plan: bake bread');
    expect(JSON.stringify(exported.body)).toContain('Sounds good');

    expect((await pia.client.post('/api/account/delete', { confirmation: 'Pia' })).status).toBe(204);
    const view = await quim.client.get(`/api/conversations/${id}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ other: { deleted: true, name: null, handle: null }, canWrite: false });
    expect(view.body.messages.map((message) => [message.mine, message.removed, message.text])).toEqual([
      [false, true, null],
      [true, false, 'Sounds good'],
    ]);
    const rows = await testApp.current.database.db.selectFrom('messages').select('body').execute();
    expect(rows.map((row) => row.body)).not.toContain('Secret plan: bake bread');
  });

  test('erasure leaves nothing of the member in any table: blocks, settings, invitations, notifications, queued mail', async () => {
    const leaving = await person('Leaving');
    const friend = await person('Friend');
    const id = ((await write(leaving.client, friend, 'A sentence only Leaving wrote')).body as { id: string }).id;
    await friend.client.post(`/api/conversations/${id}/accept`);
    await friend.client.post(`/api/conversations/${id}/messages`, { body: 'Hello back' });
    await leaving.client.post('/api/blocks', { handle: bruno.handle });
    await friend.client.post('/api/blocks', { handle: leaving.handle });
    await leaving.client.put('/api/account/notification-settings', {
      email: {
        request: 'instant',
        accepted: 'daily',
        declined: 'never',
        message: 'instant',
        'report-decided': 'daily',
      },
      includeMessageText: true,
    });
    const invited = `invited-by-leaving-${target.name}@example.org`;
    expect(
      (
        await leaving.client.post('/api/invitations', {
          email: invited,
          note: 'A note only Leaving wrote',
          language: 'en',
        })
      ).status,
    ).toBe(202);
    expect((await leaving.client.post('/api/account/delete', { confirmation: 'Leaving' })).status).toBe(204);

    const db = testApp.current.database.db;
    const tables = (await db.introspection.getTables()).map((table) => table.name);
    for (const table of tables) {
      const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
      const dump = JSON.stringify(rows);
      for (const trace of [
        leaving.email,
        leaving.handle,
        invited,
        'A sentence only Leaving wrote',
        'A note only Leaving wrote',
      ])
        expect(dump, `${table} keeps ${trace}`).not.toContain(trace);
    }
    // The friend keeps the conversation, and their own block list no longer names anyone.
    expect((await friend.client.get(`/api/conversations/${id}`)).body).toMatchObject({ other: { deleted: true } });
    expect((await friend.client.get('/api/blocks')).body).toEqual([]);
  });
});
