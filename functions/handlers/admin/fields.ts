import * as z from 'zod/mini';
import { BRANCH_ID_PATTERN } from '../../../shared/domain/branches.ts';

/* Fields the admin area's requests share. */

/** An id in a path or a body (a queue's, a rule's, a policy's, a staff member's). */
export const id = z.string().check(z.trim(), z.minLength(1), z.maxLength(64));
/** A branch's id; the use cases check the society has it. */
export const branchId = z.string().check(z.regex(BRANCH_ID_PATTERN));
