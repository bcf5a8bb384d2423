import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { parseFormFields } from '../../functions/lib/form-body.ts';
import { UnsupportedMediaTypeError, ValidationError } from '../../shared/domain/errors.ts';

/** An HTTP API (payload 2.0) event as API Gateway hands a POST to Lambda. */
const posted = (body: string, contentType: string | undefined, base64: boolean): APIGatewayProxyEventV2 =>
  ({
    headers: contentType ? { 'content-type': contentType } : {},
    body: base64 ? Buffer.from(body, 'utf8').toString('base64') : body,
    isBase64Encoded: base64,
  }) as unknown as APIGatewayProxyEventV2;

const ENCODED = new URLSearchParams({
  name: 'أم سعد',
  phone: '0551234567',
  email: '',
  note: 'سطر\nثانٍ',
}).toString();

describe('a form’s fields from the body, by its Content-Type', () => {
  it('reads a urlencoded body whether API Gateway passed it as text or as base64, dropping empty fields', async () => {
    for (const base64 of [false, true]) {
      expect(
        await parseFormFields(posted(ENCODED, 'application/x-www-form-urlencoded; charset=UTF-8', base64)),
      ).toEqual({
        name: 'أم سعد',
        phone: '0551234567',
        note: 'سطر\nثانٍ',
      });
    }
  });

  it('reads multipart as a browser’s FormData writes it, from base64', async () => {
    const data = new FormData();
    data.append('name', 'أم سعد');
    data.append('subject', 'استفسار');
    const request = new Request('http://x/', { method: 'POST', body: data });
    const bytes = Buffer.from(await request.arrayBuffer());
    const event = {
      headers: { 'Content-Type': request.headers.get('content-type') },
      body: bytes.toString('base64'),
      isBase64Encoded: true,
    } as unknown as APIGatewayProxyEventV2;
    expect(await parseFormFields(event)).toEqual({ name: 'أم سعد', subject: 'استفسار' });
  });

  it('reads JSON as JSON, labelled or not, and refuses what is neither JSON nor a form', async () => {
    expect(await parseFormFields(posted('{"name":"x"}', undefined, false))).toEqual({ name: 'x' });
    expect(await parseFormFields(posted(' {"name":"x"}', 'text/plain', false))).toEqual({ name: 'x' });
    expect(await parseFormFields(posted('{"name":"x"}', 'application/merge-patch+json', true))).toEqual({
      name: 'x',
    });
    await expect(parseFormFields(posted('name=x', 'text/csv', false))).rejects.toBeInstanceOf(
      UnsupportedMediaTypeError,
    );
    await expect(parseFormFields(posted('name=x', undefined, false))).rejects.toBeInstanceOf(ValidationError);
  });
});
