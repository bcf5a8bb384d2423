/** A staff queue; tickets land in exactly one. */
export interface Queue {
  id: string;
  nameAr: string;
  nameEn: string;
  /** The queue that catches every ticket no rule claims. */
  isDefault?: boolean;
  /** New tickets go straight to the least-loaded present member; otherwise members take them from the queue. */
  autoAssign?: boolean;
}

export const DEFAULT_QUEUE_ID = 'beneficiary-relations';
