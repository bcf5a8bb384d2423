import type { Channel } from '../domain/channel.ts';
import type { Contact } from '../domain/contact.ts';
import type { InboundContact } from '../domain/inbound-contact.ts';
import type { RoutingDecision } from '../domain/routing.ts';
import type { Priority, TicketType } from '../domain/ticket.ts';
import { normaliseForMatching } from './normalise.ts';

/** Every condition named must hold; a list condition holds when any of its values does. */
export interface RuleConditions {
  channels?: Channel[];
  types?: TicketType[];
  /** Arabic or English words or phrases, matched in the subject and text after folding. */
  keywords?: string[];
  cities?: string[];
  contactTags?: string[];
  languages?: ('ar' | 'en')[];
}

export interface RuleActions {
  queueId: string;
  priority?: Priority;
  tags?: string[];
  slaPolicyId?: string;
}

export interface RoutingRule {
  id: string;
  name: string;
  enabled: boolean;
  conditions: RuleConditions;
  actions: RuleActions;
}

/** The ordered rules in force; every save makes a new version and the old ones stay readable. */
export interface RuleSet {
  version: number;
  rules: RoutingRule[];
  defaultQueueId: string;
  updatedAt: string;
  updatedBy: string;
}

export interface RoutingFacts {
  inbound: InboundContact;
  contact: Contact;
}

export interface RuleMatch {
  decision: RoutingDecision;
  /** The rule that decided, or undefined when the default queue caught the contact. */
  rule?: RoutingRule;
}

/** Evaluates the rules in order; the first enabled rule whose conditions all hold decides. */
export function evaluateRules(ruleSet: RuleSet, facts: RoutingFacts): RuleMatch {
  const rule = ruleSet.rules.find((candidate) => candidate.enabled && matches(candidate.conditions, facts));
  const type = facts.inbound.type ?? 'inquiry';
  const baseTags = facts.inbound.tags ?? [];
  if (!rule) {
    return {
      decision: {
        queueId: ruleSet.defaultQueueId,
        priority: facts.inbound.priority ?? 'normal',
        type,
        tags: baseTags,
      },
    };
  }
  return {
    rule,
    decision: {
      queueId: rule.actions.queueId,
      priority: rule.actions.priority ?? facts.inbound.priority ?? 'normal',
      type,
      tags: [...new Set([...baseTags, ...(rule.actions.tags ?? [])])],
      ruleId: rule.id,
      slaPolicyId: rule.actions.slaPolicyId,
    },
  };
}

function matches(conditions: RuleConditions, { inbound, contact }: RoutingFacts): boolean {
  const { channels, types, keywords, cities, contactTags, languages } = conditions;
  if (channels?.length && !channels.includes(inbound.channel)) return false;
  if (types?.length && !types.includes(inbound.type ?? 'inquiry')) return false;
  if (languages?.length && !languages.includes(inbound.language ?? 'ar')) return false;
  if (cities?.length) {
    const city = normaliseForMatching(inbound.city ?? contact.city ?? contact.branch ?? '');
    if (!cities.some((candidate) => normaliseForMatching(candidate) === city)) return false;
  }
  if (contactTags?.length && !contactTags.some((tag) => contact.tags.includes(tag))) return false;
  if (keywords?.length) {
    const haystack = normaliseForMatching(`${inbound.subject ?? ''} ${inbound.text}`);
    if (!keywords.some((keyword) => haystack.includes(normaliseForMatching(keyword)))) return false;
  }
  return true;
}
