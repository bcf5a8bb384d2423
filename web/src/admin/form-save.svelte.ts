import type { FieldError } from '../../../shared/domain/errors.ts';
import { FormErrors, focusFirstInvalid } from '../lib/form-errors.svelte.ts';
import { locale } from '../lib/i18n/i18n.svelte.ts';

/**
 * What sending an admin form does, whatever it edits: busy meanwhile, each refusal beside its field in the
 * page's language (the first one focused), and what was saved said once it was.
 */
export class FormSave {
  busy = $state(false);
  saved = $state<string>();
  formElement = $state<HTMLFormElement>();
  readonly errors = new FormErrors();

  /** `fieldOf`: the form's field for a field the server refused, when they differ. */
  constructor(private readonly fieldOf?: (field: string) => string) {}

  /** Sends the form with `send`, which resolves to what to say of the save (nothing when it refused it itself). */
  submit = async (event: SubmitEvent, send: () => Promise<string | undefined>): Promise<void> => {
    event.preventDefault();
    this.forget();
    this.busy = true;
    try {
      this.saved = await send();
    } catch (error) {
      this.refused(error);
    } finally {
      this.busy = false;
    }
  };

  /** Refuses the form before anything is sent, each field's reason beside it. */
  refuse(fields: Record<string, FieldError>): void {
    this.errors.fields = fields;
    this.errors.summary = locale.t('adminPages.fix');
    focusFirstInvalid(this.formElement);
  }

  /** Drops what the last save said. */
  protected forget(): void {
    this.errors.clear();
    this.saved = undefined;
  }

  protected refused(error: unknown): void {
    this.errors.show(error, {
      fallback: locale.t('adminPages.saveFailed'),
      fixSummary: locale.t('adminPages.fix'),
      keyOf: this.fieldOf,
    });
    focusFirstInvalid(this.formElement);
  }
}
