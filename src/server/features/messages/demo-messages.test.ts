import { describe, expect, test } from 'vitest';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { createMember } from '../../test-support/factories';
import { useTestApp } from '../../test-support/test-app';
import { seedDemoPeople } from '../profiles/demo.seed';
import { demoConversations, pairNumber, seedDemoMessages, type DemoConversation } from './demo-messages';

const NOW = Date.UTC(2026, 11, 1);

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
}

describe('the demo conversations generator', () => {
  const generate = (seed: number, participants = 5000, messages = 10_000, spreadFrom = participants) => [
    ...demoConversations({ participants, messages, seed, now: NOW, spreadFrom }),
  ];

  test('gives the same conversations for the same seed, and others for another', () => {
    const first = generate(7, 300, 600);
    expect(generate(7, 300, 600)).toEqual(first);
    expect(generate(8, 300, 600)).not.toEqual(first);
  });

  test('writes exactly the messages asked for, each pair once, each message after the one before and before now', () => {
    const conversations = generate(1);
    expect(conversations.reduce((sum, conversation) => sum + conversation.messages.length, 0)).toBe(10_000);
    const pairs = conversations.map((conversation) => pairNumber(conversation.starter, conversation.recipient, 5000));
    expect(new Set(pairs).size).toBe(pairs.length);
    for (const conversation of conversations) {
      expect(conversation.starter).not.toBe(conversation.recipient);
      const times = conversation.messages.map((message) => message.createdAt);
      expect(times[0]).toBe(conversation.createdAt);
      for (let index = 1; index < times.length; index += 1) expect(times[index]!).toBeGreaterThan(times[index - 1]!);
      expect(times.at(-1)!).toBeLessThan(NOW);
    }
  });

  test('has a long tail: most people in a few conversations or none, some in dozens', () => {
    const perPerson = new Map<number, number>();
    for (const { starter, recipient } of generate(2)) {
      perPerson.set(starter, (perPerson.get(starter) ?? 0) + 1);
      perPerson.set(recipient, (perPerson.get(recipient) ?? 0) + 1);
    }
    const counts = Array.from({ length: 5000 }, (_, index) => perPerson.get(index) ?? 0);
    expect(counts.filter((count) => count <= 3).length / counts.length).toBeGreaterThan(0.85);
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(24);
  });

  test('members given apart get activity from the quietest to the busiest', () => {
    const perPerson = new Map<number, number>();
    for (const { starter, recipient } of generate(3, 5200, 10_000, 5000)) {
      perPerson.set(starter, (perPerson.get(starter) ?? 0) + 1);
      perPerson.set(recipient, (perPerson.get(recipient) ?? 0) + 1);
    }
    const members = Array.from({ length: 200 }, (_, index) => perPerson.get(5000 + index) ?? 0);
    expect(Math.min(...members)).toBe(0);
    expect(Math.max(...members)).toBeGreaterThanOrEqual(20);
  });

  test('mostly open conversations, some requests and declined ones, in many languages and scripts', () => {
    const conversations = generate(4);
    const share = (status: DemoConversation['status']) =>
      conversations.filter((conversation) => conversation.status === status).length / conversations.length;
    expect(share('open')).toBeGreaterThan(0.6);
    expect(share('request')).toBeGreaterThan(0.05);
    expect(share('declined')).toBeGreaterThan(0.03);
    const messages = conversations.flatMap((conversation) => conversation.messages);
    const languages = new Set(messages.map((message) => message.language));
    for (const code of ['en', 'es', 'fr', 'ar', 'zh', 'hi', 'ru', null]) expect(languages).toContain(code);
    expect(messages.some((message) => message.language === 'ar' && /[\u0600-\u06ff]/.test(message.body))).toBe(true);
    const lengths = messages.map((message) => message.body.length).sort((a, b) => a - b);
    expect(lengths[0]!).toBeGreaterThan(0);
    expect(lengths[Math.floor(lengths.length / 2)]!).toBeLessThan(200);
    expect(lengths.at(-1)!).toBeGreaterThan(1000);
    expect(lengths.at(-1)!).toBeLessThanOrEqual(5000);
    expect(Math.max(...conversations.map((conversation) => conversation.messages.length))).toBeGreaterThan(100);
  });
});

