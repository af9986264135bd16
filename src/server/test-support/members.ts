import type { Role } from '../platform/db/schema';
import type { TestApp } from './test-app';
import { TestClient } from './http-client';
import { accountsRepository } from '../features/accounts/accounts.repository';

let counter = 0;

export interface TestMember {
  readonly userId: string;
  readonly email: string;
  readonly displayName: string;
  readonly client: TestClient;
}

/**
 * A member made directly in the database (verified, onboarded unless told otherwise) with a
 * signed-in client; for tests about what members may do, not about signing up.
 */
export async function createMember(testApp: TestApp, options: { role?: Role; onboarded?: boolean; displayName?: string } = {}): Promise<TestMember> {
  counter += 1;
  const { app } = testApp;
  const repository = accountsRepository(app.database.db);
  const email = `member${counter}-${Date.now()}@example.org`;
  const displayName = options.displayName ?? `Member ${counter}`;
  const userId = await repository.insertUser({ email, emailVerifiedAt: Date.now(), passwordHash: null, language: 'en' });
  if (options.role && options.role !== 'member') await repository.setRole(userId, options.role);
  const session = await app.accounts.startSession(userId, 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0');
  const viewer = await app.accounts.resolveViewer(session.token);
  if (options.onboarded !== false && viewer) {
    await app.accounts.acceptConsent(viewer, { displayName, acceptCodeOfConduct: true, acceptPrivacy: true });
  }
  const client = new TestClient(app);
  client.cookie = session.token;
  return { userId, email, displayName, client };
}
