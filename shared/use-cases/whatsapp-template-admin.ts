import { ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { hasRole, type Principal } from '../domain/staff.ts';
import { type WhatsAppTemplate, whatsAppTemplateProblems } from '../domain/whatsapp-templates.ts';
import type { WhatsAppTemplateSource, WhatsAppTemplateStore } from '../ports/whatsapp-templates.ts';
import { type AuditDeps, recordSettingChange } from './settings-audit.ts';

export interface WhatsAppTemplateAdminDeps extends AuditDeps {
  /** Written and read through the store, so a save sees what is stored, not a cache. */
  config: WhatsAppTemplateStore;
}

/** What an admin gives for a template; the name and language come from the path. */
export type WhatsAppTemplateInput = Omit<WhatsAppTemplate, 'name' | 'language'>;

/** Only admins keep the templates: they must match what the society registered with Meta. */
export function assertMayManageWhatsAppTemplates(principal: Principal): void {
  if (!hasRole(principal, 'admin')) throw new ForbiddenError('Only an admin manages WhatsApp templates');
}

/** Every template, in name then language order: staff choose from the approved ones, admins keep them all. */
export async function listWhatsAppTemplates(deps: {
  whatsappTemplates: WhatsAppTemplateSource;
}): Promise<WhatsAppTemplate[]> {
  const templates = await deps.whatsappTemplates.listWhatsAppTemplates();
  return templates.toSorted((a, b) => a.name.localeCompare(b.name) || a.language.localeCompare(b.language));
}

/** Creates the template or changes it (its body, parameters, or where Meta's approval stands). */
export async function saveWhatsAppTemplate(
  deps: WhatsAppTemplateAdminDeps,
  principal: Principal,
  key: Pick<WhatsAppTemplate, 'name' | 'language'>,
  input: WhatsAppTemplateInput,
): Promise<WhatsAppTemplate> {
  assertMayManageWhatsAppTemplates(principal);
  const template: WhatsAppTemplate = { ...key, ...input };
  const problems = whatsAppTemplateProblems(template);
  if (problems.length > 0)
    throw new ValidationError(problems, `Template ${key.name} (${key.language}) would be refused by Meta`);
  const before = (await deps.config.listWhatsAppTemplates()).find((stored) => sameTemplate(stored, key));
  await deps.config.putWhatsAppTemplate(template);
  await recordSettingChange(deps, principal, {
    setting: 'whatsapp_template',
    subjectId: `${key.name}:${key.language}`,
    ...(before && { from: before }),
    to: template,
  });
  return template;
}

/** Removes a template the society no longer has with Meta; replies can no longer choose it. */
export async function deleteWhatsAppTemplate(
  deps: WhatsAppTemplateAdminDeps,
  principal: Principal,
  key: Pick<WhatsAppTemplate, 'name' | 'language'>,
): Promise<void> {
  assertMayManageWhatsAppTemplates(principal);
  const before = (await deps.config.listWhatsAppTemplates()).find((stored) => sameTemplate(stored, key));
  if (!before) throw new NotFoundError('WhatsApp template');
  await deps.config.deleteWhatsAppTemplate(key.name, key.language);
  await recordSettingChange(deps, principal, {
    setting: 'whatsapp_template',
    subjectId: `${key.name}:${key.language}`,
    from: before,
    to: null,
  });
}

function sameTemplate(template: WhatsAppTemplate, key: Pick<WhatsAppTemplate, 'name' | 'language'>): boolean {
  return template.name === key.name && template.language === key.language;
}
