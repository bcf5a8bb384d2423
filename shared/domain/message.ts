import type { Channel } from './channel.ts';

export const MESSAGE_DIRECTIONS = ['inbound', 'outbound', 'note'] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];

export const DELIVERY_STATUSES = ['pending', 'sent', 'delivered', 'read', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface Attachment {
  name: string;
  contentType: string;
  size: number;
  /** Key of the stored object (S3 in AWS, the local object folder in `npm start`). */
  objectKey: string;
}

export interface Message {
  id: string;
  ticketId: string;
  direction: MessageDirection;
  channel: Channel;
  /** Staff user id for outbound messages and notes; the contact id for inbound ones. */
  authorId: string;
  authorName: string;
  text: string;
  html?: string;
  subject?: string;
  attachments: Attachment[];
  createdAt: string;
  providerMessageId?: string;
  /** Sent by a machine (an out-of-office reply): shown, but owed no answer. */
  automated?: boolean;
  deliveryStatus?: DeliveryStatus;
  /** Why the provider refused or failed the delivery. */
  failureReason?: string;
}
