/** Fields people type, as every route reads them: what only looks filled is as blank as nothing. */
import * as z from 'zod/mini';
import { isBlank } from '../../shared/domain/typed-text.ts';

/** A text field one may leave empty: blank is absent. */
export const optionalText = (max: number) =>
  z.pipe(
    z.optional(z.string().check(z.trim(), z.maxLength(max))),
    z.transform((value) => (value === '' ? undefined : value)),
  );

/**
 * A line a person must fill in (a name, a subject): what only looks filled (zero-width or direction characters,
 * combining marks or tatweel alone) is as blank as nothing, and a control character is refused.
 */
export const requiredLine = (min: number, max: number) =>
  z.string().check(
    z.trim(),
    z.refine((value) => !isBlank(value), { message: 'required', abort: true }),
    z.refine((value) => !/\p{Cc}/u.test(value), { message: 'invalid_value', abort: true }),
    z.minLength(min),
    z.maxLength(max),
  );

/** Control characters but the line breaks and tabs a message keeps. */
const STRAY_CONTROLS = /(?![\n\t])\p{Cc}/gu;

/** A message a person must write: blank as a line is; control characters but line breaks and tabs are removed. */
export const requiredMessage = (min: number, max: number) =>
  z.string().check(
    z.overwrite((value) => value.replace(/\r\n?/g, '\n').replace(STRAY_CONTROLS, '')),
    z.trim(),
    z.refine((value) => !isBlank(value), { message: 'required', abort: true }),
    z.minLength(min),
    z.maxLength(max),
  );
