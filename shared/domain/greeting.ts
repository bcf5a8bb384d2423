/** The answer to a bare `/start`: a chat's first button press is a hello, not a request to file. */
export function greetingText(language: 'ar' | 'en'): string {
  return language === 'en'
    ? 'Welcome to Sanad Society. How can we help you? Write your question or request and we will answer you here.'
    : 'أهلاً بك في جمعية سند. كيف نستطيع مساعدتك؟ اكتب سؤالك أو طلبك وسنرد عليك هنا.';
}
