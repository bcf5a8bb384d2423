import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Branch } from '../../../shared/domain/branches.ts';
import type { CannedAnswer } from '../../../shared/domain/canned-answers.ts';
import { ConflictError } from '../../../shared/domain/errors.ts';
import type { Macro } from '../../../shared/domain/macro.ts';
import {
  DEFAULT_TEMPLATE_TEXTS,
  isMessageTemplateId,
  type MessageTemplateId,
} from '../../../shared/domain/message-templates.ts';
import type { SocietyDocument } from '../../../shared/domain/society-documents.ts';
import type { WhatsAppTemplate } from '../../../shared/domain/whatsapp-templates.ts';
import type { BranchSource, BranchStore } from '../../../shared/ports/branches.ts';
import type { CannedAnswerSource, CannedAnswerStore } from '../../../shared/ports/canned-answers.ts';
import type { MacroSource, MacroStore } from '../../../shared/ports/macros.ts';
import type { MessageTemplateSource } from '../../../shared/ports/message-templates.ts';
import type { RewordedTemplate, RewordedTemplateStore } from '../../../shared/ports/reworded-templates.ts';
import type { RoutingConfigStore } from '../../../shared/ports/routing-config.ts';
import type { SocietyDocumentStore } from '../../../shared/ports/society-documents.ts';
import type {
  WhatsAppTemplateSource,
  WhatsAppTemplateStore,
} from '../../../shared/ports/whatsapp-templates.ts';
import type { RoutingRule, RuleSet } from '../../../shared/routing/rules.ts';
import type { BusinessCalendar } from '../../../shared/sla/business-calendar.ts';
import type { SlaPolicy } from '../../../shared/sla/policy.ts';
import type { SlaSettingsSource } from '../../../shared/sla/settings.ts';
import { cachedRead, configurationChanged } from './config-cache.ts';
import { keys } from './keys.ts';

/**
 * Routing rules (versioned), SLA policies, the business calendar, reworded message templates, the society's
 * uploaded documents and its branches, each in a small configuration partition.
 */
