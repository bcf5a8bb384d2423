import { reasonOf } from '../api/http.ts';
import type { MessageKey } from '../i18n/ar.ts';
import { locale } from '../i18n/i18n.svelte.ts';

/** A panel's work and what came of it: busy while it runs, then a line saying it was done, or why it failed. */
export class WorkStatus {
  busy = $state(false);
  message = $state<{ ok: boolean; text: string }>();

  /** Runs `run`, then says `done` (a message key). */
  act = async (run: () => Promise<void>, done: MessageKey): Promise<void> => {
    this.busy = true;
    this.message = undefined;
    try {
      await run();
      this.message = { ok: true, text: locale.t(done) };
    } catch (error) {
      this.message = {
        ok: false,
        text: locale.t('error.generic', { message: reasonOf(error, locale.language) }),
      };
    } finally {
      this.busy = false;
    }
  };
}
