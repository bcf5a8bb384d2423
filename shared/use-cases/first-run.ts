import { STARTING_BRANCHES } from '../domain/branches.ts';
import { CANNED_ANSWERS } from '../domain/canned-answers.ts';
import { STARTING_MACROS } from '../domain/macro.ts';
import { type Queue, STARTING_QUEUES } from '../domain/queue.ts';
import type { StaffUser } from '../domain/staff.ts';
import { STARTING_WHATSAPP_TEMPLATES } from '../domain/whatsapp-templates.ts';
import type { BranchStore } from '../ports/branches.ts';
import type { CannedAnswerStore } from '../ports/canned-answers.ts';
import type { Clock } from '../ports/clock.ts';
import type { MacroStore } from '../ports/macros.ts';
import type { RoutingConfigStore } from '../ports/routing-config.ts';
import type { StaffAccounts } from '../ports/staff-accounts.ts';
import type { WhatsAppTemplateStore } from '../ports/whatsapp-templates.ts';
import { DEFAULT_CALENDAR, DEFAULT_RULE_SET, DEFAULT_SLA_POLICIES } from '../sla/defaults.ts';

export interface FirstRunDeps {
  store: { listQueues(): Promise<Queue[]>; putQueue(queue: Queue): Promise<void> };
  config?: Pick<
    RoutingConfigStore,
    'getRuleSet' | 'saveRuleSet' | 'listSlaPolicies' | 'putSlaPolicy' | 'getCalendar' | 'putCalendar'
  > &
    BranchStore &
    CannedAnswerStore &
    Pick<WhatsAppTemplateStore, 'listWhatsAppTemplates' | 'putWhatsAppTemplate'> &
    Pick<MacroStore, 'listMacros' | 'putMacro'>;
  clock: Clock;
}

/**
 * Writes the starting queues, routing rules, SLA policies, business calendar, branches, canned answers, WhatsApp
 * templates and macros where none are stored,
 * and nothing else: what an admin has since changed stays as they left it. The same for a fresh AWS install
 * (`Custom::SanadBootstrap`) and a fresh `npm start` data folder. Answers what it wrote.
 */
export async function writeStartingConfiguration(deps: FirstRunDeps): Promise<string[]> {
  const written: string[] = [];
  const stored = new Set((await deps.store.listQueues()).map((queue) => queue.id));
  for (const queue of STARTING_QUEUES.filter((candidate) => !stored.has(candidate.id))) {
    await deps.store.putQueue(queue);
    written.push(`queue:${queue.id}`);
  }
  const { config } = deps;
  if (!config) return written;
  if (!(await config.getRuleSet())) {
    await config.saveRuleSet(
      DEFAULT_RULE_SET.rules,
      DEFAULT_RULE_SET.defaultQueueId,
      'bootstrap',
      0,
      deps.clock.now().toISOString(),
    );
    written.push('rules');
  }
  if ((await config.listSlaPolicies()).length === 0) {
    for (const [order, policy] of DEFAULT_SLA_POLICIES.entries())
      await config.putSlaPolicy({ ...policy, order });
    written.push('sla-policies');
  }
  if (!(await config.getCalendar())) {
    await config.putCalendar(DEFAULT_CALENDAR);
    written.push('calendar');
  }
  const branches = new Set((await config.listBranches()).map((branch) => branch.id));
  for (const branch of STARTING_BRANCHES.filter((candidate) => !branches.has(candidate.id))) {
    await config.putBranch(branch);
    written.push(`branch:${branch.id}`);
  }
  const answers = new Set((await config.listCannedAnswers()).map((answer) => answer.id));
  for (const answer of CANNED_ANSWERS.filter((candidate) => !answers.has(candidate.id))) {
    // An answer an editor deleted keeps its versions: it stays deleted.
    if ((await config.listCannedAnswerVersions(answer.id)).length > 0) continue;
    await config.putCannedAnswer(answer);
    written.push(`canned-answer:${answer.id}`);
  }
  // Only into an empty list: a template an admin deleted stays deleted.
  if ((await config.listWhatsAppTemplates()).length === 0) {
    for (const template of STARTING_WHATSAPP_TEMPLATES) await config.putWhatsAppTemplate(template);
    written.push('whatsapp-templates');
  }
  // Only into an install that has none: a macro an admin deleted stays deleted.
  if ((await config.listMacros()).length === 0) {
    for (const macro of STARTING_MACROS) await config.putMacro(macro);
    written.push('macros');
  }
  return written;
}

export interface FirstAdminDeps {
  store: {
    listStaffUsers(): Promise<StaffUser[]>;
    putStaffUser(user: StaffUser): Promise<void>;
  };
  staffAccounts: StaffAccounts;
}

/**
 * Invites the society's first admin (Cognito emails them), unless a member of staff has that email already; one
 * who has never signed in is sent the invitation again (a new temporary password, the inbox's address once known).
 */
export async function inviteFirstAdmin(
  deps: FirstAdminDeps,
  admin: { email: string; name: string },
): Promise<'invited' | 'reinvited' | 'present'> {
  const email = admin.email.trim().toLowerCase();
  const present = (await deps.store.listStaffUsers()).find((user) => user.email.toLowerCase() === email);
  if (present) {
    const reinvited = await deps.staffAccounts.reinviteIfPending?.({ userId: present.id, email });
    return reinvited ? 'reinvited' : 'present';
  }
  const { userId } = await deps.staffAccounts.invite({ email, name: admin.name, roles: ['admin'] });
  await deps.store.putStaffUser({ id: userId, email, name: admin.name, roles: ['admin'], queueIds: [] });
  return 'invited';
}
