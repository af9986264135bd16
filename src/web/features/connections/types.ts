import type { paths } from '../../api/schema';

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

export type FollowUp = Json<paths['/api/follow-ups']['get']['responses'][200]>[number];
export type FollowUpAnswer = NonNullable<
  paths['/api/follow-ups/{id}']['post']['requestBody']
>['content']['application/json'];
