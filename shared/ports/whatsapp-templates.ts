import type { WhatsAppTemplate } from '../domain/whatsapp-templates.ts';

/** Where the society's WhatsApp templates are read (cached configuration in a warm Lambda). */
export interface WhatsAppTemplateSource {
  listWhatsAppTemplates(): Promise<WhatsAppTemplate[]>;
}

export interface WhatsAppTemplateStore extends WhatsAppTemplateSource {
  putWhatsAppTemplate(template: WhatsAppTemplate): Promise<void>;
  deleteWhatsAppTemplate(name: string, language: string): Promise<void>;
}
