import type { FieldError } from './errors.ts';

/** Why a field was refused, in both of the society's languages. */
const FIELD_MESSAGES = {
  required: { ar: 'هذا الحقل مطلوب', en: 'This field is required' },
  too_long: { ar: 'النص أطول من المسموح', en: 'The text is too long' },
  too_short: { ar: 'النص أقصر من المطلوب', en: 'The text is too short' },
  too_small: { ar: 'الرقم أقل من المسموح', en: 'The number is below the lowest allowed' },
  too_large: { ar: 'الرقم أكبر من المسموح', en: 'The number is above the highest allowed' },
  too_many: { ar: 'العدد أكبر من المسموح', en: 'There are more of these than allowed' },
  too_few: { ar: 'العدد أقل من المطلوب', en: 'There are fewer of these than required' },
  invalid_type: { ar: 'نوع القيمة غير صحيح', en: 'The value has the wrong type' },
  invalid_value: { ar: 'القيمة غير مقبولة', en: 'The value is not accepted' },
  account_disabled: {
    ar: 'حساب هذا الموظف معطّل، فلا تُسند إليه تذاكر',
    en: "This member's account is disabled: no ticket can be given to it",
  },
  invalid_date: { ar: 'لا يوجد هذا اليوم في التقويم', en: 'There is no such day in the calendar' },
  ends_before_starts: { ar: 'النهاية قبل البداية', en: 'The end comes before the start' },
  periods_overlap: {
    ar: 'فترات العمل في اليوم نفسه متداخلة، اجعلوا كل فترة تبدأ بعد نهاية التي قبلها',
    en: 'Working periods of the same day overlap; start each after the one before it ends',
  },
  duplicate_id: { ar: 'المعرّف نفسه مكرر أكثر من مرة', en: 'The same id is given more than once' },
  invalid_window: {
    ar: 'المهلة أكثر من صفر ولا تتجاوز سنة',
    en: 'A window is more than zero and at most a year',
  },
  invalid_warning_share: {
    ar: 'التنبيه نسبة من المهلة بين ١٪ و٩٩٪',
    en: 'The warning is a share of the window between 1% and 99%',
  },
  invalid_email: { ar: 'البريد الإلكتروني غير صحيح', en: 'The email address is not valid' },
  invalid_phone: { ar: 'رقم الجوال غير صحيح', en: 'The phone number is not valid' },
  invalid_national_id: {
    ar: 'رقم الهوية ١٠ أرقام، يبدأ بـ ١ للمواطن أو ٢ للمقيم',
    en: 'The id number is 10 digits, starting with 1 (citizen) or 2 (resident)',
  },
  national_id_digit_wrong: {
    ar: 'يبدو أن أحد الأرقام غير صحيح، راجعوا الرقم على بطاقة الهوية',
    en: 'A digit seems wrong; check the number on your card',
  },
  phone_or_email_required: {
    ar: 'أدخل رقم الجوال أو البريد الإلكتروني لنتمكن من الرد عليك',
    en: 'Give a phone number or an email address so we can answer you',
  },
  invalid_saudi_mobile: {
    ar: 'رقم الجوال غير صحيح، أدخل رقم جوال سعودي من ١٠ أرقام يبدأ بـ ٠٥',
    en: 'The mobile number is not valid; give a Saudi mobile number such as 05xxxxxxxx',
  },
  declaration_required: {
    ar: 'يجب الموافقة على الإقرار بصحة البيانات لتقديم الطلب',
    en: 'You must accept the declaration that the data is accurate to submit the application',
  },
  invalid_household_members: {
    ar: 'عدد أفراد الأسرة رقم صحيح من ١ إلى ٣٠',
    en: 'Family members must be a whole number from 1 to 30',
  },
  invalid_income: {
    ar: 'الدخل الشهري مبلغ بالريال لا يقل عن صفر',
    en: 'Monthly income must be an amount in riyals, zero or more',
  },
  file_too_large: { ar: 'حجم الملف أكبر من ٣ ميجابايت', en: 'The file is larger than 3 MB' },
  file_empty: {
    ar: 'الملف فارغ لا يحوي شيئاً، أرفقوا الملف نفسه مرة أخرى',
    en: 'The file is empty; attach the file itself again',
  },
  files_too_large: {
    ar: 'مجموع أحجام الملفات أكبر من ٤ ميجابايت',
    en: 'The files together are larger than 4 MB',
  },
  file_type_not_accepted: {
    ar: 'نوع الملف غير مقبول، الأنواع المقبولة: PDF أو JPEG أو PNG',
    en: 'The file type is not accepted; send a PDF, JPEG or PNG',
  },
  invalid_reference: {
    ar: 'اكتبوا رقم الطلب كما في الرسالة، مثل 2054',
    en: 'Type the request number from the message, such as 2054',
  },
  invalid_code: { ar: 'الرمز ستة أرقام', en: 'The code is six digits' },
  logo_not_accepted: {
    ar: 'الشعار رابط https أو صورة PNG أو JPEG أو SVG بلا نصوص برمجية',
    en: 'The logo is an https link or a PNG, JPEG or SVG image without scripts',
  },
  logo_too_large: { ar: 'صورة الشعار أكبر من 100 كيلوبايت', en: 'The logo image is larger than 100 KB' },
  colour_contrast_too_low: {
    ar: 'اللون فاتح جداً: النص الأبيض عليه لا يُقرأ، اختاروا لوناً أغمق',
    en: 'The colour is too light for white text on it; choose a darker one',
  },
  document_not_uploaded: {
    ar: 'ارفعوا المستند أولاً من صفحة مستندات الجمعية، ثم اربطوه بالجواب',
    en: 'Upload the document on the society documents page first, then link it to the answer',
  },
  parameters_not_numbered: {
    ar: 'متغيرات النص مرقمة بالترتيب دون فجوات: {{1}} ثم {{2}} وهكذا',
    en: 'The body parameters are numbered in order without gaps: {{1}}, then {{2}}, and so on',
  },
  parameter_descriptions_mismatch: {
    ar: 'لكل متغير في النص وصف واحد، لا أكثر ولا أقل',
    en: 'Each parameter in the body has exactly one description',
  },
  unknown_field: { ar: 'حقل غير معروف', en: 'Unknown field' },
  invalid_json: { ar: 'صيغة الطلب غير صحيحة', en: 'The request body is not valid JSON' },
  invalid_form: { ar: 'صيغة الطلب غير صحيحة', en: 'The form body cannot be read' },
  repeated_field: { ar: 'أُرسل هذا الحقل أكثر من مرة', en: 'This field was sent more than once' },
  unexpected_file: { ar: 'هذا النموذج لا يقبل الملفات', en: 'This form takes no files' },
} as const;

export type FieldMessageCode = keyof typeof FIELD_MESSAGES;

export function isFieldMessageCode(code: string): code is FieldMessageCode {
  return Object.hasOwn(FIELD_MESSAGES, code);
}

export function fieldError(field: string, code: FieldMessageCode): FieldError {
  const message = FIELD_MESSAGES[code];
  return { field, code, messageAr: message.ar, messageEn: message.en };
}
