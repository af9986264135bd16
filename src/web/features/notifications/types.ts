import type { paths } from '../../api/schema';

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

export type EmailSettings = Json<paths['/api/account/notification-settings']['get']['responses'][200]>;
export type Unsubscribed = Json<paths['/api/unsubscribe']['post']['responses'][200]>;
