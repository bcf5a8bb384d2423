import type * as z from 'zod/mini';
import { hasArabic, type InboundItem } from '../../../shared/domain/inbound-item.ts';
import type { DeliveryStatus, DeliveryWatermark } from '../../../shared/domain/message.ts';
import type { UnreadablePart } from '../delivery-contents.ts';

export type MetaChannel = 'whatsapp' | 'messenger' | 'instagram';

export interface DeliveryReport {
  providerMessageId: string;
  status: DeliveryStatus;
  reason?: string;
  /** When the provider says the message reached this state. */
  at?: string;
}

/** A verified webhook read: the items to act on, the delivery reports, and the parts we could not read. */
export interface MetaWebhook {
  items: InboundItem[];
  reports: DeliveryReport[];
  /** Messenger's reports by time rather than by message. */
  watermarks: DeliveryWatermark[];
  unreadable: UnreadablePart[];
}

export const mapLink = (latitude: number, longitude: number) =>
  `https://maps.google.com/?q=${latitude},${longitude}`;
export const languageOf = (text: string) => (hasArabic(text) ? 'ar' : 'en');

/** zod/mini carries no English messages, so each problem is told by its path and issue code. */
export function reasonOf(error: z.core.$ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.join('.')}: ${issue.code}`)
    .join('; ')
    .slice(0, 300);
}
