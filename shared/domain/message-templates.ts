/**
 * The words the society sends beneficiaries without a person typing them: support-request updates, deliveries and
 * home visits, the status page's one-time code and the satisfaction survey. Admins may reword each one; these Arabic texts are the
 * defaults, and each template may use only the placeholders listed for it (written `{name}`). `{societyName}` is
 * the society's name from its profile, offered everywhere so no name is written into a text. A link stands on
 * a line of its own or before a space, never before punctuation a phone would take into it.
 */
export const MESSAGE_TEMPLATES = {
  support_request_received: {
    placeholders: ['societyName', 'reference', 'days', 'statusLink'],
    text: 'استلمنا في {societyName} طلب الدعم رقم {reference}. سنراجع بياناتكم ونبلغكم بكل خطوة، ويصدر قرار لجنة البحث خلال {days} يوماً من اكتمال الطلب.\nتابعوا طلبكم من هذا الرابط:\n{statusLink}',
  },
  case_returned_to_applicant: {
    placeholders: ['societyName', 'reference', 'missing', 'uploadLink', 'statusLink'],
    text: 'طلبكم رقم {reference} يحتاج إلى استكمال: {missing}. ارفعوا المستندات من هذا الرابط، وهو صالح لمرة واحدة خلال 7 أيام:\n{uploadLink}\nحالة الطلب:\n{statusLink}',
  },
  case_verified: {
    placeholders: ['societyName', 'reference', 'statusLink'],
    text: 'تم التحقق من بيانات طلبكم رقم {reference}، وسيُعرض قريباً على لجنة البحث.\nحالة الطلب:\n{statusLink}',
  },
  case_social_research: {
    placeholders: ['societyName', 'reference', 'statusLink'],
    text: 'أُحيل طلبكم رقم {reference} إلى الباحث الاجتماعي وسيتواصل معكم لشرح الإجراءات أو ترتيب زيارة.\nحالة الطلب:\n{statusLink}',
  },
  case_committee_review: {
    placeholders: ['societyName', 'reference', 'due', 'statusLink'],
    text: 'عُرض طلبكم رقم {reference} على لجنة البحث، ويصدر القرار خلال أسبوعين، في موعد أقصاه {due}.\nحالة الطلب:\n{statusLink}',
  },
  case_approved: {
    placeholders: ['societyName', 'reference', 'service', 'statusLink'],
    text: 'يسرنا إبلاغكم بالموافقة على طلبكم رقم {reference}: {service}.\nحالة الطلب:\n{statusLink}',
  },
  case_rejected: {
    placeholders: ['societyName', 'reference', 'reason', 'statusLink'],
    text: 'نعتذر، لم تتم الموافقة على طلبكم رقم {reference}. السبب: {reason}. يمكنكم التواصل معنا للاستفسار.\nحالة الطلب:\n{statusLink}',
  },
  case_registered: {
    placeholders: ['societyName', 'reference', 'statusLink'],
    text: 'تم تسجيلكم مستفيدين لدى {societyName} (طلب رقم {reference}).\nحالة الطلب:\n{statusLink}',
  },
  case_service_delivered: {
    placeholders: ['societyName', 'reference', 'service', 'statusLink'],
    text: 'تم تقديم الخدمة لطلبكم رقم {reference}: {service}. نسعد بسماع رأيكم.\nحالة الطلب:\n{statusLink}',
  },
  case_withdrawn: {
    placeholders: ['societyName', 'reference', 'reason', 'statusLink'],
    text: 'أُغلق طلبكم رقم {reference} بناءً على رغبتكم: {reason}. يسعدنا خدمتكم متى احتجتم.\nحالة الطلب:\n{statusLink}',
  },
  case_invalid: {
    placeholders: ['societyName', 'reference', 'reason', 'statusLink'],
    text: 'تعذّر قبول طلبكم رقم {reference}: {reason}. يمكنكم التواصل معنا للاستفسار.\nحالة الطلب:\n{statusLink}',
  },
  case_incomplete: {
    placeholders: ['reference', 'days', 'period', 'statusLink'],
    text: 'أُغلق طلبكم رقم {reference} لعدم استكمال المستندات المطلوبة خلال {period}. يسعدنا أن تتقدموا بطلب جديد متى اكتملت لديكم.\nحالة الطلب:\n{statusLink}',
  },
  reminder_missing_documents: {
    placeholders: ['reference', 'missing', 'closeDate', 'uploadLink', 'statusLink'],
    text: 'تذكير: طلبكم رقم {reference} ما زال ينتظر: {missing}. ارفعوا المستندات من هذا الرابط قبل {closeDate}، وإلا أُغلق الطلب لعدم اكتماله:\n{uploadLink}\nحالة الطلب:\n{statusLink}',
  },
  reminder_recertification: {
    placeholders: ['reference', 'validUntil', 'statusLink'],
    text: 'تنتهي صلاحية تسجيلكم لدى الجمعية (طلب رقم {reference}) يوم {validUntil}. نرجو مراجعتنا لتحديث بياناتكم وتجديد التسجيل قبل ذلك.\nحالة الطلب:\n{statusLink}',
  },
  reminder_service_follow_up: {
    placeholders: ['reference', 'service', 'deliveredOn'],
    text: 'نطمئن عليكم بعد تقديم الخدمة ({service}) لطلبكم رقم {reference} يوم {deliveredOn}. هل وصلتكم كما ينبغي؟ ردّوا على هذه الرسالة بأي ملاحظة أو احتياج.',
  },
  delivery_made: {
    placeholders: ['societyName', 'reference', 'item', 'remaining', 'nextOn'],
    text: '{societyName}: سُلّم لكم «{item}» ضمن طلبكم {reference}. المتبقي من الدفعات المقررة: {remaining}، وموعد القادمة منها يوم {nextOn}. نسأل الله أن ينفعكم به.',
  },
  home_visit_scheduled: {
    placeholders: ['societyName', 'reference', 'when', 'purpose'],
    text: '{societyName}: حُدد موعد زيارة منزلية لطلبكم {reference} يوم {when} بتوقيت الرياض.\nالغرض: {purpose}\nسيتصل بكم الزائر قبل وصوله، ويحمل بطاقة الجمعية.',
  },
  status_code: {
    placeholders: ['societyName', 'code', 'minutes'],
    text: 'رمز الاطلاع على حالة طلبكم: {code}. صالح لمدة {minutes} دقائق. لا تشاركوه مع أحد.',
  },
  phone_confirmation_code: {
    placeholders: ['societyName', 'code', 'minutes'],
    text: 'رمز تأكيد رقم جوالكم لطلب الدعم: {code}. صالح لمدة {minutes} دقائق. لا تشاركوه مع أحد.',
  },
  survey_invitation: {
    placeholders: ['societyName', 'reference', 'link'],
    text: 'نشكركم على تواصلكم مع {societyName} بخصوص {reference}. ما مدى رضاكم عن الخدمة؟ أرسلوا رقماً من 1 (غير راضٍ) إلى 5 (راضٍ جداً)، أو أجيبوا عبر الرابط:\n{link}\nرأيكم يساعدنا على تحسين خدماتنا.',
  },
  survey_thanks: {
    placeholders: ['societyName', 'reference'],
    text: 'شكراً لكم، وصلنا تقييمكم بخصوص {reference}، وسنستفيد منه في تحسين خدماتنا.',
  },
} as const satisfies Record<string, { placeholders: readonly string[]; text: string }>;

