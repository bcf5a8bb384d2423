import type { RoutingRule, RuleSet } from '../routing/rules.ts';
import type { BusinessCalendar } from '../sla/business-calendar.ts';
import type { SlaPolicy } from '../sla/policy.ts';

/** Routing rules, SLA policies and the business calendar: configuration kept as data, managed by admins. */
export interface RoutingConfigStore {
  getRuleSet(): Promise<RuleSet | undefined>;
  /** Saves a new version; refused when `expectedVersion` is no longer current (someone saved meanwhile). */
  saveRuleSet(
    rules: RoutingRule[],
    defaultQueueId: string,
    by: string,
    expectedVersion: number,
    at: string,
  ): Promise<RuleSet>;
  listRuleSetVersions(): Promise<RuleSet[]>;
  listSlaPolicies(): Promise<SlaPolicy[]>;
  /** `order`: its place in the list of policies. */
  putSlaPolicy(policy: SlaPolicy & { order?: number }): Promise<void>;
  deleteSlaPolicy(policyId: string): Promise<void>;
  getCalendar(): Promise<BusinessCalendar | undefined>;
  putCalendar(calendar: BusinessCalendar): Promise<void>;
}
