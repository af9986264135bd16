import type { paths } from '../../api/schema';

/* The answers of the moderators' endpoints, as the web app reads them. */

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

export type Queue = Json<paths['/api/moderation/reports']['get']['responses'][200]>;
export type QueueFilter = NonNullable<paths['/api/moderation/reports']['get']['parameters']['query']>;
export type ReportSummary = Queue['reports'][number];
export type ReportDetail = Json<paths['/api/moderation/reports/{id}']['get']['responses'][200]>;
export type ReportedItem = ReportDetail['snapshot'];
export type ActionEntry = ReportDetail['history']['actions'][number];
export type AppealList = Json<paths['/api/moderation/appeals']['get']['responses'][200]>;
export type Appeal = AppealList['appeals'][number];
export type AuditPage = Json<paths['/api/moderation/audit']['get']['responses'][200]>;
export type AuditEntry = AuditPage['entries'][number];
