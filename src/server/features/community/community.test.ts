import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { OrganizationSide, PersonSide, Visibility } from '../../../shared/vocabulary';
import type { CapacityNode } from '../capacities/capacities.schema';
import { DATABASE_TARGETS } from '../../test-support/databases';
import {
  buildProfile,
  createMember,
  createOrganization,
  type ProfiledMember,
  type TestMember,
} from '../../test-support/factories';
import { TestClient } from '../../test-support/http-client';
import { useTestApp, type TestApp } from '../../test-support/test-app';
import { COUNTS_FRESH_MS } from './community.service';

// Each process keeps the counts a minute. The clock moves a minute on before every read (and only
// then), so each read counts afresh, and the test of the minute itself can stay inside it.
const realNow = Date.now.bind(Date);
let clockOffset = 0;
beforeAll(() => {
  vi.spyOn(Date, 'now').mockImplementation(() => realNow() + clockOffset);
});
afterAll(() => {
  vi.restoreAllMocks();
});

type Counts = { people: number | null; organizations: number | null; capacitiesShared: number | null };

/** The counts as a signed-out visitor reads them, a minute after the last read unless `sameMinute`. */
async function counts(testApp: TestApp, client = new TestClient(testApp.app), sameMinute = false): Promise<Counts> {
  if (!sameMinute) clockOffset += COUNTS_FRESH_MS;
  const response = await client.get('/api/community');
  expect(response.status).toBe(200);
  // Kept by the browser for what is left of the process's minute, so never older than a minute in all.
  const maxAge = Number(/^public, max-age=(\d+)$/.exec(String(response.headers['cache-control']))?.[1]);
  expect(maxAge).toBeGreaterThan(0);
  expect(maxAge).toBeLessThanOrEqual(60);
  if (!sameMinute) expect(maxAge).toBe(60);
  return response.body;
}

/** What moderators need to act on someone: a moderator and a reporter, neither of them counted. */
async function moderationTeam(testApp: TestApp) {
  const moderator = await createMember(testApp, { role: 'moderator' });
  const reporter = await createMember(testApp);
  let reports = 0;
  return {
    async decide(
      subject: { type: 'profile' | 'organization'; reference: string },
      action: 'hide' | 'suspend' | 'ban',
    ): Promise<void> {
      reports += 1;
      const sent = await reporter.client.post('/api/reports', {
        ...subject,
        category: 'other',
        explanation: `Community counts test ${reports}`,
      });
      expect(sent.status).toBe(201);
      const decided = await moderator.client.post(
        `/api/moderation/reports/${(sent.body as { id: string }).id}/decision`,
        {
          action,
          reason: 'For the community counts test.',
          ...(action === 'suspend' ? { days: 7 } : {}),
        },
      );
      expect(decided.status).toBe(204);
    },
  };
}

