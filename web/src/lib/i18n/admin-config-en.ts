import type { adminConfigAr } from './admin-config-ar.ts';

/** The configuration pages' words (branches), in English. */
export const adminConfigEn: Record<keyof typeof adminConfigAr, string> = {
  'adminPages.branches': 'Branches',
  'adminPages.branchesIntro':
    "The society's branches and their cities, as the support-request form, the queues and the reports show them. A branch is never deleted: archived, it leaves the forms and keeps its name on what came before.",
  'adminPages.branchName': 'Branch',
  'adminPages.branchId': 'Branch id',
  'adminPages.branchIdHint': 'Lowercase letters, digits and dashes, such as qassim; fixed once saved',
  'adminPages.city': 'City',
  'adminPages.cityHint': 'In Arabic, as routing rules write it',
  'adminPages.newBranch': 'New branch',
  'adminPages.editBranch': 'Edit {name}',
  'adminPages.createBranch': 'Add the branch',
  'adminPages.branchSaved': 'The branch {name} was saved',
  'adminPages.branchArchiveHint':
    'It leaves the request form and the choices; tickets that name it stay as they are',
  'adminPages.setting.branch': 'Branch',
  'adminPages.branchArchived': 'Archived',
  'adminPages.archiveBranch': 'Archive the branch',
};
