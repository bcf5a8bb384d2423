import { toLatinDigits } from './digits.ts';

/**
 * A Saudi national id (starts with 1) or iqama (starts with 2): ten digits whose Luhn checksum holds.
 * Returns the id in Latin digits, or undefined when it is not valid.
 */
export function normaliseNationalId(input: string): string | undefined {
  const id = toLatinDigits(input).replace(/\s/g, '');
  if (!/^[12]\d{9}$/.test(id)) return undefined;
  let sum = 0;
  for (let index = 0; index < 10; index++) {
    const digit = Number(id[index]);
    if (index % 2 === 0) {
      const doubled = digit * 2;
      sum += Math.floor(doubled / 10) + (doubled % 10);
    } else {
      sum += digit;
    }
  }
  return sum % 10 === 0 ? id : undefined;
}
