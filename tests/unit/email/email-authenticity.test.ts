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
    [
      'GRAY, SPF pass for the From domain',
      { dmarc: 'GRAY', spf: 'PASS', spfDomain: 'family.example' },
      'verified',
    ],
    [
      'GRAY, SPF pass for a subdomain',
      { dmarc: 'GRAY', spf: 'PASS', spfDomain: 'mail.family.example' },
      'verified',
    ],
    [
      'GRAY, SPF pass for another domain',
      { dmarc: 'GRAY', spf: 'PASS', spfDomain: 'mailer.example' },
      'unverified',
    ],
    [
      'GRAY, SPF fail for the From domain',
      { dmarc: 'GRAY', spf: 'FAIL', spfDomain: 'family.example' },
      'unverified',
    ],
    [
      'GRAY, DKIM pass for the From domain',
      { dmarc: 'GRAY', dkim: 'PASS', dkimDomains: ['family.example'] },
      'verified',
    ],
    [
      'GRAY, DKIM pass for another domain',
      { dmarc: 'GRAY', dkim: 'PASS', dkimDomains: ['mailer.example'] },
      'unverified',
    ],
    ['GRAY, DKIM pass with no domain known', { dmarc: 'GRAY', dkim: 'PASS' }, 'unverified'],
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
