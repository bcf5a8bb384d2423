import type { FieldError } from './errors.ts';
import { fieldError } from './field-messages.ts';

/** What a body parameter holds, for staff; one the ticket already knows (`from`) is filled in for them to check. */
export interface TemplateParameter {
  ar: string;
  en: string;
  from?: 'reference' | 'contactName';
}

export const WHATSAPP_TEMPLATE_LANGUAGES = ['ar', 'en'] as const;
export const WHATSAPP_TEMPLATE_CATEGORIES = ['utility', 'marketing'] as const;
/** Where Meta's review of the template stands; the society records it as WhatsApp Manager shows it. */
export const WHATSAPP_APPROVAL_STATES = ['pending', 'approved', 'rejected'] as const;

/**
 * A message template the society registers with Meta for WhatsApp: after the 24-hour service window closes,
 * only an approved one may start a conversation again. It must be created in WhatsApp Manager with the same
 * name, language and body (README, WhatsApp); `{{n}}` are its body parameters, in order. Admins keep them.
 */
export interface WhatsAppTemplate {
  name: string;
  language: (typeof WHATSAPP_TEMPLATE_LANGUAGES)[number];
  category: (typeof WHATSAPP_TEMPLATE_CATEGORIES)[number];
  body: string;
  parameters: TemplateParameter[];
  approval: (typeof WHATSAPP_APPROVAL_STATES)[number];
}

/** Meta's rule for a template name: lowercase letters, digits and underscores. */
export const WHATSAPP_TEMPLATE_NAME_PATTERN = /^[a-z0-9_]{1,512}$/;
/** Meta's limit on a template body. */
export const WHATSAPP_TEMPLATE_BODY_MAX = 1024;

/** The template announcements use outside the window; its one parameter is the announcement's text. */
export const ANNOUNCEMENT_TEMPLATE = 'announcement';

/** The request's reference, which the ticket fills in. */
const REFERENCE: TemplateParameter = { ar: 'رقم الطلب', en: 'Reference', from: 'reference' };

/** A starting template: all are Arabic utility messages. */
function arabicUtility(
  name: string,
  body: string,
  parameters: TemplateParameter[],
  approval: WhatsAppTemplate['approval'] = 'approved',
): WhatsAppTemplate {
  return { name, language: 'ar', category: 'utility', body, parameters, approval };
}

/** The templates a fresh install starts with; admins add, change and remove them after. */
export const STARTING_WHATSAPP_TEMPLATES: WhatsAppTemplate[] = [
  arabicUtility(
    'follow_up',
    'مرحباً {{1}}، نود متابعة طلبكم رقم {{2}} لدى الجمعية. نرجو الرد على هذه الرسالة لنكمل خدمتكم.',
    [{ ar: 'اسم المستفيد', en: 'Beneficiary name', from: 'contactName' }, REFERENCE],
  ),
  arabicUtility('case_update', 'تحديث بخصوص طلبكم رقم {{1}}: {{2}}', [
    REFERENCE,
    { ar: 'نص التحديث', en: 'Update' },
  ]),
  arabicUtility(
    'survey_invitation',
    'نشكركم على تواصلكم معنا بخصوص {{1}}. ما مدى رضاكم عن الخدمة؟ أرسلوا رقماً من 1 إلى 5، أو أجيبوا عبر الرابط: {{2}}',
    [REFERENCE, { ar: 'رابط الاستبيان', en: 'Survey link' }],
  ),
  // Pending until the society has it approved in WhatsApp Manager: until then announcements fall back to SMS.
  arabicUtility(
    ANNOUNCEMENT_TEMPLATE,
    'إعلان من الجمعية: {{1}}',
    [{ ar: 'نص الإعلان', en: 'Announcement text' }],
    'pending',
  ),
];

/** Why Meta would refuse the template's body: parameters `{{1}}`..`{{n}}` without gaps, one description each. */
export function whatsAppTemplateProblems(
  template: Pick<WhatsAppTemplate, 'body' | 'parameters'>,
): FieldError[] {
  const problems: FieldError[] = [];
  if (template.body.length > WHATSAPP_TEMPLATE_BODY_MAX) problems.push(fieldError('body', 'too_long'));
  const used = new Set([...template.body.matchAll(/\{\{(\d+)\}\}/g)].map((match) => Number(match[1])));
  const numbered = [...used].sort((a, b) => a - b).every((index, position) => index === position + 1);
  if (!numbered) problems.push(fieldError('body', 'parameters_not_numbered'));
  else if (used.size !== template.parameters.length)
    problems.push(fieldError('parameters', 'parameter_descriptions_mismatch'));
  return problems;
}

/** The approved template of that name and language: the only kind that may go out after the window. */
export function approvedTemplate(
  templates: readonly WhatsAppTemplate[],
  name: string,
  language: string,
): WhatsAppTemplate | undefined {
  return templates.find(
    (template) =>
      template.name === name && template.language === language && template.approval === 'approved',
  );
}

/** The body as the beneficiary reads it, parameters filled in; what the ticket records as the reply's text. */
export function renderWhatsAppTemplate(template: WhatsAppTemplate, parameters: readonly string[]): string {
  return template.body.replace(
    /\{\{(\d+)\}\}/g,
    (_match, index: string) => parameters[Number(index) - 1] ?? '',
  );
}
