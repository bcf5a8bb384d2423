import { ConflictError } from './errors.ts';

/**
 * A save of a setting someone else saved after the editor opened it: refused rather than silently overwriting
 * their change; the editor reloads it and edits again.
 */
export function staleEditError(what: { en: string; ar: string }): ConflictError {
  return new ConflictError(`The ${what.en} was changed by someone else meanwhile; reload it and edit again`, {
    code: 'stale_version',
    messageAr: `غيّر شخص آخر ${what.ar} بعد أن فتحته؛ أعد تحميله ثم عدّله`,
  });
}
