import type { IdentityKind } from './identity.ts';

/** How a channel carries a file staff attach to a reply: in the message, or as a link to it. */
export interface FileCarriage {
  how: 'attached' | 'link';
  /** The provider's limit for one file. */
  maxBytes: number;
  /** Types the provider takes; absent = any. */
  accepts?: (contentType: string) => boolean;
}

/** Every way a beneficiary reaches the society. */
export const CHANNELS = [
  'email',
  'webform',
  'sms',
  'whatsapp',
  'messenger',
  'instagram',
  'telegram',
  'walk_in',
  'phone',
  'letter',
  'branch',
  'volunteer',
] as const;
export type Channel = (typeof CHANNELS)[number];

/** What a channel can do: every difference between channels is read here, never from a channel's name. */
export interface ChannelTraits {
  /** Messages carry a subject line. */
  subject: boolean;
  /** Replies thread on the provider ids of the earlier messages (In-Reply-To, References). */
  threading: boolean;
  /**
   * How long after the beneficiary's last message on it free-form replies are allowed; after that only the
   * provider's approved templates go out. Absent: replies are free at any time.
   */
  serviceWindowMs?: number;
  /** The identity a reply on this channel is addressed to; absent: nothing can be sent on it. */
  replyTo?: IdentityKind;
  /** How files staff attach go out; absent: the channel carries none. */
  filesOut?: FileCarriage;
  /**
   * How the beneficiary stops our messages on it, and starts them again: by texting a word (STOP / إيقاف,
   * START / اشتراك), or by blocking and unblocking the bot, which the provider tells us. Absent: they cannot.
   */
  stoppedBy?: 'word' | 'block';
  /** Paid per message and can be aimed at anyone's number: automatic messages to unconfirmed ones are budgeted. */
  metered: boolean;
  /** A survey invitation can be answered by replying with a digit. */
  digitReplies: boolean;
  /**
   * Someone vouches for who the sender is: the provider, or staff who met or spoke with them (a typed address or a
   * mail's From line proves nothing by itself).
   */
  verifiedSender: boolean;
  /** Recorded by staff on the beneficiary's behalf: no provider to reply through. */
  loggedByStaff: boolean;
  /**
   * The provider may deliver an edit or a reaction before the message it names (Meta resends a failed delivery
   * later, and one sent meanwhile overtakes it; Telegram sends updates over up to 40 connections at once, and
   * resends one it failed to deliver): an edit or reaction of a message not here yet is worth waiting for. Both
   * resend whatever is not answered 2xx, Telegram for as long as it keeps an update (24 hours), Meta for days.
   */
  unorderedDeliveries?: boolean;
  /** A reply can answer one particular earlier message, which the app shows above it (a swipe-to-reply). */
  answersMessage?: boolean;
}

const MB = 1024 * 1024;
const HOUR_MS = 3_600_000;

const NONE = {
  subject: false,
  threading: false,
  metered: false,
  digitReplies: false,
  verifiedSender: false,
  loggedByStaff: false,
} as const;
const STAFF_LOGGED = { ...NONE, loggedByStaff: true, verifiedSender: true } as const;
const MESSENGER_APP = { ...NONE, digitReplies: true, verifiedSender: true } as const;
const META_APP = { ...MESSENGER_APP, unorderedDeliveries: true } as const;

/**
 * File limits are the providers' documented ones: WhatsApp documents 100 MB (images over 5 MB go as documents),
 * Messenger attachments 25 MB, Instagram images 8 MB (it takes no documents), Telegram bots 50 MB; mail attaches
 * them (SES takes 40 MB of MIME); a text links to them. WhatsApp answers freely for 24 hours after the customer's
 * last message.
 */
