import type { PersonalDataSource } from '../../platform/personal-data';
import { organizationsRepository } from './organizations.repository';

/** Which organizations the member manages or asked to manage. */
export const organizationsPersonalData: PersonalDataSource = {
  name: 'organizations',
  async export(db, userId) {
    const repository = organizationsRepository(db);
    const [managed, requests] = await Promise.all([repository.managedBy(userId), repository.requestsBy(userId)]);
    return {
      manages: managed.map((row) => ({
        organizationId: row.organization_id,
        since: new Date(row.added_at).toISOString(),
      })),
      requestsToManage: requests.map((row) => ({
        organizationId: row.organization_id,
        message: row.message,
        status: row.status,
        reason: row.reason,
        createdAt: new Date(row.created_at).toISOString(),
      })),
    };
  },
  async erase() {
    // Manager rows and requests cascade with the account; audit records keep the change but lose the name
    // (their actor and subject references are set to null).
  },
};