describe.each(DATABASE_TARGETS)('demo messages in the database, on $name', (target) => {
  const testApp = useTestApp(target);

  test('are consistent: both members, unread counts, the latest message; and readable through the API', async () => {
    const { database } = testApp.current.app;
    const { db } = database;
    await seedDemoPeople(database, 400);
    const given = [
      await createMember(testApp.current),
      await createMember(testApp.current),
      await createMember(testApp.current),
    ];
    const progress: number[] = [];
    const added = await seedDemoMessages(database, 1500, {
      members: given.map((entry) => entry.userId),
      onProgress: (done) => progress.push(done),
    });
    expect(added.messages).toBe(1500);
    expect(progress.at(-1)).toBe(1500);
    // Another run adds more, never a second conversation for a pair (pair_key is unique).
    const more = await seedDemoMessages(database, 500);
    expect(more.messages).toBe(500);

    const conversations = await db.selectFrom('conversations').selectAll().execute();
    const members = await db.selectFrom('conversation_members').selectAll().execute();
    const messages = await db
      .selectFrom('messages')
      .selectAll()
      .orderBy('conversation_id')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    expect(messages).toHaveLength(2000);
    expect(conversations).toHaveLength(added.conversations + more.conversations);
    const membersOf = groupBy(members, (row) => row.conversation_id);
    const messagesOf = groupBy(messages, (row) => row.conversation_id);

    for (const conversation of conversations) {
      const own = membersOf.get(conversation.id) ?? [];
      const said = messagesOf.get(conversation.id) ?? [];
      // Exactly its two members, the pair key of the two, and at least one message.
      expect(own.map((row) => row.user_id).sort()).toEqual([conversation.starter_id, conversation.recipient_id].sort());
      expect(conversation.pair_key).toBe([conversation.starter_id, conversation.recipient_id].sort().join(':'));
      expect(said.length).toBeGreaterThan(0);
      // Every message by one of them; the first by the starter; a request or a declined one has only that.
      for (const message of said)
        expect([conversation.starter_id, conversation.recipient_id]).toContain(message.author_id);
      expect(said[0]!.author_id).toBe(conversation.starter_id);
      if (conversation.status !== 'open') expect(said).toHaveLength(1);
      else expect(Number(conversation.decided_at)).toBeLessThanOrEqual(Number(said[1]!.created_at));
      // The latest message is the one named, at the time named for the conversation and its members.
      const latest = said.at(-1)!;
      expect(conversation.last_message_id).toBe(latest.id);
      expect(Number(conversation.last_message_at)).toBe(Number(latest.created_at));
      for (const row of own) {
        expect(Number(row.last_message_at)).toBe(Number(latest.created_at));
        // Unread: none when they wrote last (or declined); else the other side's latest run, or none if read.
        let run = 0;
        for (let index = said.length - 1; index >= 0 && said[index]!.author_id !== row.user_id; index -= 1) run += 1;
        const unread = Number(row.unread_count);
        if (latest.author_id === row.user_id || conversation.status === 'declined') expect(unread).toBe(0);
        else expect([0, run]).toContain(unread);
      }
    }
    // Some are unread, some requests wait; every message has a text, most a language tag.
    expect(members.some((row) => Number(row.unread_count) > 0)).toBe(true);
    expect(conversations.some((conversation) => conversation.status === 'request')).toBe(true);
    expect(messages.every((message) => message.body !== null && message.body.trim() === message.body)).toBe(true);
    expect(messages.filter((message) => message.language !== null).length).toBeGreaterThan(messages.length * 0.8);

    // A member given apart sees their conversations in their inbox and can open them.
    const member = given.find((entry) => members.some((row) => row.user_id === entry.userId))!;
    const mine = members.filter((row) => row.user_id === member.userId);
    const inbox = await member.client.get('/api/conversations');
    expect(inbox.status).toBe(200);
    const listed = [...inbox.body.requests, ...inbox.body.conversations].map((entry) => entry.id);
    const visible = mine.filter((row) => {
      const conversation = conversations.find((entry) => entry.id === row.conversation_id)!;
      return conversation.status !== 'declined' || conversation.starter_id === member.userId;
    });
    expect(listed.sort()).toEqual(visible.map((row) => row.conversation_id).sort());
    const opened = await member.client.get(`/api/conversations/${visible[0]!.conversation_id}`);
    expect(opened.status).toBe(200);
    expect(opened.body.messages.length).toBe(Math.min(100, messagesOf.get(visible[0]!.conversation_id)!.length));
  });
});
