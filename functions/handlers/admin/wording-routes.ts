import * as z from 'zod/mini';
import { CANNED_ANSWER_ID_PATTERN } from '../../../shared/domain/canned-answers.ts';
import { MACRO_ASSIGNEE_CHOICES, MACRO_ID_PATTERN } from '../../../shared/domain/macro.ts';
import { DOCUMENT_SLUGS } from '../../../shared/domain/society-documents.ts';
import { TICKET_STATUSES } from '../../../shared/domain/ticket.ts';
import {
  WHATSAPP_APPROVAL_STATES,
  WHATSAPP_TEMPLATE_BODY_MAX,
  WHATSAPP_TEMPLATE_CATEGORIES,
  WHATSAPP_TEMPLATE_LANGUAGES,
  WHATSAPP_TEMPLATE_NAME_PATTERN,
} from '../../../shared/domain/whatsapp-templates.ts';
import {
  assertMayManageCannedAnswers,
  cannedAnswerVersions,
  deleteCannedAnswer,
  saveCannedAnswer,
} from '../../../shared/use-cases/canned-answer-admin.ts';
import {
  assertMayManageMacros,
  deleteMacro,
  listMacros,
  saveMacro,
} from '../../../shared/use-cases/macro-admin.ts';
import {
  assertMayReword,
  listMessageTemplates,
  restoreTemplate,
  rewordTemplate,
} from '../../../shared/use-cases/message-template-admin.ts';
import {
  assertMayManageWhatsAppTemplates,
  deleteWhatsAppTemplate,
  listWhatsAppTemplates,
  saveWhatsAppTemplate,
} from '../../../shared/use-cases/whatsapp-template-admin.ts';
import { requiredMessage } from '../../channels/typed-fields.ts';
import { json, parseJson, validate } from '../../lib/http.ts';
import type { StaffRoute } from '../../lib/http-handler.ts';

const templateSchema = z.strictObject({
  text: requiredMessage(1, 1000),
});

const cannedTitle = z.string().check(z.trim(), z.minLength(2), z.maxLength(80));
const cannedText = requiredMessage(2, 2000);
/** Blank English fields mean no English wording: the Arabic text is inserted for everyone. */
const optionalEnglish = <T extends z.ZodMiniString>(schema: T) =>
  z.pipe(
    z.transform((value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value)),
    z.optional(schema),
  );
/** The version the editor opened, 0 for something new: a save over a later one is refused (409). */
const expectedVersion = z.number().check(z.int(), z.gte(0));
const cannedAnswerSchema = z
  .strictObject({
    titleAr: cannedTitle,
    text: cannedText,
    titleEn: optionalEnglish(cannedTitle),
    textEn: optionalEnglish(cannedText),
    documents: z._default(z.array(z.enum(DOCUMENT_SLUGS)).check(z.maxLength(DOCUMENT_SLUGS.length)), []),
    expectedVersion,
  })
  .check(
    z.refine((answer) => Boolean(answer.titleEn) === Boolean(answer.textEn), {
      message: 'An English title and an English text go together',
      path: ['textEn'],
    }),
  );