describe.each(DATABASE_TARGETS)('community counts on $name', (target) => {
  describe('people', () => {
    const testApp = useTestApp(target);
    let team: Awaited<ReturnType<typeof moderationTeam>>;
    beforeAll(async () => {
      team = await moderationTeam(testApp.current);
    });
    /** A member counted as soon as their profile is saved (members-only fields, closed to visitors). */
    const countedMember = async () => buildProfile(await createMember(testApp.current));
    const people = async () => (await counts(testApp.current)).people;

    test('a fresh instance answers null for every count, the same to visitors, newcomers and members', async () => {
      const app = testApp.current;
      const nothing = { people: null, organizations: null, capacitiesShared: null };
      expect(await counts(app)).toEqual(nothing);
      // Those two are not counted: one has not finished the first sign-in, the other has no profile.
      const newcomer = await createMember(app, { onboarded: false });
      const member = await createMember(app);
      expect(await counts(app, newcomer.client)).toEqual(nothing);
      expect(await counts(app, member.client)).toEqual(nothing);
    });

    test('counts of 1 to 4 are null; at 5 and on they are shown', async () => {
      for (const total of [1, 2, 3, 4, 5, 6]) {
        await countedMember();
        expect(await people()).toBe(total < 5 ? null : total);
      }
    });

    test('the same answer for everyone, and up to a minute old', async () => {
      const app = testApp.current;
      const member = await countedMember();
      const signedOut = await counts(app);
      expect(signedOut.people).toBe(7);
      expect(await counts(app, member.client, true)).toEqual(signedOut);
      await countedMember();
      // Within the minute the process answers what it counted; a minute on, it counts again.
      expect((await counts(app, member.client, true)).people).toBe(7);
      expect((await counts(app, member.client)).people).toBe(8);
    });

    const notCounted: {
      what: string;
      /** Makes the member, counted or not; those counted first are then taken out by `then`. */
      make: () => Promise<TestMember | ProfiledMember>;
      then?: (member: ProfiledMember) => Promise<void>;
    }[] = [
      { what: 'has not finished the first sign-in', make: () => createMember(testApp.current, { onboarded: false }) },
      { what: 'has no profile yet', make: () => createMember(testApp.current) },
      {
        what: 'took themselves out of search',
        make: countedMember,
        then: async (member) => {
          const saved = await member.client.put('/api/profile/settings', { showToVisitors: true, inSearch: false });
          expect(saved.status).toBe(200);
        },
      },
      {
        what: 'had their profile hidden by moderators',
        make: countedMember,
        then: (member) => team.decide({ type: 'profile', reference: member.handle }, 'hide'),
      },
      {
        what: 'is suspended',
        make: countedMember,
        then: (member) => team.decide({ type: 'profile', reference: member.handle }, 'suspend'),
      },
      {
        what: 'is banned',
        make: countedMember,
        then: (member) => team.decide({ type: 'profile', reference: member.handle }, 'ban'),
      },
      {
        what: 'deleted their account',
        make: countedMember,
        then: async (member) => {
          const deleted = await member.client.post('/api/account/delete', { confirmation: member.displayName });
          expect(deleted.status).toBe(204);
        },
      },
    ];

    test.each(notCounted)('a member who $what is not counted', async ({ make, then }) => {
      const before = await people();
      const member = await make();
      if (then) {
        // Counted first, so the step after is what takes them out.
        expect(await people()).toBe(before! + 1);
        await then(member as ProfiledMember);
      }
      expect(await people()).toBe(before);
    });
  });

  describe('organizations', () => {
    const testApp = useTestApp(target);
    let team: Awaited<ReturnType<typeof moderationTeam>>;
    beforeAll(async () => {
      team = await moderationTeam(testApp.current);
    });
    let made = 0;
    const organizations = async () => (await counts(testApp.current)).organizations;
    /** An organization as `cxc import affiliates` loads them: managed by nobody yet, in the directory. */
    const imported = () => {
      made += 1;
      return createOrganization(testApp.current, { name: `Counted Group ${made}`, acronym: `CG${made}` });
    };
    /** An organization a member created (they manage it), with that member's profile for reports. */
    const managed = async () => {
      made += 1;
      const manager = await buildProfile(await createMember(testApp.current));
      const created = await manager.client.post('/api/organizations', {
        names: [{ language: 'en', name: `Managed Circle ${made}` }],
        acronym: `MC${made}`,
        type: 'user-group',
      });
      expect(created.status).toBe(201);
      return { manager, slug: (created.body as { slug: string }).slug };
    };

    test('counts of 1 to 4 are null; at 5 and on they are shown', async () => {
      expect(await organizations()).toBeNull();
      for (const total of [1, 2, 3, 4, 5]) {
        await imported();
        expect(await organizations()).toBe(total < 5 ? null : total);
      }
      await managed();
      expect(await organizations()).toBe(6);
    });

    test.each([
      {
        what: 'is hidden by moderators',
        takeOut: async () => {
          const { slug } = await imported();
          return () => team.decide({ type: 'organization', reference: slug }, 'hide');
        },
      },
      {
        what: 'is run only by a suspended member',
        takeOut: async () => {
          const { manager } = await managed();
          return () => team.decide({ type: 'profile', reference: manager.handle }, 'suspend');
        },
      },
      {
        what: 'is run only by a banned member',
        takeOut: async () => {
          const { manager } = await managed();
          return () => team.decide({ type: 'profile', reference: manager.handle }, 'ban');
        },
      },
    ])('an organization that $what is not counted', async ({ takeOut }) => {
      const before = await organizations();
      const act = await takeOut();
      expect(await organizations()).toBe(before! + 1);
      await act();
      expect(await organizations()).toBe(before);
    });
  });

  describe('capacities shared', () => {
    const testApp = useTestApp(target);
    let team: Awaited<ReturnType<typeof moderationTeam>>;
    let admin: TestMember;
    /** Capacity ids of the taxonomy, each used by one case only. */
    const unused: number[] = [];
    beforeAll(async () => {
      team = await moderationTeam(testApp.current);
      admin = await createMember(testApp.current, { role: 'admin' });
      const tree = await new TestClient(testApp.current.app).get('/api/capacities');
      const flat = (nodes: readonly CapacityNode[]): number[] =>
        nodes.flatMap((node) => [node.id, ...flat(node.children)]);
      unused.push(...flat(tree.body.capacities));
    });
    const capacitiesShared = async () => (await counts(testApp.current)).capacitiesShared;

    interface PersonShare {
      readonly side?: PersonSide;
      readonly visibility?: Visibility;
      readonly visitors?: boolean;
      readonly inSearch?: boolean;
    }
    /** A member sharing these capacities; by default on a profile open to visitors, capacities public. */
    const person = async (ids: readonly number[], share: PersonShare = {}) => {
      const entries = ids.map((id) => ({ id, level: null, note: null }));
      const side = share.side ?? 'shares';
      return buildProfile(await createMember(testApp.current), {
        capacities: {
          knows: side === 'knows' ? entries : [],
          shares: side === 'shares' ? entries : [],
          learns: side === 'learns' ? entries : [],
          visibility: share.visibility ?? 'public',
        },
        settings: { showToVisitors: share.visitors ?? true, inSearch: share.inSearch ?? true },
      });
    };
    let organizationsMade = 0;
    /** An organization (managed by nobody, edited by an admin) with this capacity on one side. */
    const organization = async (
      id: number,
      { side = 'offers', hidden = false }: { side?: OrganizationSide; hidden?: boolean },
    ) => {
      organizationsMade += 1;
      const { slug } = await createOrganization(testApp.current, {
        name: `Sharing Org ${organizationsMade}`,
        acronym: `SO${organizationsMade}`,
      });
      const entry = [{ id, note: null }];
      const saved = await admin.client.put(`/api/organizations/${slug}/capacities`, {
        offers: side === 'offers' ? entry : [],
        needs: side === 'needs' ? entry : [],
      });
      expect(saved.status).toBe(200);
      if (hidden) await team.decide({ type: 'organization', reference: slug }, 'hide');
    };

    test('counts of 1 to 4 distinct capacities are null; at 5 they are shown', async () => {
      expect(await capacitiesShared()).toBeNull();
      const first = unused.splice(0, 5);
      // Shared by two people: still one capacity each.
      await person(first.slice(0, 4));
      await person(first.slice(0, 2));
      expect(await capacitiesShared()).toBeNull();
      await person(first.slice(4));
      expect(await capacitiesShared()).toBe(5);
    });

    const cases: {
      what: string;
      people?: readonly PersonShare[];
      organizations?: readonly { side?: OrganizationSide; hidden?: boolean }[];
      counted: boolean;
    }[] = [
      { what: 'one person shares openly', people: [{}], counted: true },
      { what: 'one person shares with members only', people: [{ visibility: 'members' }], counted: false },
      { what: 'one person shares privately', people: [{ visibility: 'private' }], counted: false },
      { what: 'one person shares publicly, profile closed to visitors', people: [{ visitors: false }], counted: false },
      { what: 'one person shares openly but left search', people: [{ inSearch: false }], counted: false },
      { what: 'one person only knows it', people: [{ side: 'knows' }], counted: false },
      { what: 'one person only wants to learn it', people: [{ side: 'learns' }], counted: false },
      { what: 'two people share openly', people: [{}, {}], counted: true },
      {
        what: 'five people share, four of them with members only',
        people: [
          { visibility: 'members' },
          { visibility: 'members' },
          {},
          { visibility: 'private' },
          { visitors: false },
        ],
        counted: true,
      },
      {
        what: 'five people share, none where visitors see it',
        people: [
          { visibility: 'members' },
          { visibility: 'members' },
          { visibility: 'private' },
          { visitors: false },
          { visitors: false, visibility: 'members' },
        ],
        counted: false,
      },
      { what: 'an organization offers it', organizations: [{}], counted: true },
      { what: 'an organization only needs it', organizations: [{ side: 'needs' }], counted: false },
      { what: 'an organization hidden by moderators offers it', organizations: [{ hidden: true }], counted: false },
      { what: 'a person and an organization share it', people: [{}], organizations: [{}], counted: true },
      {
        what: 'a person shares it with members only and an organization needs it',
        people: [{ visibility: 'members' }],
        organizations: [{ side: 'needs' }],
        counted: false,
      },
    ];

    test.each(cases)('a capacity of which $what counts: $counted', async (sharing) => {
      const before = await capacitiesShared();
      const id = unused.shift()!;
      for (const share of sharing.people ?? []) await person([id], share);
      for (const share of sharing.organizations ?? []) await organization(id, share);
      expect(await capacitiesShared()).toBe(before! + (sharing.counted ? 1 : 0));
    });

    test('a person suspended takes the capacities only they shared out of the count', async () => {
      const before = await capacitiesShared();
      const id = unused.shift()!;
      const sharer = await person([id]);
      expect(await capacitiesShared()).toBe(before! + 1);
      await team.decide({ type: 'profile', reference: sharer.handle }, 'suspend');
      expect(await capacitiesShared()).toBe(before);
    });
  });
});