export const CHANNEL_TRAITS = {
  email: {
    ...NONE,
    subject: true,
    threading: true,
    replyTo: 'email',
    filesOut: { how: 'attached', maxBytes: 25 * MB },
  },
  webform: NONE,
  sms: {
    ...NONE,
    replyTo: 'phone',
    // A text cannot carry a file: a signed link to it, valid for a week, follows the words.
    filesOut: { how: 'link', maxBytes: 25 * MB },
    stoppedBy: 'word',
    metered: true,
    digitReplies: true,
    verifiedSender: true,
  },
  whatsapp: {
    ...META_APP,
    answersMessage: true,
    serviceWindowMs: 24 * HOUR_MS,
    // STOP / إيقاف, a marketing template's stop button, or WhatsApp's own "offers and announcements" setting.
    stoppedBy: 'word',
    replyTo: 'phone',
    filesOut: { how: 'attached', maxBytes: 100 * MB },
    metered: true,
  },
  messenger: { ...META_APP, replyTo: 'messenger', filesOut: { how: 'attached', maxBytes: 25 * MB } },
  instagram: {
    ...META_APP,
    replyTo: 'instagram',
    filesOut: {
      how: 'attached',
      maxBytes: 8 * MB,
      accepts: (type: string) => type === 'image/jpeg' || type === 'image/png',
    },
  },
  telegram: {
    ...MESSENGER_APP,
    answersMessage: true,
    unorderedDeliveries: true,
    replyTo: 'telegram',
    filesOut: { how: 'attached', maxBytes: 50 * MB },
    stoppedBy: 'block',
  },
  walk_in: STAFF_LOGGED,
  phone: STAFF_LOGGED,
  letter: STAFF_LOGGED,
  branch: STAFF_LOGGED,
  volunteer: STAFF_LOGGED,
} as const satisfies Record<Channel, ChannelTraits>;

export function channelTraits(channel: Channel): ChannelTraits {
  return CHANNEL_TRAITS[channel];
}

export type StaffLoggedChannel = {
  [C in Channel]: (typeof CHANNEL_TRAITS)[C]['loggedByStaff'] extends true ? C : never;
}[Channel];
/** The channels a beneficiary can stop our messages on (see `stoppedBy`). */
export type StoppableChannel = {
  [C in Channel]: (typeof CHANNEL_TRAITS)[C] extends { stoppedBy: string } ? C : never;
}[Channel];

/** The channels staff log contacts on, in the order the inbox offers them. */
export const STAFF_LOGGED_CHANNELS = CHANNELS.filter(
  (channel) => CHANNEL_TRAITS[channel].loggedByStaff,
) as unknown as readonly [StaffLoggedChannel, ...StaffLoggedChannel[]];

export function canBeStopped(channel: Channel): channel is StoppableChannel {
  return channelTraits(channel).stoppedBy !== undefined;
}

/**
 * Whether a beneficiary's stop on the channel holds for a message. On a channel with a service window (WhatsApp)
 * it ends what the society starts — announcements, and templates sent once the window has closed — while an answer
 * inside the window, to what they wrote, still goes (WhatsApp's opt-out is of business-initiated messages). On the
 * others it ends everything.
 */
export function stopHolds(channel: StoppableChannel, message: { societyInitiated: boolean }): boolean {
  return channelTraits(channel).serviceWindowMs === undefined || message.societyInitiated;
}

/** How far a sender's identity on this channel can be trusted. */
export function senderAssurance(channel: Channel): 'verified' | 'claimed' {
  return CHANNEL_TRAITS[channel].verifiedSender ? 'verified' : 'claimed';
}

export interface ServiceWindow {
  open: boolean;
  /** When free-form replies stop being allowed (absent when the beneficiary never wrote on the channel). */
  closesAt?: string;
}

/**
 * Whether a free-form reply may go out on the channel now, given the beneficiary's last message on it;
 * undefined for a channel without a service window.
 */
export function serviceWindow(
  channel: Channel,
  lastInboundAt: string | undefined,
  now: Date,
): ServiceWindow | undefined {
  const length = channelTraits(channel).serviceWindowMs;
  if (length === undefined) return undefined;
  if (!lastInboundAt) return { open: false };
  const closesAt = new Date(Date.parse(lastInboundAt) + length);
  return { open: now < closesAt, closesAt: closesAt.toISOString() };
}

/** When the beneficiary last wrote on the channel in this thread. */
export function lastInboundOn(
  channel: Channel,
  messages: readonly { direction: string; channel: Channel; createdAt: string }[],
): string | undefined {
  return messages.filter((message) => message.direction === 'inbound' && message.channel === channel).at(-1)
    ?.createdAt;
}