/** The answer id from the path, refused as the field `id` when malformed. */
function cannedAnswerId(event: Parameters<StaffRoute>[0]): string {
  return validate(z.object({ id: z.string().check(z.regex(CANNED_ANSWER_ID_PATTERN)) }), {
    id: event.pathParameters?.answerId,
  }).id;
}
const parameterDescription = z.string().check(z.trim(), z.minLength(1), z.maxLength(80));
const whatsappTemplateSchema = z.strictObject({
  category: z.enum(WHATSAPP_TEMPLATE_CATEGORIES),
  body: z.string().check(z.trim(), z.minLength(1), z.maxLength(WHATSAPP_TEMPLATE_BODY_MAX)),
  parameters: z
    .array(
      z.strictObject({
        ar: parameterDescription,
        en: parameterDescription,
        from: z.optional(z.enum(['reference', 'contactName'])),
      }),
    )
    .check(z.maxLength(20)),
  approval: z.enum(WHATSAPP_APPROVAL_STATES),
});
/** A template's name and language from the path, refused as fields the admin page shows. */
const whatsappTemplateKey = z.object({
  name: z.string().check(z.regex(WHATSAPP_TEMPLATE_NAME_PATTERN)),
  language: z.enum(WHATSAPP_TEMPLATE_LANGUAGES),
});
const macroName = z.string().check(z.trim(), z.minLength(2), z.maxLength(80));
const macroSchema = z.strictObject({
  nameAr: macroName,
  nameEn: z.optional(macroName),
  // Named by id only: canned answers are configuration of their own.
  cannedAnswerId: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(64))),
  status: z.optional(z.enum(TICKET_STATUSES)),
  assignee: z.enum(MACRO_ASSIGNEE_CHOICES),
  // The same bounds as a ticket's tags, which these are added to.
  tags: z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(40))).check(z.maxLength(20)),
  expectedVersion,
});
/** Refused as the field `id`, which the admin page shows beside the id it sent. */
const macroIdOf = (event: Parameters<StaffRoute>[0]) =>
  validate(z.object({ id: z.string().check(z.regex(MACRO_ID_PATTERN)) }), {
    id: event.pathParameters?.macroId,
  }).id;

/** What is said for the society: automatic messages' wording, canned answers, WhatsApp templates and macros. */
export const wordingRoutes: Record<string, StaffRoute> = {
  'GET /api/message-templates': async (_event, deps, principal) =>
    json(200, { templates: await listMessageTemplates(deps, principal) }),
  'PUT /api/message-templates/{templateId}': async (event, deps, principal) => {
    assertMayReword(principal);
    const { text } = validate(templateSchema, parseJson(event));
    return json(200, await rewordTemplate(deps, principal, event.pathParameters?.templateId ?? '', text));
  },
  'DELETE /api/message-templates/{templateId}': async (event, deps, principal) =>
    json(200, await restoreTemplate(deps, principal, event.pathParameters?.templateId ?? '')),
  'PUT /api/canned-answers/{answerId}': async (event, deps, principal) => {
    assertMayManageCannedAnswers(principal);
    const answerId = cannedAnswerId(event);
    return json(
      200,
      await saveCannedAnswer(deps, principal, answerId, validate(cannedAnswerSchema, parseJson(event))),
    );
  },
  'DELETE /api/canned-answers/{answerId}': async (event, deps, principal) => {
    const answerId = cannedAnswerId(event);
    await deleteCannedAnswer(deps, principal, answerId);
    return json(200, { deleted: answerId });
  },
  'GET /api/canned-answers/{answerId}/versions': async (event, deps, principal) =>
    json(200, { versions: await cannedAnswerVersions(deps, principal, cannedAnswerId(event)) }),
  'GET /api/whatsapp-templates': async (_event, deps) =>
    json(200, { templates: await listWhatsAppTemplates(deps) }),
  'PUT /api/whatsapp-templates/{name}/{language}': async (event, deps, principal) => {
    assertMayManageWhatsAppTemplates(principal);
    const key = validate(whatsappTemplateKey, event.pathParameters ?? {});
    const input = validate(whatsappTemplateSchema, parseJson(event));
    return json(200, await saveWhatsAppTemplate(deps, principal, key, input));
  },
  'DELETE /api/whatsapp-templates/{name}/{language}': async (event, deps, principal) => {
    assertMayManageWhatsAppTemplates(principal);
    const key = validate(whatsappTemplateKey, event.pathParameters ?? {});
    await deleteWhatsAppTemplate(deps, principal, key);
    return json(200, { deleted: key });
  },
  'GET /api/macros': async (_event, deps) => json(200, { macros: await listMacros(deps) }),
  'PUT /api/macros/{macroId}': async (event, deps, principal) => {
    assertMayManageMacros(principal);
    const macroId = macroIdOf(event);
    return json(200, await saveMacro(deps, principal, macroId, validate(macroSchema, parseJson(event))));
  },
  'DELETE /api/macros/{macroId}': async (event, deps, principal) => {
    assertMayManageMacros(principal);
    const macroId = macroIdOf(event);
    await deleteMacro(deps, principal, macroId);
    return json(200, { deleted: macroId });
  },
};
