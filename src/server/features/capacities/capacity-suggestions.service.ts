import { randomUUID } from 'node:crypto';
import type { UiLanguage } from '../../../shared/ui-languages';
import type { Db } from '../../platform/db/schema';
import { AppError, validationFailed } from '../../platform/errors';
import type { JobQueue } from '../../platform/jobs';
import { requireMember, requireRole, type Viewer } from '../../platform/auth/viewer';
import { checkedName, containsMarkup } from '../../platform/editing/field-rules';
import { recordAudit } from '../audit/audit.public';
import { SUGGESTION_MAIL_JOB, type SuggestionMail } from './capacity-suggestions.mail';
import { capacitySuggestionsRepository } from './capacity-suggestions.repository';

const MAX_PENDING_PER_MEMBER = 10;

/** Members suggest capacities; admins approve (with labels in every language), merge or reject. */
export function capacitySuggestionsService(db: Db, jobs: JobQueue) {
  const repository = capacitySuggestionsRepository(db);

  async function pending(viewer: Viewer | null, id: string) {
    requireRole(viewer, 'admin');
    const suggestion = await repository.findById(id);
    if (!suggestion) throw new AppError('not_found');
    if (suggestion.status !== 'pending') throw new AppError('conflict');
    return suggestion;
  }

  function auditSuggestion(
    trx: Db,
    adminId: string,
    suggestionId: string,
    status: string,
    reason: string | null,
    capacityId: number | null,
  ) {
    return recordAudit(trx, {
      actorId: adminId,
      action: `capacity-suggestion.${status}`,
      subjectType: 'capacity-suggestion',
      subjectId: suggestionId,
      reason,
      detail: capacityId === null ? null : `capacity ${capacityId}`,
      now: Date.now(),
    });
  }

  /** Records the decision and tells the proposer by mail when they have an address. */
  async function decide(
    suggestion: Awaited<ReturnType<typeof pending>>,
    status: 'approved' | 'merged' | 'rejected',
    reason: string | null,
    resultCapacityId: number | null,
    adminId: string,
  ) {
    await db.transaction().execute(async (trx) => {
      if (!(await capacitySuggestionsRepository(trx).decide(suggestion.id, { status, reason, resultCapacityId })))
        throw new AppError('conflict');
      await auditSuggestion(trx, adminId, suggestion.id, status, reason, resultCapacityId);
    });
    if (suggestion.proposer_email) {
      const mail: SuggestionMail = {
        to: suggestion.proposer_email,
        language: suggestion.proposer_language,
        name: suggestion.name,
        status,
        reason,
      };
      await jobs.enqueue(db, SUGGESTION_MAIL_JOB, mail, { userId: suggestion.proposer_id });
    }
  }

  async function assertCapacity(id: number | null, field: string): Promise<void> {
    if (id !== null && !(await repository.capacityExists(id)))
      throw validationFailed([{ field, code: 'unknown-capacity' }]);
  }

  return {
    async suggest(
      viewer: Viewer | null,
      input: { name: string; wikidataQid: string | null; parentId: number | null },
      language: UiLanguage,
    ) {
      const member = requireMember(viewer);
      const { name, problems } = checkedName(input.name, 'body.name', 'capacity');
      if (problems.length > 0) throw validationFailed(problems);
      await assertCapacity(input.parentId, 'body.parentId');
      if ((await repository.countPendingBy(member.userId)) >= MAX_PENDING_PER_MEMBER) throw new AppError('conflict');
      const id = randomUUID();
      await repository.insert({
        id,
        proposerId: member.userId,
        name,
        language,
        wikidataQid: input.wikidataQid,
        parentId: input.parentId,
      });
      return id;
    },

    mine: (viewer: Viewer | null) => repository.listBy(requireMember(viewer).userId),

    list(viewer: Viewer | null, status: 'pending' | 'approved' | 'merged' | 'rejected') {
      requireRole(viewer, 'admin');
      return repository.listWithStatus(status, 200);
    },

    async approve(
      viewer: Viewer | null,
      id: string,
      input: { labels: Record<string, string>; parentId: number | null; wikidataQid: string | null },
    ): Promise<number> {
      const suggestion = await pending(viewer, id);
      const checked = Object.entries(input.labels).map(([code, label]) => ({
        code,
        ...checkedName(label, `body.labels.${code}`, 'capacity'),
      }));
      const labels = Object.fromEntries(checked.map(({ code, name }) => [code, name]));
      const problems = checked.flatMap((entry) => entry.problems);
      if (problems.length > 0) throw validationFailed(problems);
      await assertCapacity(input.parentId, 'body.parentId');
      const capacityId = await db.transaction().execute(async (trx) => {
        const inTransaction = capacitySuggestionsRepository(trx);
        const created = await inTransaction.addCapacity({
          parentId: input.parentId,
          wikidataQid: input.wikidataQid,
          labels,
        });
        if (
          !(await inTransaction.decide(suggestion.id, { status: 'approved', reason: null, resultCapacityId: created }))
        )
          throw new AppError('conflict');
        await auditSuggestion(trx, requireRole(viewer, 'admin').userId, suggestion.id, 'approved', null, created);
        return created;
      });
      if (suggestion.proposer_email) {
        await jobs.enqueue(
          db,
          SUGGESTION_MAIL_JOB,
          {
            to: suggestion.proposer_email,
            language: suggestion.proposer_language,
            name: suggestion.name,
            status: 'approved',
            reason: null,
          } satisfies SuggestionMail,
          { userId: suggestion.proposer_id },
        );
      }
      return capacityId;
    },

    async merge(viewer: Viewer | null, id: string, capacityId: number): Promise<void> {
      const suggestion = await pending(viewer, id);
      await assertCapacity(capacityId, 'body.capacityId');
      await decide(suggestion, 'merged', null, capacityId, requireRole(viewer, 'admin').userId);
    },

    async reject(viewer: Viewer | null, id: string, reason: string): Promise<void> {
      const suggestion = await pending(viewer, id);
      const trimmed = reason.trim();
      if (trimmed === '' || containsMarkup(trimmed))
        throw validationFailed([{ field: 'body.reason', code: trimmed === '' ? 'required' : 'no-markup' }]);
      await decide(suggestion, 'rejected', trimmed, null, requireRole(viewer, 'admin').userId);
    },
  };
}
