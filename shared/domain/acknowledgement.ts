import type { SocietyProfile } from './society-profile.ts';

/** The automatic answer to a new ticket: Arabic first, English below, with the reference and the window. */
export interface AcknowledgementText {
  subject: string;
  text: string;
}

export function acknowledgementText(
  reference: string,
  society: Pick<SocietyProfile, 'nameAr' | 'nameEn'>,
  responseWindowDays = 2,
): AcknowledgementText {
  const arabicWindow = responseWindowDays === 2 ? 'يومي عمل' : `${responseWindowDays} أيام عمل`;
  return {
    subject: `تم استلام رسالتك / We received your message [#${reference}]`,
    text: [
      'السلام عليكم ورحمة الله،',
      '',
      `شكراً لتواصلك مع ${society.nameAr}. استلمنا رسالتك وسجّلناها برقم المرجع ${reference}.`,
      `سيرد عليك فريقنا خلال ${arabicWindow} (من الأحد إلى الخميس).`,
      'للمتابعة، رُدّ على هذه الرسالة وأبقِ رقم المرجع في العنوان.',
      'هذه رسالة آلية.',
      '',
      '---',
      '',
      `Thank you for contacting ${society.nameEn}. We received your message; your reference is ${reference}.`,
      `Our team will reply within ${responseWindowDays} working days (Sunday to Thursday).`,
      'To follow up, reply to this email and keep the reference in the subject.',
      'This is an automatic message.',
    ].join('\n'),
  };
}
