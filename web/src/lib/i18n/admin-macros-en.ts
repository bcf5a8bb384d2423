import type { adminMacrosAr } from './admin-macros-ar.ts';
import type { Message } from './plural.ts';

/** The macros page and the reply box's macro menu, in English, with the Arabic keys. */
export const adminMacrosEn: Record<keyof typeof adminMacrosAr, Message> = {
  'adminPages.macros': 'Macros',
  'adminPages.macrosIntro':
    'A macro takes several steps on a ticket at once: it puts a canned answer in the reply box for review, changes the status and assignee and adds tags.',
  'adminPages.macroName': 'Macro',
  'adminPages.macroId': 'Id',
  'adminPages.macroIdHint': 'Lowercase letters, digits and dashes, e.g. request-documents',
  'adminPages.macroNameEnOptional': 'English name (optional)',
  'adminPages.macroCanned': 'Canned answer',
  'adminPages.macroNoCanned': 'No answer',
  'adminPages.macroStatus': 'New status',
  'adminPages.macroKeepStatus': 'Unchanged',
  'adminPages.macroAssignee': 'Assignee',
  'adminPages.macroAssignee.me': 'Whoever applies it',
  'adminPages.macroAssignee.unassigned': 'Nobody',
  'adminPages.macroAssignee.unchanged': 'Unchanged',
  'adminPages.macroTags': 'Tags to add',
  'adminPages.macroTagsHint': 'Separate tags with commas',
  'adminPages.newMacro': 'New macro',
  'adminPages.editMacro': 'Edit {name}',
  'adminPages.createMacro': 'Add macro',
  'adminPages.deleteMacro': 'Delete',
  'adminPages.macroSaved': 'Macro {name} saved',
  'adminPages.macroDeleted': 'Macro {name} deleted',
  'reply.macro': 'Apply a macro',
  'reply.macroApplied': 'Macro {name} applied: review the reply before sending it',
};
