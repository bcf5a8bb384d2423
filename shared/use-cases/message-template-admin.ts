import { ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { fieldError } from '../domain/field-messages.ts';
import {
  isMessageTemplateId,
  MESSAGE_TEMPLATE_IDS,
  MESSAGE_TEMPLATES,
  type MessageTemplateId,
  unknownPlaceholders,
} from '../domain/message-templates.ts';
import { hasRole, type Principal } from '../domain/staff.ts';
import type { Clock } from '../ports/clock.ts';
import type { RewordedTemplate, RewordedTemplateStore } from '../ports/reworded-templates.ts';
import { type AuditDeps, recordSettingChange } from './settings-audit.ts';

export interface TemplateAdminDeps extends AuditDeps {
  config: RewordedTemplateStore;
  clock: Clock;
}

/** Asked by the HTTP edge before it reads the body, so a refusal never depends on it. */
export function assertMayReword(principal: Principal): void {
  if (!hasRole(principal, 'admin', 'supervisor'))
    throw new ForbiddenError('Only a supervisor or an admin rewords the messages sent to beneficiaries');
}

function templateIdOf(templateId: string): MessageTemplateId {
  if (!isMessageTemplateId(templateId)) throw new NotFoundError('Message template');
  return templateId;
}

/** Every automatic message's text as sent now, beside its default and the placeholders it may use. */
export async function listMessageTemplates(deps: TemplateAdminDeps, principal: Principal) {
  if (!hasRole(principal, 'admin', 'supervisor', 'manager')) throw new ForbiddenError();
  const reworded = new Map(
    (await deps.config.listRewordedTemplates()).map((template) => [template.id, template]),
  );
  return MESSAGE_TEMPLATE_IDS.map((id) => ({
    id,
    placeholders: MESSAGE_TEMPLATES[id].placeholders,
    defaultText: MESSAGE_TEMPLATES[id].text,
    text: reworded.get(id)?.text ?? MESSAGE_TEMPLATES[id].text,
    updatedBy: reworded.get(id)?.updatedBy ?? null,
    updatedAt: reworded.get(id)?.updatedAt ?? null,
  }));
}

/** A new wording, refused when it names a placeholder the message cannot fill in. */
export async function rewordTemplate(
  deps: TemplateAdminDeps,
  principal: Principal,
  templateId: string,
  text: string,
): Promise<RewordedTemplate> {
  assertMayReword(principal);
  const id = templateIdOf(templateId);
  const unknown = unknownPlaceholders(id, text);
  if (unknown.length > 0) {
    throw new ValidationError(
      [fieldError('text', 'invalid_value')],
      `This message cannot fill in ${unknown.map((name) => `{${name}}`).join(', ')}; it offers ${MESSAGE_TEMPLATES[id].placeholders.map((name) => `{${name}}`).join(', ')}`,
    );
  }
  const template = { id, text, updatedBy: principal.userId, updatedAt: deps.clock.now().toISOString() };
  const before = await wordingOf(deps, id);
  await deps.config.putTemplate(template);
  await recordSettingChange(deps, principal, {
    setting: 'message_template',
    subjectId: id,
    from: { text: before },
    to: { text },
  });
  return template;
}

/** The wording a message is sent with now: an admin's, or the default. */
async function wordingOf(deps: TemplateAdminDeps, id: MessageTemplateId): Promise<string> {
  const reworded = (await deps.config.listRewordedTemplates()).find((template) => template.id === id);
  return reworded?.text ?? MESSAGE_TEMPLATES[id].text;
}

/** Back to the default wording. */
export async function restoreTemplate(
  deps: TemplateAdminDeps,
  principal: Principal,
  templateId: string,
): Promise<{ id: MessageTemplateId; text: string }> {
  assertMayReword(principal);
  const id = templateIdOf(templateId);
  const before = await wordingOf(deps, id);
  await deps.config.deleteTemplate(id);
  const text = MESSAGE_TEMPLATES[id].text;
  if (before !== text)
    await recordSettingChange(deps, principal, {
      setting: 'message_template',
      subjectId: id,
      from: { text: before },
      to: { text },
    });
  return { id, text };
}
