import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { createMember } from '../../test-support/factories';
import { TestClient } from '../../test-support/http-client';
import { SmtpCapture, tokenFromMail } from '../../test-support/smtp-capture';
import { useTestApp } from '../../test-support/test-app';

const smtp = new SmtpCapture();
beforeAll(async () => {
  await smtp.start();
});
afterAll(async () => {
  await smtp.stop();
});

let emailCounter = 0;
const newEmail = () => `person${++emailCounter}.${Date.now()}@example.org`;
const PASSWORD = 'a long and unusual passphrase';

describe.each(DATABASE_TARGETS)('local accounts on $name', (target) => {
  const testApp = useTestApp(target, () => ({ SMTP_URL: smtp.url }));
  const client = () => new TestClient(testApp.current.app);

  async function signUpAndVerify(email = newEmail()) {
    const browser = client();
    const before = smtp.messages.length;
    expect((await browser.post('/api/auth/sign-up', { email, password: PASSWORD, language: 'fr' })).status).toBe(202);
    const mail = await smtp.nextTo(email, before);
    const verified = await browser.post('/api/auth/verify', { token: tokenFromMail(mail) });
    expect(verified.status).toBe(200);
    return { browser, email, mail, account: verified.body };
  }

  test('signs up, verifies from the real e-mail, accepts the texts, signs out and in again', async () => {
    const { browser, email, mail, account } = await signUpAndVerify();
    expect(mail.subject).toContain('Échange de capacités');
    expect(mail.language).toBe('fr');
    expect(account).toMatchObject({ email, emailVerified: true, onboarded: false, role: 'member', displayName: null });

    expect((await browser.get('/api/session')).body).toMatchObject({ viewer: { email, onboarded: false } });
    const consent = await browser.post('/api/account/consent', {
      displayName: '  Ana   María ',
      acceptCodeOfConduct: true,
      acceptPrivacy: true,
    });
    expect(consent.body).toMatchObject({ displayName: 'Ana María', onboarded: true });

    expect((await browser.post('/api/auth/sign-out')).status).toBe(204);
    expect(browser.cookie).toBeUndefined();
    expect((await browser.get('/api/session')).body).toMatchObject({ viewer: null });

    const signedIn = await browser.post('/api/auth/sign-in', { email: email.toUpperCase(), password: PASSWORD });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({ displayName: 'Ana María', onboarded: true });
  });

  test('gives a new session id at every sign-in', async () => {
    const { browser, email } = await signUpAndVerify();
    const first = browser.cookie;
    await browser.post('/api/auth/sign-in', { email, password: PASSWORD });
    expect(browser.cookie).toBeDefined();
    expect(browser.cookie).not.toBe(first);
  });

  test('answers the same for a taken address, and tells its owner by mail instead', async () => {
    const { email } = await signUpAndVerify();
    const before = smtp.messages.length;
    const again = await client().post('/api/auth/sign-up', { email, password: 'another long passphrase' });
    const fresh = await client().post('/api/auth/sign-up', { email: newEmail(), password: 'another long passphrase' });
    expect(again.status).toBe(fresh.status);
    expect(again.body).toEqual(fresh.body);
    const notice = await smtp.nextTo(email, before);
    expect(notice.text).toContain('/reset-password');
    expect(notice.text).not.toContain('#token=');
  });

  test('does not tell whether an address has an account when signing in or resetting', async () => {
    const { email } = await signUpAndVerify();
    const wrongPassword = await client().post('/api/auth/sign-in', { email, password: 'not the password at all' });
    const unknown = await client().post('/api/auth/sign-in', {
      email: newEmail(),
      password: 'not the password at all',
    });
    expect(wrongPassword.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrongPassword.error.message).toBe(unknown.error.message);
    const resetKnown = await client().post('/api/auth/password-reset', { email });
    const resetUnknown = await client().post('/api/auth/password-reset', { email: newEmail() });
    expect(resetKnown.status).toBe(202);
    expect(resetKnown.body).toEqual(resetUnknown.body);
  });

  test.each([
    { password: 'short', code: 'password-too-short', message: 'Doit compter au moins 10 caractères.' },
    {
      password: 'password123',
      code: 'password-too-common',
      message: 'Ce mot de passe est trop courant : choisissez-en un plus rare.',
    },
    {
      password: 'aaaaaaaaaaaaaaa',
      code: 'password-too-common',
      message: 'Ce mot de passe est trop courant : choisissez-en un plus rare.',
    },
  ])('refuses the password "$password" with a field error', async ({ password, code, message }) => {
    const response = await client().post(
      '/api/auth/sign-up',
      { email: newEmail(), password },
      { 'accept-language': 'fr' },
    );
    expect(response.status).toBe(400);
    expect(response.error.details).toEqual([{ field: 'body.password', code, message }]);
  });

  test.each([
    { name: 'a malformed address', body: { email: 'not-an-address', password: PASSWORD }, field: 'body.email' },
    { name: 'a missing password', body: { email: 'x@example.org' }, field: 'body.password' },
    {
      name: 'an unknown field',
      body: { email: 'x@example.org', password: PASSWORD, admin: true },
      field: 'body.admin',
    },
    {
      name: 'an over-long password',
      body: { email: 'x@example.org', password: 'x'.repeat(201) },
      field: 'body.password',
    },
  ])('refuses sign-up with $name', async ({ body, field }) => {
    const response = await client().request('POST', '/api/auth/sign-up', body);
    expect(response.status).toBe(400);
    expect(response.error.details?.map((detail) => detail.field)).toContain(field);
  });

  test('refuses a verification link used twice or expired', async () => {
    const email = newEmail();
    const before = smtp.messages.length;
    await client().post('/api/auth/sign-up', { email, password: PASSWORD });
    const token = tokenFromMail(await smtp.nextTo(email, before));
    expect((await client().post('/api/auth/verify', { token })).status).toBe(200);
    const reused = await client().post('/api/auth/verify', { token });
    expect(reused.status).toBe(400);
    expect(reused.error.code).toBe('token_invalid');

    const other = newEmail();
    const mark = smtp.messages.length;
    await client().post('/api/auth/sign-up', { email: other, password: PASSWORD });
    const expiring = tokenFromMail(await smtp.nextTo(other, mark));
    await testApp.current.app.database.db
      .updateTable('email_tokens')
      .set({ expires_at: Date.now() - 1 })
      .where('used_at', 'is', null)
      .execute();
    expect((await client().post('/api/auth/verify', { token: expiring })).status).toBe(400);
  });

  test('keeps an unverified address from signing in, and mails a fresh link', async () => {
    const email = newEmail();
    await client().post('/api/auth/sign-up', { email, password: PASSWORD });
    const before = smtp.messages.length;
    const response = await client().post('/api/auth/sign-in', { email, password: PASSWORD });
    expect(response.status).toBe(403);
    expect(response.error.code).toBe('email_not_verified');
    expect(tokenFromMail(await smtp.nextTo(email, before))).toBeTruthy();
  });

  test('resets a forgotten password with the mailed link, ending every other session', async () => {
    const { browser: oldBrowser, email } = await signUpAndVerify();
    const before = smtp.messages.length;
    await client().post('/api/auth/password-reset', { email });
    const token = tokenFromMail(await smtp.nextTo(email, before));
    const weak = await client().post('/api/auth/password-reset/complete', { token, password: 'short' });
    expect(weak.status).toBe(400);
    const resetter = client();
    expect(
      (await resetter.post('/api/auth/password-reset/complete', { token, password: 'a brand new passphrase' })).status,
    ).toBe(200);
    expect((await oldBrowser.get('/api/session')).body).toMatchObject({ viewer: null });
    expect((await resetter.get('/api/session')).body).toMatchObject({ viewer: { email } });
    expect((await client().post('/api/auth/sign-in', { email, password: PASSWORD })).status).toBe(401);
    expect((await client().post('/api/auth/sign-in', { email, password: 'a brand new passphrase' })).status).toBe(200);
    expect(
      (await client().post('/api/auth/password-reset/complete', { token, password: 'yet another passphrase' })).status,
    ).toBe(400);
  });

  test('limits sign-in attempts per account with 429 and Retry-After', async () => {
    const { email } = await signUpAndVerify();
    const statuses: number[] = [];
    let last;
    for (let attempt = 0; attempt < 11; attempt += 1) {
      last = await client().post('/api/auth/sign-in', { email, password: 'wrong wrong wrong' });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(last?.status).toBe(429);
    expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
    expect(last?.error.code).toBe('rate_limited');
  });

  test('limits password-reset requests per address', async () => {
    const email = newEmail();
    const statuses = [];
    for (let attempt = 0; attempt < 4; attempt += 1)
      statuses.push((await client().post('/api/auth/password-reset', { email })).status);
    expect(statuses).toEqual([202, 202, 202, 429]);
  });

  test('lists sessions, signs one out, and signs out everywhere', async () => {
    const { browser, email } = await signUpAndVerify();
    const other = client();
    await other.post(
      '/api/auth/sign-in',
      { email, password: PASSWORD },
      { 'user-agent': 'Mozilla/5.0 (Android 14) Firefox/130.0' },
    );
    const { sessions } = (await browser.get('/api/account/sessions')).body;
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((session) => session.current)).toHaveLength(1);
    expect(sessions.map((session) => session.device)).toContain('Firefox · Android');
    const otherSession = sessions.find((session) => !session.current)!;
    expect((await browser.delete(`/api/account/sessions/${otherSession.id}`)).status).toBe(204);
    expect((await other.get('/api/session')).body).toMatchObject({ viewer: null });
    expect((await browser.delete(`/api/account/sessions/${otherSession.id}`)).status).toBe(404);
    expect((await browser.delete('/api/account/sessions')).status).toBe(204);
    expect((await browser.get('/api/account')).status).toBe(401);
  });

  test('ends sessions idle for 30 days or older than 90', async () => {
    const member = await createMember(testApp.current);
    const db = testApp.current.app.database.db;
    await db
      .updateTable('sessions')
      .set({ last_seen_at: Date.now() - 31 * 86_400_000 })
      .where('user_id', '=', member.userId)
      .execute();
    expect((await member.client.get('/api/account')).status).toBe(401);
    const again = await createMember(testApp.current);
    await db
      .updateTable('sessions')
      .set({ expires_at: Date.now() - 1 })
      .where('user_id', '=', again.userId)
      .execute();
    expect((await again.client.get('/api/account')).status).toBe(401);
  });

  test.each([
    { name: 'a foreign Origin', headers: { origin: 'https://evil.example' } as Record<string, string> },
    {
      name: 'a cross-site fetch without Origin',
      headers: { origin: '', 'sec-fetch-site': 'cross-site' } as Record<string, string>,
    },
  ])('refuses a state-changing request from $name', async ({ headers }) => {
    const member = await createMember(testApp.current);
    const response = await member.client.delete('/api/account/sessions', headers);
    expect(response.status).toBe(403);
    expect((await member.client.get('/api/account')).status).toBe(200);
  });

  test('asks for consent again when a text changes, and keeps members out until then', async () => {
    const member = await createMember(testApp.current);
    await testApp.current.app.database.db
      .updateTable('consents')
      .set({ version: '2020-01-01' })
      .where('user_id', '=', member.userId)
      .where('document', '=', 'privacy')
      .execute();
    expect((await member.client.get('/api/account')).body).toMatchObject({ onboarded: false });
    const refused = await member.client.post('/api/account/consent', {
      displayName: 'X',
      acceptCodeOfConduct: true,
      acceptPrivacy: false,
    });
    expect(refused.error.details).toEqual([
      { field: 'body.acceptPrivacy', code: 'must-accept', message: 'You need to accept this to take part.' },
    ]);
    expect(
      (
        await member.client.post('/api/account/consent', {
          displayName: 'X',
          acceptCodeOfConduct: true,
          acceptPrivacy: true,
        })
      ).body,
    ).toMatchObject({ onboarded: true });
  });

  test('exports everything stored about the member', async () => {
    const member = await createMember(testApp.current, { displayName: 'Export Person' });
    const response = await member.client.get('/api/account/export');
    expect(response.status).toBe(200);
    expect(String(response.headers['content-disposition'])).toContain('attachment');
    expect(response.body).toMatchObject({
      account: {
        email: member.email,
        displayName: 'Export Person',
        sessions: [{ device: 'Chrome · Linux' }],
        consents: expect.arrayContaining([
          expect.objectContaining({ document: 'code-of-conduct' }),
          expect.objectContaining({ document: 'privacy' }),
        ]),
      },
    });
    expect(JSON.stringify(response.body)).not.toMatch(/token_hash|password_hash/);
  });

  test('erases the account completely once the member types their name', async () => {
    const { browser, email } = await signUpAndVerify();
    await browser.post('/api/account/consent', {
      displayName: 'Zuzana Erasable',
      acceptCodeOfConduct: true,
      acceptPrivacy: true,
    });
    await client().post('/api/auth/password-reset', { email });
    const wrong = await browser.post('/api/account/delete', { confirmation: 'Somebody Else' });
    expect(wrong.status).toBe(400);
    expect((await browser.post('/api/account/delete', { confirmation: 'Zuzana Erasable' })).status).toBe(204);
    expect(browser.cookie).toBeUndefined();

    const db = testApp.current.app.database.db;
    const tables = (await db.introspection.getTables()).map((table) => table.name);
    for (const table of tables) {
      const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
      const dump = JSON.stringify(rows).toLowerCase();
      expect(dump, table).not.toContain(email.toLowerCase());
      expect(dump, table).not.toContain('zuzana erasable');
    }
    expect((await client().post('/api/auth/sign-in', { email, password: PASSWORD })).status).toBe(401);
  });

  test('writes no password, token, session id or link into the logs', async () => {
    const { browser, email, mail } = await signUpAndVerify();
    await browser.post('/api/auth/sign-in', { email, password: PASSWORD });
    const logs = JSON.stringify(testApp.current.logs);
    expect(logs).not.toContain(PASSWORD);
    expect(logs).not.toContain(tokenFromMail(mail));
    expect(logs).not.toContain(browser.cookie!);
    expect(logs).not.toContain('#token=');
  });
});

describe.each(DATABASE_TARGETS)('an instance without local accounts on $name', (target) => {
  const testApp = useTestApp(target, {
    LOCAL_ACCOUNTS: 'false',
    WIKIMEDIA_CLIENT_ID: 'id',
    WIKIMEDIA_CLIENT_SECRET: 'secret',
  });

  test('offers only Wikimedia sign-in and refuses local sign-up', async () => {
    const client = new TestClient(testApp.current.app);
    expect((await client.get('/api/session')).body).toMatchObject({ signInMethods: { local: false, wikimedia: true } });
    const response = await client.post('/api/auth/sign-up', { email: 'x@example.org', password: PASSWORD });
    expect(response.status).toBe(403);
    expect(response.error.code).toBe('local_accounts_disabled');
  });
});
