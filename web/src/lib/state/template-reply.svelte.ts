import {
  ANNOUNCEMENT_TEMPLATE,
  renderWhatsAppTemplate,
  type TemplateParameter,
  type WhatsAppTemplate,
} from '../../../../shared/domain/whatsapp-templates.ts';
import { call } from '../api/http.ts';
import type { InboxTicket } from '../api/types.ts';

// Survey invitations and announcements are the system's templates, never a reply's.
const SYSTEM_TEMPLATES = new Set(['survey_invitation', ANNOUNCEMENT_TEMPLATE]);

export const templateKey = (candidate: WhatsAppTemplate) => `${candidate.name}:${candidate.language}`;

/** After WhatsApp's 24-hour window only an approved template may be sent: the one chosen, and its values. */
export class TemplateReply {
  /** The approved templates staff may send. */
  templates = $state.raw<WhatsAppTemplate[]>([]);
  /** The chosen template's key (`name:language`), empty while none is. */
  name = $state('');
  parameters = $state<string[]>([]);
  template = $derived<WhatsAppTemplate | undefined>(
    this.templates.find((candidate) => templateKey(candidate) === this.name),
  );
  preview = $derived(this.template ? renderWhatsAppTemplate(this.template, this.parameters) : '');
  ready = $derived(this.template !== undefined && this.parameters.every((value) => value.trim()));

  load = (): void => {
    call<{ templates: WhatsAppTemplate[] }>('GET', '/api/whatsapp-templates').then((body) => {
      this.templates = body.templates.filter(
        (candidate) => candidate.approval === 'approved' && !SYSTEM_TEMPLATES.has(candidate.name),
      );
    });
  };

  choose = (name: string, ticket: InboxTicket | undefined): void => {
    this.name = name;
    const chosen = this.templates.find((candidate) => templateKey(candidate) === name);
    // Known values are filled in; staff check and complete them.
    this.parameters = (chosen?.parameters ?? []).map((parameter: TemplateParameter) =>
      parameter.from && ticket ? ticket[parameter.from] : '',
    );
  };

  clear = (): void => {
    this.name = '';
    this.parameters = [];
  };
}
