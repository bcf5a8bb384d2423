/** A staff queue; tickets land in exactly one. */
export interface Queue {
  id: string;
  nameAr: string;
  nameEn: string;
  /** The queue that catches every ticket no rule claims. */
  isDefault?: boolean;
  /** New tickets go straight to the least-loaded present member; otherwise members take them from the queue. */
  autoAssign?: boolean;
  /** Most active tickets a member carries when given this queue's tickets, unless their own profile says. */
  capacity?: number;
  /** The branch this queue serves, when it serves one. */
  branch?: string;
  /** Archived: no rule may send new tickets here; the tickets it holds stay visible and workable. */
  archived?: boolean;
}

export const DEFAULT_QUEUE_ID = 'beneficiary-relations';

/** The queues a fresh install starts with (AWS bootstrap and `npm start` alike); admins change them after. */
export const STARTING_QUEUES: Queue[] = [
  {
    id: 'beneficiary-relations',
    nameAr: 'علاقات المستفيدين',
    nameEn: 'Beneficiary relations',
    isDefault: true,
    autoAssign: true,
  },
  { id: 'social-research', nameAr: 'البحث الاجتماعي', nameEn: 'Social research', autoAssign: true },
  { id: 'research-committee', nameAr: 'لجنة البحث', nameEn: 'Research committee' },
  { id: 'volunteering', nameAr: 'التطوع', nameEn: 'Volunteering', autoAssign: true },
  { id: 'branch-north', nameAr: 'فرع الشمال', nameEn: 'North branch', autoAssign: true },
];
