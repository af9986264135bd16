import { beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { createMember, searchablePerson, type ProfiledMember } from '../../test-support/factories';
import { useTestApp } from '../../test-support/test-app';

const FINANCE = 11;
const BUDGETING = 12;
const COMMUNICATION = 20;

describe.each(DATABASE_TARGETS)('connections and follow-ups on $name', (target) => {
  const testApp = useTestApp(target);
  let teacher: ProfiledMember;
  let learner: ProfiledMember;
  let conversationId: string;

  const entries = (ids: number[]) => ids.map((id) => ({ id, level: null, note: null }));
  /** Makes every queued follow-up due now, then runs the queue. */
  async function timePasses() {
    const { app } = testApp.current;
    await app.database.db.updateTable('jobs').set({ run_at: Date.now() }).where('kind', '=', 'follow-up').execute();
    await app.jobs.drain();
  }

  beforeAll(async () => {
    teacher = await searchablePerson(testApp.current, {
      handle: `teacher-${target.name}`,
      displayName: 'Teacher',
      capacities: { shares: entries([BUDGETING]), knows: entries([FINANCE]), learns: [], visibility: 'members' },
    });
    learner = await searchablePerson(testApp.current, {
      handle: `learner-${target.name}`,
      displayName: 'Learner',
      capacities: { shares: entries([COMMUNICATION]), learns: entries([BUDGETING]), visibility: 'members' },
    });
    const sent = await learner.client.post('/api/conversations', {
      handle: teacher.handle,
      body: 'Help with budgets?',
    });
    conversationId = (sent.body as { id: string }).id;
  });

  test('a connection is made when both have written, and each is asked once, fourteen days later', async () => {
    await timePasses();
    expect((await learner.client.get('/api/follow-ups')).body).toEqual([]);
    await teacher.client.post(`/api/conversations/${conversationId}/accept`);
    await teacher.client.post(`/api/conversations/${conversationId}/messages`, { body: 'Sure!' });
    const job = await testApp.current.database.db
      .selectFrom('jobs')
      .select('run_at')
      .where('kind', '=', 'follow-up')
      .executeTakeFirstOrThrow();
    expect(Number(job.run_at) - Date.now()).toBeGreaterThan(13.9 * 86_400_000);
    // More messages do not make another connection.
    await learner.client.post(`/api/conversations/${conversationId}/messages`, { body: 'Thanks' });
    expect(await testApp.current.database.db.selectFrom('connections').selectAll().execute()).toHaveLength(1);

    await timePasses();
    const [prompt] = (await learner.client.get('/api/follow-ups')).body;
    expect(prompt).toMatchObject({
      conversationId,
      other: { handle: teacher.handle, name: 'Teacher' },
      mine: [{ id: COMMUNICATION }, { id: BUDGETING }],
      theirs: [{ id: BUDGETING }, { id: FINANCE }],
    });
    expect((await teacher.client.get('/api/follow-ups')).body).toHaveLength(1);
  });

  test('an answer records what was learned from whom; it is asked only once', async () => {
    const [prompt] = (await learner.client.get('/api/follow-ups')).body;
    const bad = await learner.client.post(`/api/follow-ups/${prompt!.id}`, {
      satisfaction: 5,
      shared: [],
      learned: [COMMUNICATION],
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { details: [{ field: 'learned.0', code: 'unknown-capacity' }] } });
    for (const satisfaction of [0, 6, 2.5]) {
      const response = await learner.client.request('POST', `/api/follow-ups/${prompt!.id}`, {
        satisfaction,
        shared: [],
        learned: [],
      });
      expect(response.status).toBe(400);
    }
    const answered = await learner.client.post(`/api/follow-ups/${prompt!.id}`, {
      satisfaction: 5,
      shared: [],
      learned: [BUDGETING],
      note: 'Great help with the grant budget.',
    });
    expect(answered.status).toBe(204);
    expect((await learner.client.get('/api/follow-ups')).body).toEqual([]);
    expect(
      (await learner.client.post(`/api/follow-ups/${prompt!.id}`, { satisfaction: 4, shared: [], learned: [] })).status,
    ).toBe(404);
    const learnings = await testApp.current.database.db.selectFrom('learnings').selectAll().execute();
    expect(learnings).toMatchObject([
      { learner_id: learner.userId, sharer_id: teacher.userId, capacity_id: BUDGETING, stated_by: 'learner' },
    ]);
    // The other side cannot answer someone else's follow-up.
    expect((await teacher.client.post(`/api/follow-ups/${prompt!.id}/dismiss`)).status).toBe(404);
  });

  test('dismissed for good; answers count only in aggregates, withheld below five', async () => {
    const [prompt] = (await teacher.client.get('/api/follow-ups')).body;
    expect((await teacher.client.post(`/api/follow-ups/${prompt!.id}/dismiss`)).status).toBe(204);
    expect((await teacher.client.get('/api/follow-ups')).body).toEqual([]);
    const admin = await createMember(testApp.current, { role: 'admin' });
    const counts = await admin.client.get('/api/admin/connect-counts');
    expect(counts.status).toBe(200);
    const today = counts.body.days.at(-1)!;
    expect(today).toMatchObject({ requests: 1, requestsAccepted: 1, connections: 1, followUpsAnswered: 1 });
    expect(counts.body.satisfaction.find((entry) => entry.score === 5)).toEqual({ score: 5, answers: null });
    expect((await learner.client.get('/api/admin/connect-counts')).status).toBe(403);
  });

  test('the export holds my answers; after my erasure the other side’s learning no longer names me', async () => {
    const exported = await learner.client.get('/api/account/export');
    expect(JSON.stringify(exported.body)).toContain('Great help with the grant budget.');
    const teacherExport = await teacher.client.get('/api/account/export');
    expect((teacherExport.body as { followUps: { learnedFromMe: unknown[] } }).followUps.learnedFromMe).toHaveLength(1);
    expect((await teacher.client.post('/api/account/delete', { confirmation: 'Teacher' })).status).toBe(204);
    const learnings = await testApp.current.database.db.selectFrom('learnings').selectAll().execute();
    expect(learnings).toMatchObject([{ learner_id: learner.userId, sharer_id: null, capacity_id: BUDGETING }]);
  });
});
