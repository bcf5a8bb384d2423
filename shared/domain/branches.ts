/** The society's branches a beneficiary is served from; `id` is what a ticket's `branch` holds. */
export const SOCIETY_BRANCHES = [
  { id: 'riyadh', nameAr: 'المقر الرئيسي - الرياض', nameEn: 'Head office - Riyadh', city: 'الرياض' },
  { id: 'north', nameAr: 'فرع الشمال - حائل', nameEn: 'North branch - Hail', city: 'حائل' },
  { id: 'west', nameAr: 'فرع الغربية - جدة', nameEn: 'Western branch - Jeddah', city: 'جدة' },
  { id: 'east', nameAr: 'فرع الشرقية - الدمام', nameEn: 'Eastern branch - Dammam', city: 'الدمام' },
  { id: 'south', nameAr: 'فرع الجنوب - أبها', nameEn: 'Southern branch - Abha', city: 'أبها' },
] as const;

export type BranchId = (typeof SOCIETY_BRANCHES)[number]['id'];
export const BRANCH_IDS = SOCIETY_BRANCHES.map((branch) => branch.id) as [BranchId, ...BranchId[]];

export function branchById(id: string): (typeof SOCIETY_BRANCHES)[number] | undefined {
  return SOCIETY_BRANCHES.find((branch) => branch.id === id);
}
