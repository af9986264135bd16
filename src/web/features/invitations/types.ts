import type { paths } from '../../api/schema';

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

export type SentInvitation = Json<paths['/api/invitations']['get']['responses'][200]>[number];
export type InvitationInput = NonNullable<
  paths['/api/invitations']['post']['requestBody']
>['content']['application/json'];
