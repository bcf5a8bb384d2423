import type { Branch } from '../../../shared/domain/branches.ts';
import type { CannedAnswer } from '../../../shared/domain/canned-answers.ts';
import type { Macro } from '../../../shared/domain/macro.ts';
import type { Queue } from '../../../shared/domain/queue.ts';
import type { SocietyProfile } from '../../../shared/domain/society-profile.ts';
import type { Role, StaffUser } from '../../../shared/domain/staff.ts';
import type { WhatsAppTemplate } from '../../../shared/domain/whatsapp-templates.ts';
import type { AuditEntry } from '../../../shared/ports/audit-log.ts';
import type { RoutingRule, RuleSet } from '../../../shared/routing/rules.ts';
import type { BusinessCalendar } from '../../../shared/sla/business-calendar.ts';
import type { SlaPolicy } from '../../../shared/sla/policy.ts';
import type { DryRunContact, ReplayedTicket } from '../../../shared/use-cases/routing-admin.ts';
import { ApiError, call } from '../lib/api/http.ts';

export type {
  AuditEntry,
  Branch,
  BusinessCalendar,
  DryRunContact,
  Macro,
  Queue,
  ReplayedTicket,
  Role,
  RoutingRule,
  RuleSet,
  SlaPolicy,
  SocietyProfile,
  StaffUser,
  WhatsAppTemplate,
};

/** Rules being edited: what a dry run tries and what a save stores. */
export type DraftRules = Pick<RuleSet, 'rules' | 'defaultQueueId'>;
export interface DryRunResult {
  version: number;
  rule: RoutingRule | null;
  decision: { queueId: string; priority: string; tags: string[] };
}
export interface ReplayResult {
  considered: number;
  moving: number;
  tickets: ReplayedTicket[];
}

/** A queue as its page edits it: the staff working in it come from their records. */
export interface QueueForm {
  id: string;
  nameAr: string;
  nameEn: string;
  autoAssign: boolean;
  capacity?: number;
  branch: string;
  isDefault: boolean;
  memberIds: string[];
}

export interface StaffForm {
  name: string;
  email: string;
  roles: Role[];
  queueIds: string[];
  branch: string;
  disabled: boolean;
  /** Their escalation notices by email too, and the language those are written in. */
  emailNotices: boolean;
  language: 'ar' | 'en';
}

const path = (id: string) => encodeURIComponent(id);

/** Someone else saved what this page was editing since it was opened: the page offers the latest to edit. */
export const isStaleEdit = (error: unknown) =>
  error instanceof ApiError && error.status === 409 && error.code === 'stale_version';

/**
 * The administration's calls to the API: queues, staff, the audit of settings, the society profile, routing
 * rules, SLA policies and the business calendar.
 */
