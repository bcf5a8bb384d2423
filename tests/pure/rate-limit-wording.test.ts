import { describe, expect, it } from 'vitest';
import { RateLimitedError } from '../../shared/domain/errors.ts';
import { enforceRateLimits, waitWording } from '../../shared/use-cases/rate-limits.ts';

describe('how long to wait after too many requests', () => {
  it.each([
    [30, 'دقيقة واحدة', '1 minute'],
    [60, 'دقيقة واحدة', '1 minute'],
    [61, 'دقيقتين', '2 minutes'],
    [6 * 60, '٦ دقائق', '6 minutes'],
    [10 * 60, '١٠ دقائق', '10 minutes'],
    [11 * 60, '١١ دقيقة', '11 minutes'],
    [59 * 60, '٥٩ دقيقة', '59 minutes'],
    [60 * 60, 'ساعة واحدة', '1 hour'],
    [61 * 60, 'ساعتين', '2 hours'],
    [577 * 60, '١٠ ساعات', '10 hours'],
    [11 * 3600, '١١ ساعة', '11 hours'],
    [24 * 3600, '٢٤ ساعة', '24 hours'],
  ])('%i seconds reads as %s', (seconds, ar, en) => {
    expect(waitWording(seconds)).toEqual({ ar, en });
  });

  it('is said in the plural register and the Arabic-Indic digits of the public pages', async () => {
    const limiter = {
      hit: async () => ({ allowed: false as const, retryAfterSeconds: 6 * 60 }),
      giveBack: async () => {},
    };
    const refused = await enforceRateLimits(limiter, new Date(), [
      [{ name: 'status-code-phone', max: 3, windowSeconds: 900 }, '+966551234567'],
    ]).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect(refused).toMatchObject({
      message: 'Too many requests; try again in 6 minutes',
      retryAfterSeconds: 360,
      details: { messageAr: 'تجاوزتم عدد المحاولات المسموح بها، حاولوا مرة أخرى بعد ٦ دقائق' },
    });
  });
});
