import * as z from 'zod/mini';
import { IDENTITY_KINDS } from '../../shared/domain/identity.ts';
import { mergeContacts, splitContact } from '../../shared/use-cases/merge-contacts.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { json, parseJson, pathRecordId, validate } from '../lib/http.ts';
import { type StaffRoute, staffRoutesFunction } from '../lib/http-handler.ts';
import { lambdaDependencies } from '../platform/aws.ts';
import { awsStaffTokens } from '../platform/aws-staff.ts';

const mergeSchema = z.strictObject({ sourceContactId: z.string().check(z.minLength(1), z.maxLength(64)) });
const splitSchema = z.strictObject({
  identity: z.strictObject({
    kind: z.enum(IDENTITY_KINDS),
    value: z.string().check(z.minLength(1), z.maxLength(254)),
  }),
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
});

/**
 * Staff joining two contacts that are one person, or taking an identity out of a contact into one of its own: rare
 * edits, served apart from the inbox's every-minute routes so the staff API stays small.
 */
const routes: Record<string, StaffRoute> = {
  'POST /api/contacts/{id}/merge': async (event, deps, principal) => {
    const { sourceContactId } = validate(mergeSchema, parseJson(event));
    return json(200, await mergeContacts(deps, principal, pathRecordId(event, 'Contact'), sourceContactId));
  },
  'POST /api/contacts/{id}/split': async (event, deps, principal) => {
    const body = validate(splitSchema, parseJson(event));
    return json(
      201,
      await splitContact(deps, principal, pathRecordId(event, 'Contact'), body.identity, body.name),
    );
  },
};

export const createContactsApiHandler = (getDeps: () => AppDependencies) =>
  staffRoutesFunction(getDeps, routes);

export const handler = createContactsApiHandler(lambdaDependencies(awsStaffTokens));
