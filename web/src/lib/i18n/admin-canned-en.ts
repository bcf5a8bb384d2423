import type { adminCannedAr } from './admin-canned-ar.ts';

/** The canned answers page's words, in English. */
export const adminCannedEn: Record<keyof typeof adminCannedAr, string> = {
  'adminPages.cannedAnswers': 'Canned answers',
  'adminPages.cannedIntro':
    'Answers staff insert into a reply in one click. The English text goes to a beneficiary who wrote in English, when there is one; document links follow, each on its own line.',
  'adminPages.cannedTitle': 'Title',
  'adminPages.cannedId': 'Answer id',
  'adminPages.cannedIdHint': 'Lowercase letters, digits and dashes, such as visit-date; fixed once saved',
  'adminPages.titleAr': 'Arabic title',
  'adminPages.textAr': 'Arabic text',
  'adminPages.titleEn': 'English title (optional)',
  'adminPages.textEn': 'English text (optional)',
  'adminPages.cannedDocuments': 'Linked documents',
  'adminPages.cannedVersion': 'Version',
  'adminPages.newCanned': 'New answer',
  'adminPages.editCanned': 'Edit {name}',
  'adminPages.createCanned': 'Add the answer',
  'adminPages.cannedSaved': 'The answer {name} was saved',
  'adminPages.cannedDeleted': 'The answer {name} was deleted',
  'adminPages.deleteCanned': 'Delete',
  'adminPages.cannedVersions': 'Earlier versions',
  'adminPages.versionBy': 'Version {version}, {at}',
  'adminPages.setting.canned-answer': 'Canned answer',
};
