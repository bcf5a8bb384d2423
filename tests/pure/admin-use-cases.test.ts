import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError, ValidationError } from '../../shared/domain/errors.ts';
import { MESSAGE_TEMPLATES } from '../../shared/domain/message-templates.ts';
import type { Principal, Role, StaffUser } from '../../shared/domain/staff.ts';
import type { AuditEntry } from '../../shared/ports/audit-log.ts';
import type { RewordedTemplate } from '../../shared/ports/reworded-templates.ts';
import type { RoutingConfigStore } from '../../shared/ports/routing-config.ts';
import type { RoutingRule, RuleSet } from '../../shared/routing/rules.ts';
import {
  listMessageTemplates,
  restoreTemplate,
  rewordTemplate,
} from '../../shared/use-cases/message-template-admin.ts';
import {
  dryRunRules,
  saveRuleSet,
  setStaffAvailability,
  viewRuleSet,
} from '../../shared/use-cases/routing-admin.ts';

const as = (...roles: Role[]): Principal => ({
  userId: `u-${roles[0]}`,
  email: 'x@sanad.local',
  name: 'x',
  roles,
  queueIds: [],
});
const clock = { now: () => new Date('2026-11-25T10:00:00Z') };

const waterRule: RoutingRule = {
  id: 'water',
  name: 'فواتير',
  enabled: true,
  conditions: { keywords: ['فاتورة'] },
  actions: { queueId: 'north-branch', priority: 'high' },
};

function routingDeps(saved?: RuleSet) {
  const saves: unknown[] = [];
  const config = {
    getRuleSet: async () => saved,
    saveRuleSet: async (
      rules: RoutingRule[],
      defaultQueueId: string,
      by: string,
      version: number,
      at: string,
    ) => {
      saves.push({ rules, defaultQueueId, by, version, at });
      return { rules, defaultQueueId, version: version + 1, updatedAt: at, updatedBy: by };
    },
  } as unknown as RoutingConfigStore;
  const store = {
    listQueues: async () => [{ id: 'beneficiary-relations' }, { id: 'north-branch' }] as never,
  };
  const { audit, ids, audited } = auditLog();
  return { deps: { config, store, clock, audit, ids }, saves, audited };
}

/** An audit log in memory, with the ids its entries take. */
function auditLog() {
  const audited: AuditEntry[] = [];
  const audit = { record: async (entry: AuditEntry) => void audited.push(entry), list: async () => audited };
  const ids = { next: () => `id-${audited.length + 1}`, repeatable: (_at: Date, seed: string) => seed };
  return { audit, ids, audited };
}

describe('routing rules, as admin use cases', () => {
  it('show the rule set in force to those who oversee routing, before any is saved too', async () => {
    const { deps } = routingDeps();
    expect(await viewRuleSet(deps, as('manager'))).toMatchObject({
      version: 0,
      rules: [],
      defaultQueueId: 'beneficiary-relations',
    });
    await expect(viewRuleSet(deps, as('agent'))).rejects.toThrow(ForbiddenError);
  });

  it('are saved by an admin only, naming queues that exist', async () => {
    const { deps, saves, audited } = routingDeps();
    const change = { rules: [waterRule], defaultQueueId: 'beneficiary-relations', expectedVersion: 0 };
    await expect(saveRuleSet(deps, as('supervisor'), change)).rejects.toThrow(ForbiddenError);
    await expect(
      saveRuleSet(deps, as('admin'), { ...change, defaultQueueId: 'no-such-queue' }),
    ).rejects.toThrow(ValidationError);
    expect(saves).toEqual([]);
    expect(await saveRuleSet(deps, as('admin'), change)).toMatchObject({ version: 1, updatedBy: 'u-admin' });
    expect(audited).toMatchObject([
      {
        setting: 'rules',
        action: 'create',
        actorId: 'u-admin',
        to: { version: 1, rules: [{ id: 'water' }] },
      },
    ]);
  });

  it('are tried without storing anything, by the rules in force', async () => {
    const saved: RuleSet = {
      version: 4,
      rules: [waterRule],
      defaultQueueId: 'beneficiary-relations',
      updatedAt: '',
      updatedBy: '',
    };
    const { deps, saves } = routingDeps(saved);
    const tried = await dryRunRules(deps, as('supervisor'), { channel: 'sms', text: 'وصلتني فاتورة الماء' });
    expect(tried).toMatchObject({ version: 4, rule: { id: 'water' }, decision: { queueId: 'north-branch' } });
    expect(saves).toEqual([]);
    await expect(dryRunRules(deps, as('manager'), { channel: 'sms', text: '' })).rejects.toThrow(
      ForbiddenError,
    );
  });
});

