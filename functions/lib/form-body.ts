import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { UnsupportedMediaTypeError, ValidationError } from '../../shared/domain/errors.ts';
import { fieldError } from '../../shared/domain/field-messages.ts';
import { header, parseJson, rawBody } from './http.ts';

/** What a form's fields may come as: JSON (the society's pages), an HTML form's post, or a page's FormData. */
const FORM_MEDIA_TYPES = [
  'application/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
] as const;

/**
 * A form's fields from the body, read by its Content-Type. A body that is a JSON object is read as JSON whatever
 * its label (`curl -d` labels every body a form); a field left empty in a form is a field not given, as it is in
 * JSON; a field sent twice or a file is refused by name, and any other media type with 415.
 */
export async function parseFormFields(event: APIGatewayProxyEventV2): Promise<unknown> {
  const contentType = header(event, 'content-type') ?? '';
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType === '' || mediaType === 'application/json' || mediaType.endsWith('+json'))
    return parseJson(event);
  if (mediaType === 'multipart/form-data') return fieldsOf(await multipartFields(event, contentType));
  const text = rawBody(event);
  if (text.trimStart().startsWith('{')) return parseJson(event);
  if (mediaType === 'application/x-www-form-urlencoded') return fieldsOf(new URLSearchParams(text));
  throw new UnsupportedMediaTypeError(FORM_MEDIA_TYPES);
}

async function multipartFields(event: APIGatewayProxyEventV2, contentType: string): Promise<FormData> {
  const bytes = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  try {
    // The runtime's own multipart reader (fetch's Response), as a browser's FormData writes it.
    return await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new ValidationError([fieldError('body', 'invalid_form')], 'The multipart body cannot be read');
  }
}

function fieldsOf(entries: Iterable<[string, FormDataEntryValue]>): Record<string, string> {
  const fields: Record<string, string> = {};
  const refused: ValidationError['fields'] = [];
  const seen = new Set<string>();
  for (const [name, value] of entries) {
    if (typeof value !== 'string') refused.push(fieldError(name, 'unexpected_file'));
    else if (seen.has(name)) refused.push(fieldError(name, 'repeated_field'));
    else if (value !== '') fields[name] = value;
    seen.add(name);
  }
  if (refused.length > 0) throw new ValidationError(refused);
  return fields;
}
