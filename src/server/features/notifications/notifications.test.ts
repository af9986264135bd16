import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { searchablePerson, type ProfiledMember } from '../../test-support/factories';
import { TestClient } from '../../test-support/http-client';
import { SmtpCapture, type CapturedMail } from '../../test-support/smtp-capture';
import { useTestApp } from '../../test-support/test-app';
import { dayOf } from '../../platform/jobs';
import { DIGEST_JOB, DIGEST_SWEEP_JOB } from './notifications.mail';

const smtp = new SmtpCapture();
beforeAll(async () => {
  await smtp.start();
});
afterAll(async () => {
  await smtp.stop();
});

/** The unsubscribe token of a notification mail, from its List-Unsubscribe header. */
function unsubscribeTokenOf(mail: CapturedMail): string {
  const header = mail.headers.get('list-unsubscribe') ?? '';
  const match = /token=([^>&]+)/.exec(header);
  if (!match?.[1]) throw new Error(`No unsubscribe link in: ${header}`);
  return decodeURIComponent(match[1]);
}

describe.each(DATABASE_TARGETS)('notifications by e-mail on $name', (target) => {
  const testApp = useTestApp(target, () => ({ SMTP_URL: smtp.url }));
  let people = 0;
  const person = (name: string) => {
    people += 1;
    return searchablePerson(testApp.current, { handle: `mail-${name.toLowerCase()}-${people}`, displayName: name });
  };
  const drain = () => testApp.current.app.jobs.drain();

  let rosa: ProfiledMember;
  let sami: ProfiledMember;
  beforeAll(async () => {
    rosa = await person('Rosa');
    sami = await person('Sami');
  });

  test('a request is mailed at once, in the recipient’s language, without its text, with a one-click unsubscribe', async () => {
    await testApp.current.database.db
      .updateTable('users')
      .set({ language: 'fr' })
      .where('id', '=', sami.userId)
      .execute();
    const before = smtp.messages.length;
    const sent = await rosa.client.post('/api/conversations', { handle: sami.handle, body: 'My private words' });
    expect(sent.status).toBe(201);
    await drain();
    const mail = await smtp.nextTo(sami.email, before);
    expect(mail.language).toBe('fr');
    expect(mail.subject).toContain('Rosa');
    expect(mail.text).not.toContain('My private words');
    expect(mail.text).toContain(`/messages/${(sent.body as { id: string }).id}`);
    expect(mail.headers.get('list-unsubscribe')).toMatch(/^<http.*\/api\/unsubscribe\?token=.+>$/);
    expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    // Only the recipient got a mail.
    expect(smtp.messages.slice(before).map((message) => message.to)).toEqual([sami.email]);
  });

  test('one click unsubscribes without signing in; the same or an altered link is refused', async () => {
    const tomas = await person('Tomas');
    const before = smtp.messages.length;
    await rosa.client.post('/api/conversations', { handle: tomas.handle, body: 'Hello Tomas' });
    await drain();
    const token = unsubscribeTokenOf(await smtp.nextTo(tomas.email, before));
    // As a mail program does it: a form POST to the header's address, no cookie, no Origin.
    const anonymous = new TestClient(testApp.current.app);
    const oneClick = await anonymous.request('POST', `/api/unsubscribe?token=${encodeURIComponent(token)}`, undefined, {
      'content-type': 'application/x-www-form-urlencoded',
      origin: '',
    });
    expect(oneClick.status).toBe(200);
    expect(oneClick.body).toEqual({ stopped: ['request'] });
    expect((await tomas.client.get('/api/account/notification-settings')).body.email.request).toBe('never');

    const replayed = await anonymous.request('POST', '/api/unsubscribe', { token });
    expect(replayed.status).toBe(400);
    expect(replayed.body).toMatchObject({ error: { code: 'token_invalid' } });
    const altered = await anonymous.request('POST', '/api/unsubscribe', { token: `${token.slice(0, -2)}xx` });
    expect(altered.status).toBe(400);
    const forged = await anonymous.request('POST', '/api/unsubscribe', { token: 'eyJ1IjoiYSJ9.c2lnbmF0dXJl' });
    expect(forged.status).toBe(400);
    expect((await anonymous.request('POST', '/api/unsubscribe', {})).status).toBe(400);

    // No more request mails for Tomas.
    const after = smtp.messages.length;
    await sami.client.post('/api/conversations', { handle: tomas.handle, body: 'Hi from Sami' });
    await drain();
    expect(smtp.messages.slice(after).filter((message) => message.to === tomas.email)).toEqual([]);
  });

  test('a member may ask for the text in mails, and chooses per kind', async () => {
    const uma = await person('Uma');
    const saved = await uma.client.put('/api/account/notification-settings', {
      email: {
        request: 'instant',
        accepted: 'never',
        declined: 'never',
        message: 'instant',
        'report-decided': 'daily',
      },
      includeMessageText: true,
    });
    expect(saved.status).toBe(200);
    const before = smtp.messages.length;
    const id = (
      (await rosa.client.post('/api/conversations', { handle: uma.handle, body: 'Text you asked for' })).body as {
        id: string;
      }
    ).id;
    await drain();
    expect((await smtp.nextTo(uma.email, before)).text).toContain('> Text you asked for');
    await uma.client.post(`/api/conversations/${id}/accept`);
    await drain();
    // Rosa's acceptance notice is a daily-digest kind by default: no mail to her now.
    expect(smtp.messages.slice(before).filter((message) => message.to === rosa.email)).toEqual([]);
  });

  test.each([
    [
      'an unknown cadence',
      {
        email: { request: 'hourly', accepted: 'daily', declined: 'daily', message: 'daily', 'report-decided': 'daily' },
        includeMessageText: false,
      },
    ],
    ['a missing kind', { email: { request: 'daily' }, includeMessageText: false }],
    [
      'an unknown kind',
      {
        email: {
          request: 'daily',
          accepted: 'daily',
          declined: 'daily',
          message: 'daily',
          'report-decided': 'daily',
          spam: 'daily',
        },
        includeMessageText: false,
      },
    ],
  ])('refuses settings with %s', async (_name, body) => {
    const response = await rosa.client.request('PUT', '/api/account/notification-settings', body);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: 'validation_failed' } });
  });

  test('the daily digest gathers what was not mailed, once a day, and its link stops every digest kind', async () => {
    const vera = await person('Vera');
    const walt = await person('Walt');
    const id = (
      (await vera.client.post('/api/conversations', { handle: walt.handle, body: 'Hello Walt' })).body as { id: string }
    ).id;
    await walt.client.post(`/api/conversations/${id}/accept`);
    await walt.client.post(`/api/conversations/${id}/messages`, { body: 'Hello Vera, secret reply' });
    await walt.client.post(`/api/conversations/${id}/messages`, { body: 'And another' });
    await drain();
    const before = smtp.messages.length;
    // A later day's digest takes in everything until then (the next day's sweep is queued at start already).
    const day = dayOf(Date.now() + 2 * 86_400_000);
    const { app } = testApp.current;
    await app.jobs.enqueueDaily(app.database.db, DIGEST_SWEEP_JOB, day, Date.now());
    await drain();
    const digest = await smtp.nextTo(vera.email, before);
    expect(digest.subject).toMatch(/2 new notifications/);
    expect(digest.text).toContain('Walt accepted your message request');
    expect(digest.text).toContain('Walt wrote to you');
    expect(digest.text).not.toContain('secret reply');
    expect(digest.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');

    // Run again (a retried job, another instance): no second digest for the day.
    await app.jobs.enqueue(app.database.db, DIGEST_JOB, { userId: vera.userId, day }, { key: `again-${vera.userId}` });
    await drain();
    expect(smtp.messages.slice(before).filter((message) => message.to === vera.email)).toHaveLength(1);

    const stopped = await new TestClient(app).request('POST', '/api/unsubscribe', {
      token: unsubscribeTokenOf(digest),
    });
    expect(stopped.body).toEqual({ stopped: ['accepted', 'declined', 'message', 'report-decided'] });
  });

  test('a notification read in the app before its mail goes out is not mailed', async () => {
    const xana = await person('Xana');
    const before = smtp.messages.length;
    await testApp.current.app.jobs.stop();
    try {
      const id = (
        (await rosa.client.post('/api/conversations', { handle: xana.handle, body: 'Quick one' })).body as {
          id: string;
        }
      ).id;
      await xana.client.post(`/api/conversations/${id}/read`);
    } finally {
      testApp.current.app.jobs.start();
    }
    await drain();
    expect(smtp.messages.slice(before).filter((message) => message.to === xana.email)).toEqual([]);
  });

  test('the export holds the e-mail choices and notifications; the erasure removes them', async () => {
    const exported = await sami.client.get('/api/account/export');
    const notifications = (exported.body as { notifications: { items: unknown[]; emailSettings: unknown } })
      .notifications;
    expect(notifications.items.length).toBeGreaterThan(0);
    expect(notifications.emailSettings).toMatchObject({ email: { request: 'instant' }, includeMessageText: false });
  });
});
