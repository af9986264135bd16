import type { Viewer } from '../../platform/auth/viewer';
import { requireMember } from '../../platform/auth/viewer';
import type { Db } from '../../platform/db/schema';
import { organizationIdBySlug, organizationsManagedBy } from '../organizations/organizations.public';
import { visibleMemberId } from '../profiles/profiles.public';

/** Whose items a list shows: a member's, an organization's, or those the viewer may edit. */
export interface ItemListScope {
  readonly memberId?: string;
  readonly organizationId?: string;
  readonly editableBy?: { readonly userId: string; readonly organizationIds: readonly string[] };
}

/**
 * The scope of a list of items (learning resources, services) from its query: a member by profile
 * address (only when this viewer may see that profile: otherwise the list is empty, and the items
 * stay findable on their own), an organization by slug, or "the ones I may edit" (members only).
 * Undefined when the list is empty whatever else it asks.
 */
export async function itemListScope(
  db: Db,
  viewer: Viewer | null,
  query: { readonly member?: string; readonly organization?: string; readonly editable?: boolean },
): Promise<ItemListScope | undefined> {
  const scope: { memberId?: string; organizationId?: string; editableBy?: ItemListScope['editableBy'] } = {};
  if (query.editable) {
    const member = requireMember(viewer);
    scope.editableBy = { userId: member.userId, organizationIds: await organizationsManagedBy(db, member.userId) };
  }
  if (query.member !== undefined) {
    scope.memberId = await visibleMemberId(db, viewer, query.member);
    if (!scope.memberId) return undefined;
  }
  if (query.organization !== undefined) {
    scope.organizationId = await organizationIdBySlug(db, query.organization);
    if (!scope.organizationId) return undefined;
  }
  return scope;
}
