import type { SocietyProfile } from './society-profile.ts';

/** The answer to `/start` (a chat's first button, or a deep link to the bot): a hello, not a request to file. */
export function greetingText(
  language: 'ar' | 'en',
  society: Pick<SocietyProfile, 'nameAr' | 'nameEn'>,
): string {
  return language === 'en'
    ? `Welcome to ${society.nameEn}. How can we help you? Write your question or request and we will answer you here.`
    : `أهلاً بك في ${society.nameAr}. كيف نستطيع مساعدتك؟ اكتب سؤالك أو طلبك وسنرد عليك هنا.`;
}
