import type { TicketNarrowing } from '../../../shared/domain/ticket-narrowing.ts';

export interface FilterParts {
  FilterExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

/**
 * The inbox's narrowing as a DynamoDB filter on the queue or assignee index: the index chooses the partitions,
 * the filter drops the rows that do not match (the same test as `matchesNarrowing`).
 */
export function narrowingFilter(narrowing: TicketNarrowing | undefined): FilterParts {
  if (!narrowing) return {};
  const conditions: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const equals = (attribute: 'channel' | 'priority' | 'type' | 'branch', value: string | undefined) => {
    if (!value) return;
    names[`#${attribute}`] = attribute;
    values[`:${attribute}`] = value;
    conditions.push(`#${attribute} = :${attribute}`);
  };
  equals('channel', narrowing.channel);
  equals('priority', narrowing.priority);
  equals('type', narrowing.type);
  equals('branch', narrowing.branch);
  if (narrowing.unassigned) {
    names['#assigneeId'] = 'assigneeId';
    conditions.push('attribute_not_exists(#assigneeId)');
  }
  if (narrowing.atRiskAt) {
    Object.assign(names, { '#slaBadge': 'slaBadge', '#warnAt': 'warnAt', '#pausedAt': 'pausedAt' });
    values[':now'] = narrowing.atRiskAt;
    conditions.push('attribute_not_exists(#slaBadge.#pausedAt) AND #slaBadge.#warnAt <= :now');
  }
  if (conditions.length === 0) return {};
  return {
    FilterExpression: conditions.map((condition) => `(${condition})`).join(' AND '),
    ExpressionAttributeNames: names,
    ...(Object.keys(values).length > 0 && { ExpressionAttributeValues: values }),
  };
}