describe('staff availability', () => {
  const users = new Map<string, StaffUser>([
    ['u-agent', { id: 'u-agent', email: 'a', name: 'a', roles: ['agent'], queueIds: [] }],
    ['u-other', { id: 'u-other', email: 'b', name: 'b', roles: ['agent'], queueIds: [] }],
  ]);
  const store = {
    getStaffUser: async (id: string) => users.get(id),
    putStaffUser: async (user: StaffUser) => void users.set(user.id, user),
  };

  it('is set by oneself, or by a supervisor for anyone', async () => {
    expect(await setStaffAvailability(store, as('agent'), 'u-agent', true)).toEqual({
      userId: 'u-agent',
      away: true,
    });
    await expect(setStaffAvailability(store, as('agent'), 'u-other', true)).rejects.toThrow(ForbiddenError);
    expect(users.get('u-other')?.away).toBeUndefined();
    await setStaffAvailability(store, as('supervisor'), 'u-other', true);
    expect(users.get('u-other')?.away).toBe(true);
    await expect(setStaffAvailability(store, as('admin'), 'u-nobody', true)).rejects.toThrow(NotFoundError);
  });
});

describe('message wording', () => {
  function templateDeps() {
    const reworded = new Map<string, RewordedTemplate>();
    const { audit, ids, audited } = auditLog();
    return {
      reworded,
      audited,
      deps: {
        clock,
        audit,
        ids,
        config: {
          listRewordedTemplates: async () => [...reworded.values()],
          putTemplate: async (template: RewordedTemplate) => void reworded.set(template.id, template),
          deleteTemplate: async (id: string) => void reworded.delete(id),
        },
      },
    };
  }

  it('is reworded by supervisors with the placeholders the message offers, and restored to the default', async () => {
    const { deps, reworded, audited } = templateDeps();
    const text = 'وصل طلبكم {reference}، والقرار خلال {days} يوماً.';
    await expect(rewordTemplate(deps, as('agent'), 'support_request_received', text)).rejects.toThrow(
      ForbiddenError,
    );
    await expect(
      rewordTemplate(deps, as('supervisor'), 'support_request_received', 'رقم {national_id}'),
    ).rejects.toThrow(/cannot fill in \{national_id\}/);
    await expect(rewordTemplate(deps, as('supervisor'), 'no_such_message', text)).rejects.toThrow(
      NotFoundError,
    );
    await rewordTemplate(deps, as('supervisor'), 'support_request_received', text);
    const listed = await listMessageTemplates(deps, as('manager'));
    expect(listed.find((template) => template.id === 'support_request_received')).toMatchObject({
      text,
      updatedBy: 'u-supervisor',
    });
    await restoreTemplate(deps, as('admin'), 'support_request_received');
    expect(reworded.size).toBe(0);
    // Who changed a message's words, from what to what; restoring the default wording again changes nothing.
    const standard = MESSAGE_TEMPLATES.support_request_received.text;
    expect(audited).toMatchObject([
      {
        setting: 'message_template',
        subjectId: 'support_request_received',
        action: 'update',
        actorId: 'u-supervisor',
        from: { text: standard },
        to: { text },
      },
      {
        setting: 'message_template',
        subjectId: 'support_request_received',
        action: 'update',
        actorId: 'u-admin',
        from: { text },
        to: { text: standard },
      },
    ]);
    await restoreTemplate(deps, as('admin'), 'support_request_received');
    expect(audited).toHaveLength(2);
  });
});
