import { describe, expect, it, vi } from 'vitest';
import { errorResponse } from '../../functions/lib/http.ts';
import { logger } from '../../functions/lib/observability.ts';
import * as errors from '../../shared/domain/errors.ts';
import { fieldError } from '../../shared/domain/field-messages.ts';
import { DeliveryInProgressError } from '../../shared/use-cases/ingest-contact.ts';

describe('domain errors at the HTTP edge', () => {
  it.each([
    [new errors.ValidationError([fieldError('name', 'required')]), 400, 'validation_failed'],
    [new errors.UnauthorizedError(), 401, 'unauthorized'],
    [new errors.ForbiddenError(), 403, 'forbidden'],
    [new errors.NotFoundError('Ticket'), 404, 'not_found'],
    [new errors.ConflictError('Closed'), 409, 'conflict'],
    [new errors.GoneError('Used'), 410, 'gone'],
    [new errors.UnsupportedMediaTypeError(['application/json']), 415, 'unsupported_media_type'],
    [new errors.RateLimitedError(), 429, 'rate_limited'],
  ])('%s answers %i with its code', (error, status, code) => {
    const response = errorResponse(error);
    expect(response.statusCode).toBe(status);
    expect(JSON.parse(response.body ?? '{}')).toMatchObject({ error: code, message: error.message });
  });

  it('a sender whose first message is still being written is a 409 with Retry-After', () => {
    const response = errorResponse(new DeliveryInProgressError());
    expect(response.statusCode).toBe(409);
    expect(response.headers).toMatchObject({ 'retry-after': '5' });
  });

  it('anything else is a plain 500 that shows no stack', () => {
    const logged = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    const response = errorResponse(new TypeError('x is undefined at secret.ts:12'));
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('secret.ts');
    expect(logged).toHaveBeenCalledOnce();
    logged.mockRestore();
  });
});
