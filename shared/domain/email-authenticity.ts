/**
 * Whether a received mail really comes from the domain in its From: header, from the receiving service's
 * SPF/DKIM/DMARC verdicts (SES's receipt). Pure, so the rules can be read and tested as a table.
 */

/** SES's verdict values; `DISABLED` when the check is off for the rule. */
export type AuthVerdict = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED' | 'DISABLED';

export interface MailAuthentication {
  spf?: AuthVerdict;
  dkim?: AuthVerdict;
  dmarc?: AuthVerdict;
  /** The sending domain's DMARC policy; SES gives it only when DMARC failed. */
  dmarcPolicy?: string;
  /** The envelope sender's domain (what SPF checked). */
  spfDomain?: string;
  /** The domains of the DKIM signatures that passed (d= / i=), as the receiving service reported them. */
  dkimDomains?: string[];
}

/** What the local SMTP port knows: nothing checked, so nothing vouched for. */
export const UNAUTHENTICATED: MailAuthentication = {};

export type EmailAuthenticity =
  /** The From: domain is proven: the sender's identity is verified. */
  | { kind: 'verified'; by: 'dmarc' | 'aligned_spf' | 'aligned_dkim' }
  /** Nothing proves the From: address, nothing disproves it: the identity is only claimed. */
  | { kind: 'unverified' }
  /** The From: domain's own policy says this mail is not theirs: kept aside, never a ticket message. */
  | { kind: 'quarantine'; reason: 'dmarc_fail' };

/**
 * DMARC decides when it has a verdict. Without one (no DMARC record: GRAY, or the check failed) an SPF or DKIM
 * pass counts only for the From: domain itself (relaxed alignment), since anyone can pass SPF for their own domain.
 */
export function emailAuthenticity(auth: MailAuthentication, fromAddress: string): EmailAuthenticity {
  if (auth.dmarc === 'FAIL') return { kind: 'quarantine', reason: 'dmarc_fail' };
  if (auth.dmarc === 'PASS') return { kind: 'verified', by: 'dmarc' };
  const fromDomain = domainOf(fromAddress);
  if (!fromDomain) return { kind: 'unverified' };
  if (auth.spf === 'PASS' && auth.spfDomain && aligned(auth.spfDomain, fromDomain)) {
    return { kind: 'verified', by: 'aligned_spf' };
  }
  if (auth.dkim === 'PASS' && (auth.dkimDomains ?? []).some((domain) => aligned(domain, fromDomain))) {
    return { kind: 'verified', by: 'aligned_dkim' };
  }
  return { kind: 'unverified' };
}

/**
 * Relaxed alignment without a public-suffix list: the same domain, or one a subdomain of the other. Stricter
 * than DMARC's organisational domain for sibling subdomains, never looser.
 */
export function aligned(a: string, b: string): boolean {
  const x = normaliseDomain(a);
  const y = normaliseDomain(b);
  if (!x || !y) return false;
  return x === y || x.endsWith(`.${y}`) || y.endsWith(`.${x}`);
}

export function domainOf(address: string): string | undefined {
  const at = address.lastIndexOf('@');
  return at < 0 ? normaliseDomain(address) : normaliseDomain(address.slice(at + 1));
}

function normaliseDomain(value: string): string | undefined {
  const domain = value
    .trim()
    .replace(/^@/, '')
    .replace(/[>.\s]+$/, '')
    .toLowerCase();
  // A bare top-level label (`com`) would align with everything under it.
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain) ? domain : undefined;
}

/**
 * The passing DKIM signatures' domains from the receiving service's own `Authentication-Results` header (RFC
 * 8601). Only the first header stamped by `authservId` is read: it is prepended on receipt, so a header the sender
 * wrote (further down) can never speak for it.
 */
export function passingDkimDomains(
  headers: readonly { name: string; value: string }[],
  authservId: string,
): string[] {
  const ours = headers.find(
    (header) =>
      header.name.toLowerCase() === 'authentication-results' &&
      header.value.trim().toLowerCase().startsWith(`${authservId.toLowerCase()};`),
  );
  if (!ours) return [];
  return ours.value
    .split(';')
    .map((part) => part.trim())
    .filter((result) => /^dkim=pass\b/i.test(result))
    .map((result) => result.match(/header\.[di]=(?:[^@\s;]*@)?([^\s;]+)/i)?.[1])
    .filter((domain): domain is string => Boolean(domain));
}
