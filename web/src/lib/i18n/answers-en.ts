import type { answersAr } from './answers-ar.ts';

/** The knowledge base's words in English; the type keeps the keys the same as the Arabic ones. */
export const answersEn: Record<keyof typeof answersAr, string> = {
  'public.links.faq': 'Common questions and answers',
  'faq.title': 'Common questions',
  'faq.intro': 'Type your question or a word of it, and the closest answers show.',
  'faq.search': 'Search the questions',
  'faq.none': 'We found no answer to this. Write to us and a member of staff will reply.',
  'faq.failed': 'The questions could not be loaded; please try again.',
  'faq.loading': 'Loading…',
  'nav.answers': 'Common questions',
  'answers.title': 'Common questions and automatic answers',
  'answers.intro':
    'Answers go out automatically on WhatsApp, Telegram, Messenger, Instagram and SMS when a question clearly matches, and show on the public FAQ page.',
  'answers.add': 'Add an answer',
  'answers.question': 'Question',
  'answers.answer': 'Answer',
  'answers.keywords': 'Keywords',
  'answers.synonyms': 'Synonyms',
  'answers.wordsHint': 'Separate words with commas.',
  'answers.save': 'Save',
  'answers.cancel': 'Cancel',
  'answers.sent': 'Sent',
  'answers.helped': 'Helped',
  'answers.wantedPerson': 'Wanted a person',
  'answers.actions': 'Actions',
  'answers.edit': 'Edit',
  'answers.delete': 'Delete',
  'answers.none': 'No answers yet.',
  'faq.documents': 'Linked documents',
  'answers.questionEn': 'Question in English (optional)',
  'answers.answerEn': 'Answer in English (optional)',
  'answers.englishHint':
    'Beneficiaries who write in English get the English answer when there is one; otherwise the Arabic.',
  'answers.documents': 'Linked society documents',
  'answers.documentsHint':
    'Their links go with the answer and show on the public FAQ. Upload a document before linking it.',
  'answers.notUploaded': 'not uploaded yet',
  'answers.englishShort': 'In English',
};
