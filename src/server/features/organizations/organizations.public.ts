import type { Db } from '../../platform/db/schema';
import { organizationsRepository } from './organizations.repository';

/*
 * What other features read of organizations. They go through these, never the repository: a
 * feature's tables and SQL are its own.
 */

/** The address and main name of each of these organizations (others' pages link to them). */
export function organizationSummaries(db: Db, ids: readonly string[]) {
  return organizationsRepository(db).summaries(ids);
}

/** The ids of the organizations at these addresses; unknown addresses are left out. */
export function organizationIdsBySlugs(db: Db, slugs: readonly string[]): Promise<Map<string, string>> {
  return organizationsRepository(db).idsBySlugs(slugs);
}

/** The id of the organization at this address, if there is one. */
export function organizationIdBySlug(db: Db, slug: string): Promise<string | undefined> {
  return organizationsRepository(db).idBySlug(slug);
}

/** Who manages the organization now (they answer its messages). */
export function organizationManagerIds(db: Db, organizationId: string): Promise<string[]> {
  return organizationsRepository(db).managerIds(organizationId);
}

/** The organizations a member manages now. */
export function organizationsManagedBy(db: Db, userId: string): Promise<string[]> {
  return organizationsRepository(db).managedOrganizationIds(userId);
}

/**
 * The organization an item (a learning resource, a service) is added for, by its slug: its id (null
 * for none, undefined when there is no such organization) and its managers now.
 */
export async function publishingOrganization(
  db: Db,
  slug: string | null,
): Promise<{ readonly id: string | null | undefined; readonly managerIds: readonly string[] }> {
  if (slug === null) return { id: null, managerIds: [] };
  const repository = organizationsRepository(db);
  const id = await repository.idBySlug(slug);
  return { id, managerIds: id ? await repository.managerIds(id) : [] };
}
