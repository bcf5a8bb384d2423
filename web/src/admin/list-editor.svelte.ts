import { fieldError } from '../../../shared/domain/field-messages.ts';
import { locale } from '../lib/i18n/i18n.svelte.ts';
import { isStaleEdit } from './admin-api.ts';
import { FormSave } from './form-save.svelte.ts';

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
  /** Why a deletion was refused, said below the list; without it, a failed deletion is said with the load error. */
  removalRefusal?: (error: unknown) => string;
}

/**
 * What every admin section does around its own fields: the list, the form for a new or an opened item, each refusal
 * beside its field in the page's language, the saved notice, and a save over someone else's refused with the
 * latest offered instead.
 */
export class ListEditor<Item, Form> extends FormSave {
  items = $state.raw<Item[]>([]);
  loadError = $state<string>();
  /** The item open in the form; undefined while a new one is written. */
  editing = $state<Item>();
  form = $state() as Form;
  /** Someone else saved the open item since this page opened it. */
  stale = $state(false);
  removeError = $state<string>();

  constructor(private readonly options: ListEditorOptions<Item, Form>) {
    super(options.fieldOf);
    this.form = options.blank();
    void this.load();
  }

  keyOf = (item: Item): string => this.options.keyOf(item);

  load = async (): Promise<void> => {
    try {
      this.items = await this.options.list();
      this.options.loaded?.(this.items);
    } catch {
      this.loadError = locale.t('adminPages.loadFailed');
    }
  };

  /** Reads the list again, the item at `key` (just saved) still the open one. */
  reloadKeeping = async (key: string | undefined): Promise<void> => {
    await this.load();
    this.editing = this.items.find((item) => this.keyOf(item) === key);
  };

  /** Opens `item` in the form, or a blank one. */
  edit = (item: Item | undefined): void => {
    this.forget();
    this.editing = item;
    this.form = item ? this.options.formOf(item) : this.options.blank();
    this.formElement?.scrollIntoView({ block: 'start' });
  };

  /** Drops this page's edits for the open item as it is stored now. */
  reloadLatest = async (): Promise<void> => {
    await this.reloadKeeping(this.editing ? this.keyOf(this.editing) : this.options.address?.of(this.form));
    this.edit(this.editing);
  };

  /** Sends the form (`send`), then shows the item as saved, with `savedText` said of it. */
  save = (event: SubmitEvent, send: (form: Form) => Promise<Item>, savedText: (item: Item) => string) =>
    this.submit(event, async () => {
      const { address } = this.options;
      if (address && !address.of(this.form).trim()) {
        this.refuse({ [address.field]: fieldError(address.field, 'required') });
        return undefined;
      }
      const item = await send(this.form);
      await this.reloadKeeping(this.keyOf(item));
      this.edit(this.editing);
      return savedText(item);
    });

  /** Deletes `item` (`drop`), closing it if it was open, then says `deletedText`. */
  remove = async (item: Item, drop: () => Promise<unknown>, deletedText: string): Promise<void> => {
    this.saved = undefined;
    this.removeError = undefined;
    try {
      await drop();
    } catch (error) {
      const { removalRefusal } = this.options;
      if (removalRefusal) this.removeError = removalRefusal(error);
      else this.loadError = locale.t('adminPages.saveFailed');
      return;
    }
    if (this.editing && this.keyOf(this.editing) === this.keyOf(item)) this.edit(undefined);
    await this.load();
    this.saved = deletedText;
  };

  protected override forget(): void {
    super.forget();
    this.stale = false;
    this.removeError = undefined;
  }

  protected override refused(error: unknown): void {
    this.stale = isStaleEdit(error);
    super.refused(error);
  }
}
