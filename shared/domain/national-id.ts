import { toLatinDigits } from './digits.ts';

/**
 * A Saudi national id (starts with 1) or iqama (starts with 2): ten digits whose Luhn checksum holds.
 * Returns the id in Latin digits, or undefined when it is not valid.
 */
export function normaliseNationalId(input: string): string | undefined {
  const id = plainId(input);
  return /^[12]\d{9}$/.test(id) && checksumHolds(id) ? id : undefined;
}

/**
 * Why an id is refused, so the person knows what to fix: the wrong shape (not ten digits starting with 1 or 2),
 * or the right shape with a digit that cannot be right (the check digit fails: usually one digit mistyped).
 */
export function nationalIdProblem(
  input: string,
): 'invalid_national_id' | 'national_id_digit_wrong' | undefined {
  const id = plainId(input);
  if (!/^[12]\d{9}$/.test(id)) return 'invalid_national_id';
  return checksumHolds(id) ? undefined : 'national_id_digit_wrong';
}

function plainId(input: string): string {
  return toLatinDigits(input).replace(/[\s-]/g, '');
}

/** The Luhn checksum over the ten digits. */
function checksumHolds(id: string): boolean {
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
  return sum % 10 === 0;
}
