/** A parameter the ticket already knows (`from`), filled in for staff to check; others staff write. */
export interface TemplateParameter {
  ar: string;
  en: string;
  from?: 'reference' | 'contactName';
}

/**
 * The message templates the society has registered with Meta for WhatsApp: after the 24-hour service window
 * closes, only these may start a conversation again. Each must be created and approved in WhatsApp Manager with
 * the same name, language and body (README, WhatsApp); `{{n}}` are its body parameters, in order.
 */
export const WHATSAPP_TEMPLATES = [
  {
    name: 'follow_up',
    language: 'ar',
    body: 'مرحباً {{1}}، نود متابعة طلبكم رقم {{2}} لدى الجمعية. نرجو الرد على هذه الرسالة لنكمل خدمتكم.',
    parameters: [
      { ar: 'اسم المستفيد', en: 'Beneficiary name', from: 'contactName' },
      { ar: 'رقم الطلب', en: 'Reference', from: 'reference' },
    ],
  },
  {
    name: 'case_update',
    language: 'ar',
    body: 'تحديث بخصوص طلبكم رقم {{1}}: {{2}}',
    parameters: [
      { ar: 'رقم الطلب', en: 'Reference', from: 'reference' },
      { ar: 'نص التحديث', en: 'Update' },
    ],
  },
  {
    name: 'survey_invitation',
    language: 'ar',
    body: 'نشكركم على تواصلكم معنا بخصوص {{1}}. ما مدى رضاكم عن الخدمة؟ أرسلوا رقماً من 1 إلى 5، أو أجيبوا عبر الرابط: {{2}}',
    parameters: [
      { ar: 'رقم الطلب', en: 'Reference', from: 'reference' },
      { ar: 'رابط الاستبيان', en: 'Survey link' },
    ],
  },
] as const satisfies readonly {
  name: string;
  language: string;
  body: string;
  parameters: TemplateParameter[];
}[];

export type WhatsAppTemplate = (typeof WHATSAPP_TEMPLATES)[number];

export function whatsappTemplate(name: string, language: string): WhatsAppTemplate | undefined {
  return WHATSAPP_TEMPLATES.find((template) => template.name === name && template.language === language);
}

/** The body as the beneficiary reads it, parameters filled in; what the ticket records as the reply's text. */
export function renderWhatsAppTemplate(template: WhatsAppTemplate, parameters: readonly string[]): string {
  return template.body.replace(
    /\{\{(\d+)\}\}/g,
    (_match, index: string) => parameters[Number(index) - 1] ?? '',
  );
}
