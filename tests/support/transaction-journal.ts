import { existsSync, statSync } from 'node:fs';

/** Whether a local store's transaction journal holds a transaction: the file stays, empty between them. */
export const holdsTransaction = (journal: string): boolean =>
  existsSync(journal) && statSync(journal).size > 0;
