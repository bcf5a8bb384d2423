import type { Branch } from '../domain/branches.ts';

/** Where the society's branches are read (cached configuration in a warm Lambda). */
export interface BranchSource {
  listBranches(): Promise<Branch[]>;
}

export interface BranchStore extends BranchSource {
  putBranch(branch: Branch): Promise<void>;
}
