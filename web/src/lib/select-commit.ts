/** Keys that move a closed select's value one option at a time (Chromium fires `change` for each). */
const BROWSING_KEYS = new Set([
  'ArrowUp',
  'ArrowDown',
  'ArrowLeft',
  'ArrowRight',
  'Home',
  'End',
  'PageUp',
  'PageDown',
]);

/**
 * A select whose value is saved when chosen, not on the way to it: a value reached with the keyboard is saved on
 * Enter or when the field is left, so arrowing past «محلولة» to «مغلقة» does not resolve the ticket (and send the
 * beneficiary the survey) on the way. A value picked with the mouse is saved at once.
 */
export function savedWhenChosen(save: (value: string) => void) {
  let browsing = false;
  let pending: string | undefined;
  const commit = () => {
    browsing = false;
    if (pending === undefined) return;
    const value = pending;
    pending = undefined;
    save(value);
  };
  return {
    onkeydown: (event: KeyboardEvent) => {
      // A letter typed jumps to the option it starts, as an arrow does.
      if (BROWSING_KEYS.has(event.key) || (event.key.length === 1 && !event.ctrlKey && !event.metaKey))
        browsing = true;
      else if (event.key === 'Enter') commit();
    },
    onchange: (event: Event & { currentTarget: HTMLSelectElement }) => {
      if (browsing) pending = event.currentTarget.value;
      else save(event.currentTarget.value);
    },
    onblur: commit,
  };
}
