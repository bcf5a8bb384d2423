import type { FieldError } from '../../../shared/domain/errors.ts';
import { ApiError } from './api/http.ts';
import { locale } from './i18n/i18n.svelte.ts';

/**
 * The one way a form shows a refusal: each refused field's reason beside it, in the page's language, and a
 * summary; the server's own localized reason when it gave one; the page's fallback otherwise. Never the server's
 * generic English line when it named the fields.
 */
export class FormErrors {
  fields = $state<Record<string, FieldError>>({});
  // Read when shown, so a reason the server gave in both languages follows the page's language when it switches.
  #summary = $state<() => string | undefined>(() => undefined);

  get summary(): string | undefined {
    return this.#summary();
  }

  set summary(text: string | undefined) {
    this.#summary = () => text;
  }

  /** The server's reason for `field`, in the page's language. */
  of = (field: string): string | undefined => {
    const error = this.fields[field];
    return error && (locale.language === 'ar' ? error.messageAr : error.messageEn);
  };

  clear(): void {
    this.fields = {};
    this.summary = undefined;
  }

  /**
   * Shows `error`. `keyOf` maps the server's field path to the form's field (a document's index to its input);
   * `fixSummary` is said above the form when fields were refused; `fallback` when the server said nothing useful.
   */
  show(
    error: unknown,
    options: { fallback: string; fixSummary?: string; keyOf?: (field: string) => string },
  ): void {
    if (error instanceof ApiError && error.fields.length > 0) {
      const keyOf = options.keyOf ?? ((field: string) => field);
      this.fields = Object.fromEntries(error.fields.map((field) => [keyOf(field.field), field]));
      this.summary = options.fixSummary;
    } else if (error instanceof ApiError && typeof error.details.messageAr === 'string') {
      this.#summary = () => error.localized(locale.language);
    } else {
      this.summary = options.fallback;
    }
  }

  /** A field's refusal goes away as soon as it is edited. */
  forget(name: string): void {
    if (!this.fields[name]) return;
    const { [name]: _edited, ...rest } = this.fields;
    this.fields = rest;
    if (Object.keys(rest).length === 0) this.summary = undefined;
  }
}

/** Moves the focus to the first refused control of `form`, once the refusals are on the page. */
export function focusFirstInvalid(form: HTMLFormElement | undefined): void {
  queueMicrotask(() => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}
