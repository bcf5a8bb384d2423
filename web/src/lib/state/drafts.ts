/**
 * Unsent replies and notes, kept per member of staff and ticket in this browser, so switching tickets or
 * reloading loses no work. A sent draft is removed; signing out removes them all.
 */
export type DraftKind = 'reply' | 'note';

const PREFIX = 'sanad.draft.';
const keyOf = (userId: string, ticketId: string, kind: DraftKind) => `${PREFIX}${userId}.${ticketId}.${kind}`;

export function readDraft(userId: string, ticketId: string, kind: DraftKind): string {
  return localStorage.getItem(keyOf(userId, ticketId, kind)) ?? '';
}

export function keepDraft(userId: string, ticketId: string, kind: DraftKind, text: string): void {
  const key = keyOf(userId, ticketId, kind);
  if (text.trim()) localStorage.setItem(key, text);
  else localStorage.removeItem(key);
}

export function forgetDrafts(): void {
  for (const key of Object.keys(localStorage)) if (key.startsWith(PREFIX)) localStorage.removeItem(key);
}
