import { describe, expect, it } from 'vitest';
import { canSeeQueue, canWriteInQueue } from '../../shared/domain/access-policy.ts';
import { toLatinDigits } from '../../shared/domain/digits.ts';
import { normaliseNationalId } from '../../shared/domain/national-id.ts';
import { normalisePhone } from '../../shared/domain/phone.ts';
import { findReference, formatReference, isReference } from '../../shared/domain/reference.ts';
import type { Principal } from '../../shared/domain/staff.ts';
import { isActive, previewOf } from '../../shared/domain/ticket.ts';

describe('ticket references', () => {
  it('are SND-YYYY-NNNNNN with the sequence zero-padded', () => {
    expect(formatReference(2026, 123)).toBe('SND-2026-000123');
    expect(isReference('SND-2026-000123')).toBe(true);
    expect(isReference('SND-26-1')).toBe(false);
  });

  it('are found inside a reply subject token', () => {
    expect(findReference('Re: طلب دعم [#SND-2026-000123]')).toBe('SND-2026-000123');
    expect(findReference('no reference here')).toBeUndefined();
  });
});

describe('phone numbers', () => {
  it.each([
    ['0501234567', '+966501234567'],
    ['966501234567', '+966501234567'],
    ['+966 50 123 4567', '+966501234567'],
    ['00966501234567', '+966501234567'],
    ['٠٥٠١٢٣٤٥٦٧', '+966501234567'],
    ['+201001234567', '+201001234567'],
  ])('normalises %s to %s', (input, expected) => {
    expect(normalisePhone(input)).toBe(expected);
  });

  it.each(['123', 'abc', '05012', ''])('refuses %j', (input) => {
    expect(normalisePhone(input)).toBeUndefined();
  });
});

describe('national id / iqama', () => {
  it('accepts ten digits starting with 1 or 2 whose checksum holds, in any digits', () => {
    expect(normaliseNationalId('1000000008')).toBe('1000000008');
    expect(normaliseNationalId('2000000006')).toBe('2000000006');
    expect(normaliseNationalId('١٠٠٠٠٠٠٠٠٨')).toBe('1000000008');
    expect(normaliseNationalId('٢٠٠٠٠٠٠٠٠٦')).toBe('2000000006');
    expect(normaliseNationalId('۱۰۰۰۰۰۰۰۰۸')).toBe('1000000008');
    expect(normaliseNationalId(' 1000 000 008 ')).toBe('1000000008');
  });

  it('refuses a wrong checksum, a wrong first digit or a wrong length', () => {
    expect(normaliseNationalId('1000000009')).toBeUndefined();
    expect(normaliseNationalId('3000000004')).toBeUndefined();
    expect(normaliseNationalId('100000000')).toBeUndefined();
    expect(normaliseNationalId('١٠٠٠٠٠٠٠٠٩')).toBeUndefined();
    expect(normaliseNationalId('10000000080')).toBeUndefined();
  });
});

describe('text helpers', () => {
  it('turns Arabic-Indic and Persian digits into Latin ones', () => {
    expect(toLatinDigits('رقم ١٢٣ و ۴۵۶')).toBe('رقم 123 و 456');
  });

  it('previews a message on one line, cut with an ellipsis', () => {
    expect(previewOf('سطر أول\n\nسطر ثان')).toBe('سطر أول سطر ثان');
    expect(previewOf('أ \u0000 ب\u0007')).toBe('أ ب');
    expect(previewOf('أ'.repeat(500))).toHaveLength(140);
  });

  it('knows which statuses still need work', () => {
    expect(isActive('pending_beneficiary')).toBe(true);
    expect(isActive('resolved')).toBe(false);
  });
});

describe('queue access', () => {
  const principal = (roles: Principal['roles'], queueIds: string[] = []): Principal => ({
    userId: 'u',
    email: 'u@x',
    name: 'u',
    roles,
    queueIds,
  });

  it('lets members see and write in their own queues only', () => {
    const agent = principal(['agent'], ['beneficiary-relations']);
    expect(canSeeQueue(agent, 'beneficiary-relations')).toBe(true);
    expect(canSeeQueue(agent, 'research-committee')).toBe(false);
    expect(canWriteInQueue(agent, 'beneficiary-relations')).toBe(true);
  });

  it('lets managers read every queue but write in none', () => {
    const manager = principal(['manager']);
    expect(canSeeQueue(manager, 'research-committee')).toBe(true);
    expect(canWriteInQueue(manager, 'research-committee')).toBe(false);
  });
});
