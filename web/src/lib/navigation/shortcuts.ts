/** What a key does in the inbox, when the focus is not on something that uses the key itself. */
export type Shortcut = 'next' | 'previous' | 'open' | 'reply' | 'resolve' | 'search' | 'help' | 'close';

const KEYS: Record<string, Shortcut> = {
  j: 'next',
  k: 'previous',
  Enter: 'open',
  r: 'reply',
  e: 'resolve',
  '/': 'search',
  '?': 'help',
  Escape: 'close',
};

const FIELDS = 'input, textarea, select, [contenteditable]:not([contenteditable=false])';
/** Buttons, links, form fields and dialogs keep their keys: Enter on a focused button presses it, as ever. */
const OWNS_KEYS = `${FIELDS}, button, a[href], summary, [role=dialog], [role=button], [role=tab]`;

export type KeyOutcome =
  | { kind: 'shortcut'; shortcut: Shortcut }
  /** Ctrl/Cmd+Enter in a form's text: the form is sent. */
  | { kind: 'send'; form: HTMLFormElement }
  /** Escape in a field gives the focus back to the page, so the next key is a shortcut again. */
  | { kind: 'leave'; field: HTMLElement }
  | { kind: 'none' };

export function keyOutcome(event: KeyboardEvent): KeyOutcome {
  const target = event.target instanceof Element ? event.target : undefined;
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && target instanceof HTMLTextAreaElement)
    return target.form ? { kind: 'send', form: target.form } : { kind: 'none' };
  if (event.ctrlKey || event.metaKey || event.altKey || document.querySelector('dialog[open]'))
    return { kind: 'none' };
  if (target?.closest(OWNS_KEYS)) {
    return event.key === 'Escape' && target instanceof HTMLElement && target.matches(FIELDS)
      ? { kind: 'leave', field: target }
      : { kind: 'none' };
  }
  const shortcut = KEYS[event.key];
  return shortcut ? { kind: 'shortcut', shortcut } : { kind: 'none' };
}
