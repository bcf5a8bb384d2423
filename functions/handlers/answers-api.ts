import * as z from 'zod/mini';
import {
  DOCUMENT_SLUGS,
  documentPath,
  MAX_DOCUMENT_BYTES,
  SOCIETY_DOCUMENTS,
} from '../../shared/domain/society-documents.ts';
import { listAnswers } from '../../shared/use-cases/knowledge-base.ts';
import {
  assertMayEditAnswers,
  createAnswer,
  deleteAnswer,
  updateAnswer,
} from '../../shared/use-cases/knowledge-base-admin.ts';
import {
  assertMayPublishDocuments,
  uploadSocietyDocument,
} from '../../shared/use-cases/society-documents-admin.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { answersPart, auditPart } from '../lib/dependency-parts.ts';
import { json, parseJson, validate } from '../lib/http.ts';
import { type StaffRoute, staffRoutesFunction } from '../lib/http-handler.ts';
import { lambdaDependencies } from '../platform/aws.ts';
import { awsStaffTokens } from '../platform/aws-staff.ts';

const words = z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(60))).check(z.maxLength(30));
const optionalText = (max: number) =>
  z.pipe(
    z.optional(z.string().check(z.trim(), z.maxLength(max))),
    z.transform((value: string | undefined) => value || undefined),
  );

const answerSchema = z.strictObject({
  question: z.string().check(z.trim(), z.minLength(3), z.maxLength(300)),
  answer: z.string().check(z.trim(), z.minLength(3), z.maxLength(1500)),
  questionEn: optionalText(300),
  answerEn: optionalText(1500),
  keywords: z._default(words, []),
  synonyms: z._default(words, []),
  documents: z._default(z.array(z.enum(DOCUMENT_SLUGS)).check(z.maxLength(DOCUMENT_SLUGS.length)), []),
});

const documentUploadSchema = z.strictObject({
  // A base64 PDF; the size limit itself is checked on the bytes.
  base64: z.string().check(z.minLength(4), z.maxLength(Math.ceil((MAX_DOCUMENT_BYTES * 4) / 3) + 4)),
});

const answerId = z.string().check(z.trim(), z.minLength(1), z.maxLength(64));

/**
 * The knowledge base: every staff member reads it (with how often each answer helped); supervisors edit it, and
 * publish the society's documents its answers link.
 */
const routes: Record<string, StaffRoute> = {
  'GET /api/documents': async (_event, deps) => {
    const uploaded = await deps.config.listSocietyDocuments();
    const documents = SOCIETY_DOCUMENTS.map((document) => ({
      ...document,
      path: documentPath(document.slug),
      uploaded: uploaded.find((record) => record.slug === document.slug) ?? null,
    }));
    return json(200, { documents });
  },
  'PUT /api/documents/{slug}': async (event, deps, principal) => {
    assertMayPublishDocuments(principal);
    const { base64 } = validate(documentUploadSchema, parseJson(event));
    const document = await uploadSocietyDocument(
      { documents: deps.config, objects: deps.objects, clock: deps.clock, audit: deps.audit, ids: deps.ids },
      principal,
      event.pathParameters?.slug ?? '',
      Buffer.from(base64, 'base64'),
    );
    return json(200, document);
  },

  'GET /api/answers': async (_event, deps) => json(200, { answers: await listAnswers(deps) }),
  'POST /api/answers': async (event, deps, principal) => {
    assertMayEditAnswers(principal);
    return json(201, await createAnswer(deps, principal, validate(answerSchema, parseJson(event))));
  },
  'PUT /api/answers/{id}': async (event, deps, principal) => {
    assertMayEditAnswers(principal);
    const id = validate(answerId, event.pathParameters?.id);
    return json(200, await updateAnswer(deps, principal, id, validate(answerSchema, parseJson(event))));
  },
  'DELETE /api/answers/{id}': async (event, deps, principal) => {
    const id = validate(answerId, event.pathParameters?.id);
    await deleteAnswer(deps, principal, id);
    return json(200, { deleted: id });
  },
};

export const ANSWERS_ROUTE_KEYS = Object.keys(routes);

export const createAnswersApiHandler = (getDeps: () => AppDependencies) =>
  staffRoutesFunction(getDeps, routes);

export const handler = createAnswersApiHandler(lambdaDependencies(awsStaffTokens, answersPart, auditPart));
