import { DEFAULT_QUEUE_ID } from '../domain/queue.ts';
import type { TicketRouter } from '../domain/routing.ts';
import type { RoutingConfigStore } from '../ports/routing-config.ts';
import { evaluateRules, type RuleSet } from '../routing/rules.ts';

const EMPTY_RULE_SET: RuleSet = {
  version: 0,
  rules: [],
  defaultQueueId: DEFAULT_QUEUE_ID,
  updatedAt: '',
  updatedBy: '',
};

/** The rule set tickets are routed by: the saved one, or before any is saved none (all to the default queue). */
export async function ruleSetInForce(config: Pick<RoutingConfigStore, 'getRuleSet'>): Promise<RuleSet> {
  return (await config.getRuleSet()) ?? EMPTY_RULE_SET;
}

/** Routes each new ticket by the rule set in force, read from the store for every decision. */
export function rulesRouter(config: Pick<RoutingConfigStore, 'getRuleSet'>): TicketRouter {
  return {
    async route(facts) {
      return evaluateRules(await ruleSetInForce(config), facts).decision;
    },
  };
}
