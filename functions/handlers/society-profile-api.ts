import * as z from 'zod/mini';
import { normalisePhone } from '../../shared/domain/phone.ts';
import { logoProblem, readableWithWhite } from '../../shared/domain/society-profile.ts';
import { viewSocietyProfile } from '../../shared/use-cases/society-profile.ts';
import {
  assertMayEditSocietyProfile,
  saveSocietyProfile,
} from '../../shared/use-cases/society-profile-admin.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { auditPart } from '../lib/dependency-parts.ts';
import { json, parseJson, validate } from '../lib/http.ts';
import { type StaffRoute, staffRoutesFunction } from '../lib/http-handler.ts';
import { lambdaDependencies } from '../platform/aws.ts';
import { awsStaffTokens } from '../platform/aws-staff.ts';

const optionalText = (schema: z.ZodMiniType<string, string>) =>
  z.pipe(
    z.union([z.optional(schema), z.literal('')]),
    z.transform((value) => value || undefined),
  );

const phoneSchema = z.string().check(
  z.trim(),
  z.maxLength(40),
  z.refine((phone) => normalisePhone(phone) !== undefined, 'invalid_phone'),
);

/** An https address or an inline image (checked for size and scripts), never anything a page would run. */
const logoSchema = z.string().check(
  z.trim(),
  z.superRefine((logo, context) => {
    const problem = logoProblem(logo);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  }),
);

const profileSchema = z.strictObject({
  nameAr: z.string().check(z.trim(), z.minLength(2), z.maxLength(120)),
  nameEn: z.string().check(z.trim(), z.minLength(2), z.maxLength(120)),
  logoUrl: optionalText(logoSchema),
  primaryColour: z
    .string()
    .check(
      z.regex(/^#[0-9a-fA-F]{6}$/, { message: 'invalid_value', abort: true }),
      z.refine(readableWithWhite, 'colour_contrast_too_low'),
    ),
  contact: z.strictObject({
    phone: optionalText(phoneSchema),
    whatsapp: optionalText(phoneSchema),
    email: optionalText(z.email().check(z.maxLength(254))),
  }),
  workingHoursAr: z.string().check(z.trim(), z.maxLength(200)),
  workingHoursEn: z.string().check(z.trim(), z.maxLength(200)),
  publicSiteUrl: optionalText(z.url({ protocol: /^https?$/ }).check(z.maxLength(500))),
});

/** The society profile for staff: everyone reads it, only admins change it. */
const routes: Record<string, StaffRoute> = {
  'GET /api/society-profile': async (_event, deps) => json(200, await viewSocietyProfile(deps)),
  'PUT /api/society-profile': async (event, deps, principal) => {
    assertMayEditSocietyProfile(principal);
    return json(200, await saveSocietyProfile(deps, principal, validate(profileSchema, parseJson(event))));
  },
};

export const SOCIETY_PROFILE_ROUTE_KEYS = Object.keys(routes);

export const createSocietyProfileApiHandler = (getDeps: () => AppDependencies) =>
  staffRoutesFunction(getDeps, routes);

export const handler = createSocietyProfileApiHandler(lambdaDependencies(awsStaffTokens, auditPart));
