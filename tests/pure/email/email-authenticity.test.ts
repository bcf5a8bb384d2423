import { describe, expect, it } from 'vitest';
import {
  aligned,
  emailAuthenticity,
  type MailAuthentication,
  passingDkimDomains,
} from '../../../shared/domain/email-authenticity.ts';
import {
  messageIdOfDelivery,
  threadableMessageId,
  unverifiedDeliveryId,
} from '../../../shared/domain/email-delivery-id.ts';

const from = 'umm.khalid@family.example';

describe('email authenticity from the receiving service verdicts', () => {
  it.each<[string, MailAuthentication, string]>([
    ['DMARC pass', { dmarc: 'PASS', spf: 'FAIL', dkim: 'PASS' }, 'verified'],
    [
      'DMARC fail (policy none)',
      { dmarc: 'FAIL', dmarcPolicy: 'none', spf: 'PASS', dkim: 'PASS' },
      'quarantine',
    ],
    ['DMARC fail (reject)', { dmarc: 'FAIL', dmarcPolicy: 'reject' }, 'quarantine'],
    // No DMARC record (GRAY): SPF or DKIM passing for the From domain itself (or a subdomain) vouches for it.
    ...(
      [
        ['SPF pass for the From domain', { spf: 'PASS', spfDomain: 'family.example' }, 'verified'],
        ['SPF pass for a subdomain', { spf: 'PASS', spfDomain: 'mail.family.example' }, 'verified'],
        ['SPF pass for another domain', { spf: 'PASS', spfDomain: 'mailer.example' }, 'unverified'],
        ['SPF fail for the From domain', { spf: 'FAIL', spfDomain: 'family.example' }, 'unverified'],
        ['DKIM pass for the From domain', { dkim: 'PASS', dkimDomains: ['family.example'] }, 'verified'],
        ['DKIM pass for another domain', { dkim: 'PASS', dkimDomains: ['mailer.example'] }, 'unverified'],
        ['DKIM pass with no domain known', { dkim: 'PASS' }, 'unverified'],
      ] satisfies [string, MailAuthentication, string][]
    ).map(([name, auth, kind]): [string, MailAuthentication, string] => [
      `GRAY, ${name}`,
      { dmarc: 'GRAY', ...auth },
      kind,
    ]),
    ['PROCESSING_FAILED everywhere', { dmarc: 'PROCESSING_FAILED', spf: 'PROCESSING_FAILED' }, 'unverified'],
    ['nothing checked (local SMTP)', {}, 'unverified'],
  ])('%s → %s', (_case, auth, kind) => {
    expect(emailAuthenticity(auth, from).kind).toBe(kind);
  });

  it('never aligns with a bare top-level domain or a lookalike suffix', () => {
    expect(aligned('example', 'family.example')).toBe(false);
    expect(aligned('evilfamily.example', 'family.example')).toBe(false);
    expect(aligned('FAMILY.example', 'family.example')).toBe(true);
  });

  it("reads DKIM domains only from the receiving service's own, first, Authentication-Results", () => {
    const headers = [
      { name: 'Received', value: 'from x' },
      {
        name: 'Authentication-Results',
        value: 'amazonses.com; spf=pass; dkim=pass header.i=@gmail.com; dmarc=pass',
      },
      { name: 'Authentication-Results', value: 'amazonses.com; dkim=pass header.d=family.example' },
      { name: 'Authentication-Results', value: 'mx.other.example; dkim=pass header.d=other.example' },
    ];
    expect(passingDkimDomains(headers, 'amazonses.com')).toEqual(['gmail.com']);
    expect(
      passingDkimDomains(
        [
          {
            name: 'authentication-results',
            value: 'amazonses.com; dkim=fail header.d=a.example; dkim=pass header.i=user@b.example',
          },
        ],
        'amazonses.com',
      ),
    ).toEqual(['b.example']);
  });
});

describe("a received mail's delivery id", () => {
  it('names its Message-ID for headers, and for threading pointers only when the sender was verified', () => {
    const id = '<a1@mail.example>#0123456789abcdef';
    expect(messageIdOfDelivery(id)).toBe('<a1@mail.example>');
    expect(threadableMessageId(id)).toBe('<a1@mail.example>');
    const unverified = unverifiedDeliveryId(id);
    expect(unverifiedDeliveryId(unverified)).toBe(unverified);
    expect(messageIdOfDelivery(unverified)).toBe('<a1@mail.example>');
    expect(threadableMessageId(unverified)).toBeUndefined();
    expect(messageIdOfDelivery('sha256:abc')).toBeUndefined();
  });
});
