import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { createMember } from '../../test-support/factories';
import { SmtpCapture } from '../../test-support/smtp-capture';
import { useTestApp } from '../../test-support/test-app';
import type { CapacityNode } from './capacities.schema';

const smtp = new SmtpCapture();
beforeAll(async () => {
  await smtp.start();
});
afterAll(async () => {
  await smtp.stop();
});

const LABELS = { en: 'Podcasting', ar: 'البودكاست', es: 'Pódcast', fr: 'Baladodiffusion', 'pt-br': 'Podcast' };
const flatten = (nodes: CapacityNode[]): CapacityNode[] => nodes.flatMap((node) => [node, ...flatten(node.children)]);

describe.each(DATABASE_TARGETS)('capacity suggestions on $name', (target) => {
  const testApp = useTestApp(target, () => ({ SMTP_URL: smtp.url }));

  async function suggest(name: string) {
    const proposer = await createMember(testApp.current);
    const response = await proposer.client.post('/api/capacity-suggestions', {
      name,
      wikidataQid: 'Q24634210',
      parentId: 36,
    });
    expect(response.status).toBe(201);
    return { proposer, id: response.body.id };
  }

  test('an approved suggestion joins the taxonomy in every language, and the proposer is told', async () => {
    const { proposer, id } = await suggest('Podcasting');
    const admin = await createMember(testApp.current, { role: 'admin' });
    const queue = (await admin.client.get('/api/admin/capacity-suggestions')).body;
    expect(queue.suggestions).toContainEqual(
      expect.objectContaining({ id, name: 'Podcasting', proposerName: proposer.displayName }),
    );

    const before = smtp.messages.length;
    const approved = await admin.client.post(`/api/admin/capacity-suggestions/${id}/approve`, {
      labels: LABELS,
      parentId: 36,
      wikidataQid: 'Q24634210',
    });
    expect(approved.status).toBe(200);
    const capacityId = approved.body.capacityId;
    for (const [lang, label] of Object.entries(LABELS)) {
      const tree = (await admin.client.get(`/api/capacities?lang=${lang}`)).body;
      const communication = tree.capacities.find((root) => root.id === 36)!;
      expect(communication.children.find((child) => child.id === capacityId)?.label).toBe(label);
    }
    expect(flatten((await admin.client.get('/api/capacities')).body.capacities)).toHaveLength(135);
    expect((await smtp.nextTo(proposer.email, before)).text).toContain('“Podcasting”');
    expect((await proposer.client.get('/api/capacity-suggestions/mine')).body).toMatchObject({
      suggestions: [{ status: 'approved', resultCapacityId: capacityId }],
    });
    expect(
      (await admin.client.post(`/api/admin/capacity-suggestions/${id}/reject`, { reason: 'Too late' })).status,
    ).toBe(409);
  });

  test('merges into an existing capacity, or rejects with the reason the proposer reads', async () => {
    const merged = await suggest('Budget planning');
    const rejected = await suggest('Cooking');
    const admin = await createMember(testApp.current, { role: 'admin' });
    expect(
      (await admin.client.post(`/api/admin/capacity-suggestions/${merged.id}/merge`, { capacityId: 12 })).status,
    ).toBe(200);
    const before = smtp.messages.length;
    expect(
      (
        await admin.client.post(`/api/admin/capacity-suggestions/${rejected.id}/reject`, {
          reason: 'Not a Wikimedia capacity.',
        })
      ).status,
    ).toBe(200);
    expect((await smtp.nextTo(rejected.proposer.email, before)).text).toContain('Not a Wikimedia capacity.');
    expect((await merged.proposer.client.get('/api/capacity-suggestions/mine')).body).toMatchObject({
      suggestions: [{ status: 'merged', resultCapacityId: 12 }],
    });
    expect((await admin.client.get('/api/admin/capacity-suggestions?status=rejected')).body).toMatchObject({
      suggestions: expect.arrayContaining([expect.objectContaining({ reason: 'Not a Wikimedia capacity.' })]),
    });
  });

  test.each([
    { name: 'an invalid QID', body: { name: 'X', wikidataQid: 'Qabc', parentId: null }, field: 'body.wikidataQid' },
    { name: 'an unknown parent', body: { name: 'X', wikidataQid: null, parentId: 99999 }, field: 'body.parentId' },
    { name: 'HTML in the name', body: { name: '<i>X</i>', wikidataQid: null, parentId: null }, field: 'body.name' },
    { name: 'an empty name', body: { name: '', wikidataQid: null, parentId: null }, field: 'body.name' },
  ])('refuses a suggestion with $name', async ({ body, field }) => {
    const member = await createMember(testApp.current);
    const response = await member.client.post('/api/capacity-suggestions', body);
    expect(response.status).toBe(400);
    expect(response.error.details?.map((detail) => detail.field)).toContain(field);
  });

  test('needs a label in every language to approve, and an admin to decide', async () => {
    const { id, proposer } = await suggest('Livestreaming');
    const admin = await createMember(testApp.current, { role: 'admin' });
    const missing = await admin.client.post(`/api/admin/capacity-suggestions/${id}/approve`, {
      labels: { ...LABELS, fr: ' ' },
      parentId: null,
      wikidataQid: null,
    });
    expect(missing.error.details).toEqual([expect.objectContaining({ field: 'body.labels.fr', code: 'required' })]);
    const moderator = await createMember(testApp.current, { role: 'moderator' });
    expect((await moderator.client.post(`/api/admin/capacity-suggestions/${id}/reject`, { reason: 'No' })).status).toBe(
      403,
    );
    expect((await proposer.client.get('/api/admin/capacity-suggestions')).status).toBe(403);
  });
});