export class ConfigRepository
  implements
    RoutingConfigStore,
    SocietyDocumentStore,
    RewordedTemplateStore,
    BranchStore,
    CannedAnswerStore,
    WhatsAppTemplateStore,
    MacroStore
{
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getRuleSet(): Promise<RuleSet | undefined> {
    const result = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.ruleSetCurrent() }),
    );
    return result.Item?.ruleSet as RuleSet | undefined;
  }

  async saveRuleSet(
    rules: RoutingRule[],
    defaultQueueId: string,
    by: string,
    expectedVersion: number,
    at: string,
  ): Promise<RuleSet> {
    const ruleSet: RuleSet = {
      version: expectedVersion + 1,
      rules,
      defaultQueueId,
      updatedAt: at,
      updatedBy: by,
    };
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.ruleSetCurrent(), entity: 'rule-set', version: ruleSet.version, ruleSet },
          ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(PK)' : 'version = :expected',
          ExpressionAttributeValues: expectedVersion === 0 ? undefined : { ':expected': expectedVersion },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ConflictError(
          'The rules were changed by someone else meanwhile; reload them and save again',
        );
      }
      throw error;
    }
    await this.putSetting({ ...keys.ruleSetVersion(ruleSet.version), entity: 'rule-set-version', ruleSet });
    return ruleSet;
  }

  async listRuleSetVersions(): Promise<RuleSet[]> {
    const result = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.ruleSetCurrent().PK, ':prefix': 'VERSION#' },
        ScanIndexForward: false,
        Limit: 100,
      }),
    );
    return (result.Items ?? []).map((item) => item.ruleSet as RuleSet);
  }

  async listSlaPolicies(): Promise<SlaPolicy[]> {
    return (await this.partition(keys.slaPolicy('').PK))
      .map((item) => item.policy as SlaPolicy & { order?: number })
      .sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  }

  async putSlaPolicy(policy: SlaPolicy & { order?: number }): Promise<void> {
    await this.putSetting({ ...keys.slaPolicy(policy.id), entity: 'sla-policy', policy });
  }

  async deleteSlaPolicy(policyId: string): Promise<void> {
    await this.deleteSetting(keys.slaPolicy(policyId));
  }

  async getCalendar(): Promise<BusinessCalendar | undefined> {
    const result = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.businessCalendar() }),
    );
    return result.Item?.calendar as BusinessCalendar | undefined;
  }

  async putCalendar(calendar: BusinessCalendar): Promise<void> {
    await this.putSetting({ ...keys.businessCalendar(), entity: 'calendar', calendar });
  }

  // Pattern: the society's uploaded documents, one Query on the documents partition.
  async listSocietyDocuments(): Promise<SocietyDocument[]> {
    return (await this.partition(keys.societyDocument('').PK)).map(
      (item) => item.document as SocietyDocument,
    );
  }

  async putSocietyDocument(document: SocietyDocument): Promise<void> {
    await this.putSetting({ ...keys.societyDocument(document.slug), entity: 'society-document', document });
  }

  // Pattern: every reworded message template, one Query on the templates partition.
  async listRewordedTemplates(): Promise<RewordedTemplate[]> {
    return (await this.partition(keys.messageTemplate('').PK))
      .map((item) => item.template as RewordedTemplate)
      .filter((template) => isMessageTemplateId(template.id));
  }

  async putTemplate(template: RewordedTemplate): Promise<void> {
    await this.putSetting({ ...keys.messageTemplate(template.id), entity: 'message-template', template });
  }

  /** Back to the default text. */
  async deleteTemplate(templateId: MessageTemplateId): Promise<void> {
    await this.deleteSetting(keys.messageTemplate(templateId));
  }

  // Pattern: the society's branches, one Query on the branches partition.
  async listBranches(): Promise<Branch[]> {
    return (await this.partition(keys.branch('').PK)).map((item) => item.branch as Branch);
  }

  async putBranch(branch: Branch): Promise<void> {
    await this.putSetting({ ...keys.branch(branch.id), entity: 'branch', branch });
  }

  // Pattern: canned answers, one Query on their partition.
  async listCannedAnswers(): Promise<CannedAnswer[]> {
    return (await this.partition(keys.cannedAnswer('').PK)).map((item) => item.answer as CannedAnswer);
  }

  async putCannedAnswer(answer: CannedAnswer, previous?: CannedAnswer): Promise<boolean> {
    // Written only over the version it replaces, so two editors cannot both save the same next version.
    const written = await this.putIfAt(
      { ...keys.cannedAnswer(answer.id), entity: 'cannedAnswer', answer },
      'answer',
      previous?.version ?? 0,
    );
    if (written && previous) await this.keepCannedAnswerVersion(previous);
    if (written) configurationChanged();
    return written;
  }

  /** Puts `item` only when its `field`'s stored version is `version` (0: nothing stored); false otherwise. */
  private async putIfAt(item: Record<string, unknown>, field: string, version: number): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: version === 0 ? 'attribute_not_exists(PK)' : '#field.#version = :version',
          ExpressionAttributeNames: version === 0 ? undefined : { '#field': field, '#version': 'version' },
          ExpressionAttributeValues: version === 0 ? undefined : { ':version': version },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async deleteCannedAnswer(answer: CannedAnswer): Promise<void> {
    await this.keepCannedAnswerVersion(answer);
    await this.deleteSetting(keys.cannedAnswer(answer.id));
  }

  private async keepCannedAnswerVersion(answer: CannedAnswer): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.cannedAnswerVersion(answer.id, answer.version),
          entity: 'cannedAnswerVersion',
          answer,
        },
      }),
    );
  }

  // Pattern: an answer's earlier versions, one Query newest first.
  async listCannedAnswerVersions(answerId: string): Promise<CannedAnswer[]> {
    return (await this.partition(keys.cannedAnswerVersion(answerId, 0).PK, true)).map(
      (item) => item.answer as CannedAnswer,
    );
  }

  /** The canned answers for the composer, re-read at most every `ttlMs`. */
  cachedCannedAnswers(ttlMs = 30_000): CannedAnswerSource {
    return { listCannedAnswers: cachedRead(ttlMs, () => this.listCannedAnswers()) };
  }

  /** The branches for the forms and intake, re-read at most every `ttlMs`. */
  cachedBranches(ttlMs = 30_000): BranchSource {
    return { listBranches: cachedRead(ttlMs, () => this.listBranches()) };
  }

  // Pattern: the society's WhatsApp templates, one Query on their partition.
  async listWhatsAppTemplates(): Promise<WhatsAppTemplate[]> {
    return (await this.partition(keys.whatsappTemplate('', '').PK)).map(
      (item) => item.template as WhatsAppTemplate,
    );
  }

  async putWhatsAppTemplate(template: WhatsAppTemplate): Promise<void> {
    await this.putSetting({
      ...keys.whatsappTemplate(template.name, template.language),
      entity: 'whatsappTemplate',
      template,
    });
  }

  async deleteWhatsAppTemplate(name: string, language: string): Promise<void> {
    await this.deleteSetting(keys.whatsappTemplate(name, language));
  }

  /** The templates for replies and announcements, re-read at most every `ttlMs`. */
  cachedWhatsAppTemplates(ttlMs = 30_000): WhatsAppTemplateSource {
    return { listWhatsAppTemplates: cachedRead(ttlMs, () => this.listWhatsAppTemplates()) };
  }

  // Pattern: the society's macros, one Query on the macros partition.
  async listMacros(): Promise<Macro[]> {
    return (await this.partition(keys.macro('').PK)).map((item) => item.macro as Macro);
  }

  async putMacro(macro: Macro, previousVersion = 0): Promise<boolean> {
    const written = await this.putIfAt(
      { ...keys.macro(macro.id), entity: 'macro', macro },
      'macro',
      previousVersion,
    );
    if (written) configurationChanged();
    return written;
  }

  async deleteMacro(macroId: string): Promise<void> {
    await this.deleteSetting(keys.macro(macroId));
  }

  /** The macros for the inbox, re-read at most every `ttlMs`. */
  cachedMacros(ttlMs = 30_000): MacroSource {
    return { listMacros: cachedRead(ttlMs, () => this.listMacros()) };
  }

  /** The items of one configuration partition, in key order (or newest first). */
  private async partition(pk: string, newestFirst = false): Promise<Record<string, unknown>[]> {
    const result = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ...(newestFirst && { ScanIndexForward: false }),
      }),
    );
    return result.Items ?? [];
  }

  /** Puts a setting; this process's cached configuration is read again. */
  private async putSetting(item: Record<string, unknown>): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: item }));
    configurationChanged();
  }

  private async deleteSetting(key: { PK: string; SK: string }): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: key }));
    configurationChanged();
  }

  /** The texts automatic messages use, re-read at most every `ttlMs` so admins' rewording reaches warm Lambdas. */
  messageTemplates(ttlMs = 30_000): MessageTemplateSource {
    return {
      load: cachedRead(ttlMs, async () => {
        const texts = { ...DEFAULT_TEMPLATE_TEXTS };
        for (const template of await this.listRewordedTemplates()) texts[template.id] = template.text;
        return texts;
      }),
    };
  }

  /** The rule set for routing, re-read at most every `ttlMs` (a warm Lambda routes many contacts a minute). */
  cachedRuleSet(ttlMs = 30_000): Pick<RoutingConfigStore, 'getRuleSet'> {
    return { getRuleSet: cachedRead(ttlMs, () => this.getRuleSet()) };
  }

  /** SLA settings for the use cases, re-read at most every `ttlMs` so a warm Lambda sees admins' changes soon. */
  slaSettings(fallbackCalendar: BusinessCalendar, ttlMs = 30_000): SlaSettingsSource {
    return {
      load: cachedRead(ttlMs, async () => {
        const [policies, calendar] = await Promise.all([this.listSlaPolicies(), this.getCalendar()]);
        return { policies, calendar: calendar ?? fallbackCalendar };
      }),
    };
  }
}
