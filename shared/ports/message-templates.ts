import type { MessageTemplateTexts } from '../domain/message-templates.ts';

/** Where the texts of automatic messages are kept; `load` gives every template, reworded or default. */
export interface MessageTemplateSource {
  load(): Promise<MessageTemplateTexts>;
}
