import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { createMember, searchablePerson, type ProfiledMember } from '../../test-support/factories';
import { SmtpCapture, type CapturedMail } from '../../test-support/smtp-capture';
import { useTestApp } from '../../test-support/test-app';
import { INVITATION_VALID_MS } from './invitations.service';

const smtp = new SmtpCapture();
beforeAll(async () => {
  await smtp.start();
});
afterAll(async () => {
  await smtp.stop();
});

const tokenOf = (mail: CapturedMail) => {
  const match = /\/invitation#token=([A-Za-z0-9_-]+)/.exec(mail.text);
  if (!match?.[1]) throw new Error(`No invitation link in: ${mail.text}`);
  return match[1];
};

describe.each(DATABASE_TARGETS)('invitations on $name', (target) => {
  const testApp = useTestApp(target, () => ({ SMTP_URL: smtp.url, INVITATIONS_PER_DAY: '3' }));
  let inviter: ProfiledMember;
  let invitations = 0;
  const address = () => `colleague${++invitations}-${target.name}@example.org`;
  beforeAll(async () => {
    inviter = await searchablePerson(testApp.current, { handle: `inviter-${target.name}`, displayName: 'Ifeoma' });
  });

  test('mails a colleague in the chosen language with the note; accepting opens a request from the inviter', async () => {
    const email = address();
    const before = smtp.messages.length;
    const sent = await inviter.client.post('/api/invitations', {
      email,
      note: 'Come and share your bot skills!',
      language: 'es',
    });
    expect(sent.status).toBe(202);
    await testApp.current.app.jobs.drain();
    const mail = await smtp.nextTo(email, before);
    expect(mail.language).toBe('es');
    expect(mail.subject).toContain('Ifeoma');
    expect(mail.text).toContain('Come and share your bot skills!');
    expect((await inviter.client.get('/api/invitations')).body).toMatchObject([
      { email, accepted: false, language: 'es' },
    ]);

    const colleague = await createMember(testApp.current, { displayName: 'Colleague' });
    const accepted = await colleague.client.post('/api/invitations/accept', { token: tokenOf(mail) });
    expect(accepted.status).toBe(200);
    const conversationId = (accepted.body as { conversationId: string }).conversationId;
    expect(conversationId).toEqual(expect.any(String));
    const inbox = await colleague.client.get('/api/conversations');
    expect(inbox.body.requests).toMatchObject([
      {
        id: conversationId,
        other: { handle: inviter.handle },
        lastMessage: { preview: 'Come and share your bot skills!' },
      },
    ]);
    // The address is forgotten once accepted, and the link cannot be used again.
    expect((await inviter.client.get('/api/invitations')).body).toMatchObject([{ email: null, accepted: true }]);
    const again = await (
      await createMember(testApp.current)
    ).client.post('/api/invitations/accept', {
      token: tokenOf(mail),
    });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ error: { code: 'token_invalid' } });
  });

  test('refuses my own invitation, a made-up token and bad input; limits invitations per day', async () => {
    const before = smtp.messages.length;
    const email = address();
    await inviter.client.post('/api/invitations', { email, note: 'Hi', language: 'en' });
    await testApp.current.app.jobs.drain();
    const own = await inviter.client.post('/api/invitations/accept', {
      token: tokenOf(await smtp.nextTo(email, before)),
    });
    expect(own.status).toBe(400);
    expect((await inviter.client.post('/api/invitations/accept', { token: 'made-up' })).status).toBe(400);
    for (const body of [
      { email: 'not an address', note: 'Hi', language: 'en' },
      { email: address(), note: '', language: 'en' },
      { email: address(), note: '   ', language: 'en' },
      { email: address(), note: 'x'.repeat(1001), language: 'en' },
      { email: address(), note: 'Hi', language: 'klingon' },
    ]) {
      const response = await inviter.client.request('POST', '/api/invitations', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    // Three a day here: two were sent above by this member, one more goes, the next is refused.
    expect(
      (await inviter.client.post('/api/invitations', { email: address(), note: 'Hi', language: 'en' })).status,
    ).toBe(202);
    const refused = await inviter.client.post('/api/invitations', { email: address(), note: 'Hi', language: 'en' });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: { code: 'invitation_limit' } });
  });

  test('forgets the address of an invitation nobody accepted within 30 days', async () => {
    const someone = await createMember(testApp.current);
    const email = address();
    await someone.client.post('/api/invitations', { email, note: 'Join us', language: 'en' });
    const db = testApp.current.database.db;
    await db
      .updateTable('invitations')
      .set({ created_at: Date.now() - INVITATION_VALID_MS - 1000 })
      .where('email', '=', email)
      .execute();
    const { app } = testApp.current;
    const { INVITATION_FORGET_JOB } = await import('./invitations.mail');
    await app.jobs.enqueueDaily(db, INVITATION_FORGET_JOB, '2000-01-01', Date.now());
    await app.jobs.drain();
    const rows = await db
      .selectFrom('invitations')
      .select(['email', 'token_hash'])
      .where('inviter_id', '=', someone.userId)
      .execute();
    expect(rows).toEqual([{ email: null, token_hash: null }]);
    expect((await someone.client.get('/api/invitations')).body).toMatchObject([{ email: null, accepted: false }]);
  });
});
