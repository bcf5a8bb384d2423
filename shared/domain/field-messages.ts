import type { FieldError } from './errors.ts';

/** Why a field was refused, in both of the society's languages. */
const FIELD_MESSAGES = {
  required: { ar: 'هذا الحقل مطلوب', en: 'This field is required' },
  too_long: { ar: 'النص أطول من المسموح', en: 'The text is too long' },
  too_short: { ar: 'النص أقصر من المطلوب', en: 'The text is too short' },
  invalid_type: { ar: 'نوع القيمة غير صحيح', en: 'The value has the wrong type' },
  invalid_value: { ar: 'القيمة غير مقبولة', en: 'The value is not accepted' },
  invalid_email: { ar: 'البريد الإلكتروني غير صحيح', en: 'The email address is not valid' },
  invalid_phone: { ar: 'رقم الجوال غير صحيح', en: 'The phone number is not valid' },
  invalid_national_id: {
    ar: 'رقم الهوية أو الإقامة غير صحيح (10 أرقام تبدأ بـ 1 أو 2)',
    en: 'The national id or iqama number is not valid (10 digits starting with 1 or 2)',
  },
  phone_or_email_required: {
    ar: 'أدخل رقم الجوال أو البريد الإلكتروني لنتمكن من الرد عليك',
    en: 'Give a phone number or an email address so we can answer you',
  },
  unknown_field: { ar: 'حقل غير معروف', en: 'Unknown field' },
  invalid_json: { ar: 'صيغة الطلب غير صحيحة', en: 'The request body is not valid JSON' },
} as const;

export type FieldMessageCode = keyof typeof FIELD_MESSAGES;

export function isFieldMessageCode(code: string): code is FieldMessageCode {
  return Object.hasOwn(FIELD_MESSAGES, code);
}

export function fieldError(field: string, code: FieldMessageCode): FieldError {
  const message = FIELD_MESSAGES[code];
  return { field, code, messageAr: message.ar, messageEn: message.en };
}
