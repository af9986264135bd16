import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startApp } from '../../../../e2e/support/app-server';
import { dayOf } from '../../platform/jobs';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { createMember, searchablePerson, type ProfiledMember } from '../../test-support/factories';
import { SmtpCapture } from '../../test-support/smtp-capture';
import { startTestApp, type TestApp } from '../../test-support/test-app';
import { DIGEST_SWEEP_JOB } from './notifications.mail';

const RECIPIENTS = 12;
const INVITED = 6;

/**
 * Mails queued when the server dies with SIGKILL are sent after it restarts (at least once), and a
 * digest is never sent twice for a day, however the crash fell.
 */
describe.each(DATABASE_TARGETS)('queued mail across a crash on $name', (target) => {
  // A slow mail server, so the crash finds mail in flight and more queued.
  const smtp = new SmtpCapture({ delayMs: 60 });
  let testApp: TestApp;
  let sender: ProfiledMember;
  let recipients: ProfiledMember[];
  let digestReaders: ProfiledMember[];

  beforeAll(async () => {
    await smtp.start();
    testApp = await startTestApp(target, {
      SMTP_URL: smtp.url,
      CONNECT_REQUESTS_PER_DAY: '100',
      MESSAGES_PER_MINUTE: '100',
    });
    // This process only prepares the work: the server under test runs the queue.
    await testApp.app.jobs.stop();
    sender = await searchablePerson(testApp, { handle: `crash-sender-${target.name}`, displayName: 'Sender' });
    recipients = [];
    for (let n = 0; n < RECIPIENTS; n += 1)
      recipients.push(await searchablePerson(testApp, { handle: `crash-${target.name}-${n}`, displayName: `R${n}` }));
    digestReaders = recipients.slice(0, 4);
    // An account older than a day, allowed the configured number of requests.
    await testApp.app.database.db.updateTable('users').set({ created_at: 0 }).execute();
  });
  afterAll(async () => {
    await testApp?.close();
    await smtp.stop();
  });

  test('every queued mail goes out after kill -9 and a restart, and no digest twice', async () => {
    const { db } = testApp.app.database;
    // Requests mail at once (the default); the digest readers' answers come back to them as daily notices.
    for (const recipient of recipients) {
      const sent = await sender.client.post('/api/conversations', { handle: recipient.handle, body: 'Hello' });
      expect(sent.status).toBe(201);
    }
    // Four recipients write back (which accepts) and get a reply: daily notices for both sides, for the digest.
    for (const reader of digestReaders) {
      const id = (
        (await reader.client.post('/api/conversations', { handle: sender.handle, body: 'Hi' })).body as { id: string }
      ).id;
      await sender.client.post(`/api/conversations/${id}/messages`, { body: 'Welcome' });
    }
    const invited = Array.from({ length: INVITED }, (_, n) => `crash-invited-${n}-${target.name}@example.org`);
    const inviter = await createMember(testApp, { displayName: 'Inviter' });
    await db.updateTable('users').set({ created_at: 0 }).where('id', '=', inviter.userId).execute();
    for (const email of invited.slice(0, 5))
      expect((await inviter.client.post('/api/invitations', { email, note: 'Join', language: 'en' })).status).toBe(202);
    const day = dayOf(Date.now() + 2 * 86_400_000);
    await testApp.app.jobs.enqueueDaily(db, DIGEST_SWEEP_JOB, day, Date.now());

    const config = testApp.app.config.database;
    const databaseUrl = config.kind === 'postgres' ? config.url : config.file;
    const env = { DATABASE_URL: databaseUrl, WEB_DIST_DIR: '/nonexistent', SMTP_URL: smtp.url, JOB_POLL_MS: '50' };
    const server = await startApp(env);
    // Killed as soon as the first mail is through: the rest is in flight or queued.
    const deadline = Date.now() + 30_000;
    while (smtp.messages.length === 0 && Date.now() < deadline) await new Promise((done) => setTimeout(done, 10));
    await server.kill();
    const beforeRestart = smtp.messages.length;
    expect(beforeRestart, server.output()).toBeGreaterThan(0);
    const queued = await db.selectFrom('jobs').select('kind').where('run_at', '<=', Date.now()).execute();
    expect(queued.length, 'jobs left queued by the crash').toBeGreaterThan(0);
    // The job the dead process had claimed is taken again once its lock expires (a minute): do not wait for it.
    await db.updateTable('jobs').set({ locked_until: null }).execute();

    const restarted = await startApp(env);
    try {
      const due = async () =>
        (
          await db
            .selectFrom('jobs')
            .select('id')
            .where('run_at', '<=', Date.now())
            .where('failed_at', 'is', null)
            .execute()
        ).length;
      const until = Date.now() + 60_000;
      while ((await due()) > 0 && Date.now() < until) await new Promise((done) => setTimeout(done, 100));
      expect(await due(), restarted.output()).toBe(0);
      const to = (address: string) => smtp.messages.filter((message) => message.to === address);
      for (const recipient of recipients)
        expect(to(recipient.email).filter((mail) => mail.subject.includes('message request')).length).toBeGreaterThan(
          0,
        );
      for (const email of invited.slice(0, 5)) expect(to(email).length, email).toBeGreaterThan(0);
      const digestMembers = [...digestReaders, sender];
      for (const member of digestMembers)
        expect(to(member.email).filter((mail) => /new notification/.test(mail.subject))).toHaveLength(1);
      const digests = await db.selectFrom('email_digests').select(['user_id', 'day']).execute();
      expect(
        digests
          .filter((row) => row.day === day)
          .map((row) => row.user_id)
          .sort(),
      ).toEqual(digestMembers.map((member) => member.userId).sort());
    } finally {
      await restarted.stop();
      await server.stop();
    }
  }, 180_000);
});
