import type { Identity } from './identity.ts';

/** A beneficiary (or applicant, or volunteer) as the society knows them across channels. */
export interface Contact {
  id: string;
  name: string;
  identities: Identity[];
  nationalId?: string;
  city?: string;
  branch?: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  /** Set once staff merged this record into another; identities now point there. */
  mergedInto?: string;
  /** The support case this beneficiary has open, which any message from a verified identity of theirs joins. */
  openCaseTicketId?: string;
  /**
   * Contacts that already hold an identity this one only claimed (typed into a form, unauthenticated mail): maybe the
   * same person, which staff decide by merging by hand.
   */
  possibleDuplicateOf?: string[];
  /** The contact this one was split from. */
  splitFrom?: string;
  /** Set when the research committee approved them and they were registered, with their household data. */
  beneficiary?: { registeredAt: string; householdMembers: number; monthlyIncome: number };
  /** Their phones that texted an opt-out word (STOP, إيقاف): staff see it; senders check the per-phone record. */
  smsOptedOut?: { phone: string; at: string }[];
  /** Their Telegram chats whose bot they blocked: nothing reaches them there until they unblock it. */
  telegramBlocked?: { chat: string; at: string }[];
  /** Their WhatsApp numbers that asked to stop the society's announcements and templates there. */
  whatsappOptedOut?: { phone: string; at: string }[];
}
