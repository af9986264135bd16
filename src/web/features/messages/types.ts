import type { paths } from '../../api/schema';

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

export type Inbox = Json<paths['/api/conversations']['get']['responses'][200]>;
export type ConversationSummary = Inbox['conversations'][number];
export type Conversation = Json<paths['/api/conversations/{id}']['get']['responses'][200]>;
export type Message = Conversation['messages'][number];
export type NotificationList = Json<paths['/api/notifications']['get']['responses'][200]>;
export type NotificationItem = NotificationList['items'][number];
export type BlockList = Json<paths['/api/blocks']['get']['responses'][200]>;
export type BlockEntry = BlockList[number];
/** What a message is written in and with: its text and, optionally, its language (BCP 47). */
export interface MessageInput {
  body: string;
  language?: string;
}
