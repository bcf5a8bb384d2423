/**
 * A branch of the society a beneficiary is served from; `id` is what a ticket's, queue's, member's and
 * application's `branch` holds. Branches are configuration that admins keep; they are archived, never deleted,
 * because tickets and reports keep their ids.
 */
export interface Branch {
  id: string;
  nameAr: string;
  nameEn: string;
  /** The city it serves, in Arabic (what routing rules and a beneficiary's contact record hold). */
  city: string;
  /** Archived: offered on no form or list any more; what already names it keeps its name. */
  archived?: boolean;
}

/** An id in links, rules and report cells: lowercase letters, digits and dashes. */
export const BRANCH_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,31}$/;

/** The branches a fresh install starts with (AWS bootstrap and `npm start` alike); admins change them after. */
export const STARTING_BRANCHES: Branch[] = [
  { id: 'riyadh', nameAr: 'المقر الرئيسي - الرياض', nameEn: 'Head office - Riyadh', city: 'الرياض' },
  { id: 'north', nameAr: 'فرع الشمال - حائل', nameEn: 'North branch - Hail', city: 'حائل' },
  { id: 'west', nameAr: 'فرع الغربية - جدة', nameEn: 'Western branch - Jeddah', city: 'جدة' },
  { id: 'east', nameAr: 'فرع الشرقية - الدمام', nameEn: 'Eastern branch - Dammam', city: 'الدمام' },
  { id: 'south', nameAr: 'فرع الجنوب - أبها', nameEn: 'Southern branch - Abha', city: 'أبها' },
];

/** The branches a form offers: those not archived. */
export function activeBranches(branches: readonly Branch[]): Branch[] {
  return branches.filter((branch) => !branch.archived);
}