export type MessageTemplateId = keyof typeof MESSAGE_TEMPLATES;
export const MESSAGE_TEMPLATE_IDS = Object.keys(MESSAGE_TEMPLATES) as MessageTemplateId[];

/** The texts in use: each admin's rewording, or the default where there is none. */
export type MessageTemplateTexts = Record<MessageTemplateId, string>;

export const DEFAULT_TEMPLATE_TEXTS: MessageTemplateTexts = Object.fromEntries(
  MESSAGE_TEMPLATE_IDS.map((id) => [id, MESSAGE_TEMPLATES[id].text]),
) as MessageTemplateTexts;

export function isMessageTemplateId(value: string): value is MessageTemplateId {
  return Object.hasOwn(MESSAGE_TEMPLATES, value);
}

/** Placeholders in `text` that template `id` does not offer (they would reach the beneficiary as blanks). */
export function unknownPlaceholders(id: MessageTemplateId, text: string): string[] {
  const offered: readonly string[] = MESSAGE_TEMPLATES[id].placeholders;
  const used = [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');
  return [...new Set(used.filter((name) => !offered.includes(name)))];
}

/**
 * Writes the society's name into a text before its other placeholders are filled (the texts are Arabic, so the
 * Arabic name); a function replacement keeps a `$` in the name literal.
 */
export function withSocietyName(text: string, societyName: string): string {
  return text.replaceAll('{societyName}', () => societyName);
}

export function renderTemplate(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}(?=(.?))/gs, (_match, name: string, next: string) => {
    const value = String(values[name] ?? '');
    // A reworded template may put punctuation right after a link; a space keeps it out of the link.
    return isLink(value) && next !== '' && !/\s/.test(next) ? `${value} ` : value;
  });
}

function isLink(value: string): boolean {
  return /^https?:\/\/\S+$/.test(value);
}
