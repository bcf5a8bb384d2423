import type { MessageTemplateId } from '../domain/message-templates.ts';

/** A template an admin reworded, with who did it and when. */
export interface RewordedTemplate {
  id: MessageTemplateId;
  text: string;
  updatedBy: string;
  updatedAt: string;
}

export interface RewordedTemplateStore {
  listRewordedTemplates(): Promise<RewordedTemplate[]>;
  putTemplate(template: RewordedTemplate): Promise<void>;
  deleteTemplate(templateId: MessageTemplateId): Promise<void>;
}
