import { activeBranches, type Branch } from '../../../../shared/domain/branches.ts';

/**
 * The society's branches as configured: loaded with the session for staff, or from the public list by the
 * support-request form, and read by every branch choice and name.
 */
class Branches {
  all = $state.raw<Branch[]>([]);
  /** What a form offers. */
  active = $derived(activeBranches(this.all));

  byId(id: string): Branch | undefined {
    return this.all.find((branch) => branch.id === id);
  }
}

export const branches = new Branches();
