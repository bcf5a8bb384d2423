import type { InboundContact } from '../domain/inbound-contact.ts';
import { PUBLIC_LIMITS } from '../domain/public-limits.ts';
import { APPLY_BY_FORM_NOTICE, supportRequestFormLink } from '../domain/support-application.ts';
import type { RateLimiter } from '../ports/rate-limiter.ts';
import { ingestContact } from './ingest-contact.ts';
import type { IngestDeps, IngestResult } from './ingest-deps.ts';
import { admission, fromClient } from './rate-limits.ts';

export type WebContactDeps = IngestDeps & { rateLimiter: RateLimiter; publicSiteUrl: string };

/** A contact asking for support is answered with the application form's link: it opens no case by itself. */
export type WebContactResult = IngestResult & { applicationForm?: { url: string; message: string } };

/**
 * The website's contact form: counted per client address and per phone or email it names, so nobody floods the
 * inbox or buries a beneficiary's phone under forms. Its limits are counted while it is looked up (one round
 * trip); a retried submission gives its count back and is answered with its ticket, over the limit or not.
 */
export async function receiveWebContact(
  deps: WebContactDeps,
  inbound: InboundContact,
  clientIp: string | undefined,
): Promise<WebContactResult> {
  const result = await ingestContact(
    deps,
    inbound,
    admission(deps.rateLimiter, deps.clock.now(), [
      [PUBLIC_LIMITS.contactsPerIp, clientIp],
      ...inbound.identities.map(
        (identity) =>
          [
            PUBLIC_LIMITS.contactsPerAddress,
            fromClient(`${identity.kind}:${identity.value}`, clientIp),
          ] as const,
      ),
    ]),
  );
  return inbound.type === 'support_request'
    ? {
        ...result,
        applicationForm: {
          url: supportRequestFormLink(deps.publicSiteUrl),
          message: APPLY_BY_FORM_NOTICE[inbound.language === 'en' ? 'en' : 'ar'],
        },
      }
    : result;
}
