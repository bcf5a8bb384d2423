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

/** Contacts that staff record on the beneficiary's behalf; there is no provider to reply through. */
export const STAFF_LOGGED_CHANNELS = [
  'walk_in',
  'phone',
  'letter',
  'branch',
  'volunteer',
] as const satisfies readonly Channel[];

export function isStaffLogged(channel: Channel): boolean {
  return (STAFF_LOGGED_CHANNELS as readonly Channel[]).includes(channel);
}
