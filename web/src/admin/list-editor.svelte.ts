import { fieldError } from '../../../shared/domain/field-messages.ts';
import { FormErrors, focusFirstInvalid } from '../lib/form-errors.svelte.ts';
import { locale } from '../lib/i18n/i18n.svelte.ts';
import { isStaleEdit } from './admin-api.ts';

export interface ListEditorOptions<Item, Form> {
  list: () => Promise<Item[]>;
  /** What else follows the list once read (the inbox's own choices of it). */
  loaded?: (items: Item[]) => void;
  keyOf: (item: Item) => string;
  blank: () => Form;
  formOf: (item: Item) => Form;
  /** The field naming a new item's address: without it there is nothing to send, so it is refused beside it. */
  address?: { field: string; of: (form: Form) => string };
  /** The form's field for a field the server refused (a list entry's to its list), when they differ. */
  fieldOf?: (field: string) => string;
}

/**
 * What every admin section does around its own fields: the list, the form for a new or an opened item, each refusal
 * beside its field in the page's language, the saved notice, and a save over someone else's refused with the
 * latest offered instead.
 */
export class ListEditor<Item, Form> {
  items = $state.raw<Item[]>([]);
  loadError = $state<string>();
  /** The item open in the form; undefined while a new one is written. */
  editing = $state<Item>();
  form = $state() as Form;
  busy = $state(false);
  saved = $state<string>();
  /** Someone else saved the open item since this page opened it. */
  stale = $state(false);
  formElement = $state<HTMLFormElement>();
  readonly errors = new FormErrors();

  constructor(private readonly options: ListEditorOptions<Item, Form>) {
    this.form = options.blank();
    void this.load();
  }

  load = async (): Promise<void> => {
    try {
      this.items = await this.options.list();
      this.options.loaded?.(this.items);
    } catch {
      this.loadError = locale.t('adminPages.loadFailed');
    }
  };

  /** Opens `item` in the form, or a blank one. */
  edit = (item: Item | undefined): void => {
    this.errors.clear();
    this.stale = false;
    this.saved = undefined;
    this.editing = item;
    this.form = item ? this.options.formOf(item) : this.options.blank();
    this.formElement?.scrollIntoView({ block: 'start' });
  };

  /** Drops this page's edits for the open item as it is stored now. */
  reloadLatest = async (): Promise<void> => {
    const key = this.editing ? this.options.keyOf(this.editing) : this.options.address?.of(this.form);
    await this.load();
    this.edit(this.items.find((item) => this.options.keyOf(item) === key));
  };

  /** Sends the form (`send`), then shows the item as saved, with `savedText` said of it. */
  save = async (
    event: SubmitEvent,
    send: (form: Form) => Promise<Item>,
    savedText: (item: Item) => string,
  ): Promise<void> => {
    event.preventDefault();
    this.errors.clear();
    this.saved = undefined;
    this.stale = false;
    const { address } = this.options;
    if (address && !address.of(this.form).trim()) {
      this.errors.fields = { [address.field]: fieldError(address.field, 'required') };
      this.errors.summary = locale.t('adminPages.fix');
      focusFirstInvalid(this.formElement);
      return;
    }
    this.busy = true;
    try {
      const item = await send(this.form);
      await this.load();
      this.edit(this.items.find((candidate) => this.options.keyOf(candidate) === this.options.keyOf(item)));
      this.saved = savedText(item);
    } catch (error) {
      this.stale = isStaleEdit(error);
      this.errors.show(error, {
        fallback: locale.t('adminPages.saveFailed'),
        fixSummary: locale.t('adminPages.fix'),
        keyOf: this.options.fieldOf,
      });
      focusFirstInvalid(this.formElement);
    } finally {
      this.busy = false;
    }
  };

  /** Deletes `item` (`drop`), closing it if it was open, then says `deletedText`. */
  remove = async (item: Item, drop: () => Promise<unknown>, deletedText: string): Promise<void> => {
    this.saved = undefined;
    try {
      await drop();
    } catch {
      this.loadError = locale.t('adminPages.saveFailed');
      return;
    }
    if (this.editing && this.options.keyOf(this.editing) === this.options.keyOf(item)) this.edit(undefined);
    await this.load();
    this.saved = deletedText;
  };
}