export const adminApi = {
  queues: () => call<{ queues: Queue[] }>('GET', '/api/queues').then((body) => body.queues),
  staff: () => call<{ staff: StaffUser[] }>('GET', '/api/staff').then((body) => body.staff),
  createQueue: (form: QueueForm) =>
    call<Queue>('POST', '/api/queues', {
      id: form.id.trim(),
      nameAr: form.nameAr,
      nameEn: form.nameEn,
      autoAssign: form.autoAssign,
      ...(form.capacity ? { capacity: form.capacity } : {}),
      ...(form.branch ? { branch: form.branch } : {}),
      ...(form.isDefault ? { isDefault: true } : {}),
      memberIds: form.memberIds,
    }),
  /** Supervisors send the members only; admins the whole queue. */
  changeQueue: (queueId: string, change: Record<string, unknown>) =>
    call<Queue>('PUT', `/api/queues/${path(queueId)}`, change),
  inviteStaff: (form: StaffForm) =>
    call<StaffUser & { temporaryPassword?: string }>('POST', '/api/staff', {
      name: form.name,
      email: form.email,
      roles: form.roles,
      queueIds: form.queueIds,
      ...(form.branch ? { branch: form.branch } : {}),
    }),
  /** Disabling a member answers how many open tickets went back to their queues. */
  changeStaff: (userId: string, change: Record<string, unknown>) =>
    call<StaffUser & { releasedTickets?: number }>('PUT', `/api/staff/${path(userId)}`, change),
  macros: () => call<{ macros: Macro[] }>('GET', '/api/macros').then((body) => body.macros),
  /** Creates the macro or changes the version the admin opened (the id is fixed). */
  saveMacro: ({ id, version, ...macro }: Macro) =>
    call<Macro>('PUT', `/api/macros/${path(id.trim())}`, { ...macro, expectedVersion: version }),
  deleteMacro: (id: string) => call<{ deleted: string }>('DELETE', `/api/macros/${path(id)}`),
  whatsappTemplates: () =>
    call<{ templates: WhatsAppTemplate[] }>('GET', '/api/whatsapp-templates').then((body) => body.templates),
  /** Creates the template or changes it; its name and language are its address and never change. */
  saveWhatsAppTemplate: ({ name, language, ...template }: WhatsAppTemplate) =>
    call<WhatsAppTemplate>('PUT', `/api/whatsapp-templates/${path(name.trim())}/${language}`, template),
  deleteWhatsAppTemplate: ({ name, language }: Pick<WhatsAppTemplate, 'name' | 'language'>) =>
    call<unknown>('DELETE', `/api/whatsapp-templates/${path(name)}/${language}`),
  branches: () => call<{ branches: Branch[] }>('GET', '/api/branches').then((body) => body.branches),
  /** Creates the branch or changes it (the id is fixed); archiving is a change like any other. */
  saveBranch: ({ id, ...branch }: Branch) =>
    call<Branch>('PUT', `/api/branches/${path(id.trim())}`, {
      ...branch,
      archived: branch.archived ?? false,
    }),
  cannedAnswers: () =>
    call<{ answers: CannedAnswer[] }>('GET', '/api/canned-answers').then((body) => body.answers),
  /** Creates the answer or saves the next of the version the editor opened (the id is fixed). */
  saveCannedAnswer: ({ id, titleAr, text, titleEn, textEn, documents, version }: CannedAnswer) =>
    call<CannedAnswer>('PUT', `/api/canned-answers/${path(id.trim())}`, {
      titleAr,
      text,
      titleEn: titleEn ?? '',
      textEn: textEn ?? '',
      documents,
      expectedVersion: version,
    }),
  deleteCannedAnswer: (id: string) => call<{ deleted: string }>('DELETE', `/api/canned-answers/${path(id)}`),
  cannedAnswerVersions: (id: string) =>
    call<{ versions: CannedAnswer[] }>('GET', `/api/canned-answers/${path(id)}/versions`).then(
      (body) => body.versions,
    ),
  audit: () => call<{ entries: AuditEntry[] }>('GET', '/api/audit').then((body) => body.entries),
  societyProfile: () => call<SocietyProfile>('GET', '/api/society-profile'),
  // Routing rules, SLA policies and the business calendar.
  rules: () => call<RuleSet>('GET', '/api/rules'),
  saveRules: (draft: DraftRules, expectedVersion: number) =>
    call<RuleSet>('PUT', '/api/rules', { ...draft, expectedVersion }),
  ruleVersions: () =>
    call<{ versions: RuleSet[] }>('GET', '/api/rules/versions').then((body) => body.versions),
  dryRun: (contact: DryRunContact, draft: DraftRules) =>
    call<DryRunResult>('POST', '/api/rules/dry-run', { ...contact, draft }),
  replayRecent: (draft: DraftRules) => call<ReplayResult>('POST', '/api/rules/dry-run/recent', { draft }),
  slaPolicies: () =>
    call<{ policies: SlaPolicy[] }>('GET', '/api/sla-policies').then((body) => body.policies),
  saveSlaPolicy: ({ id, ...policy }: SlaPolicy) =>
    call<SlaPolicy>('PUT', `/api/sla-policies/${path(id)}`, policy),
  deleteSlaPolicy: (policyId: string) => call<unknown>('DELETE', `/api/sla-policies/${path(policyId)}`),
  calendar: () => call<BusinessCalendar>('GET', '/api/business-calendar'),
  saveCalendar: (calendar: BusinessCalendar) =>
    call<BusinessCalendar>('PUT', '/api/business-calendar', calendar),
  saveSocietyProfile: (profile: SocietyProfile) => {
    const { updatedAt: _at, updatedBy: _by, ...editable } = profile;
    return call<SocietyProfile>('PUT', '/api/society-profile', editable);
  },
};
