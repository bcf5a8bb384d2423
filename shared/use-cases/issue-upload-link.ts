import type { Ticket } from '../domain/ticket.ts';
import { hashUploadToken, newUploadToken, uploadLinkUrl } from '../domain/upload-link.ts';
import type { UploadLinkStore } from '../ports/upload-links.ts';

export interface UploadLinkIssuer {
  uploadLinks: Pick<UploadLinkStore, 'putUploadLink'>;
  publicSiteUrl: string;
}

/**
 * A new single-use link for the applicant to upload what is missing, good until `validUntil`: only its token's
 * hash is kept, so the link exists nowhere but where it is given (a text, or the status page after its code).
 */
export async function issueUploadLink(
  deps: UploadLinkIssuer,
  ticket: Pick<Ticket, 'id' | 'reference' | 'supportCase'>,
  missing: string,
  now: Date,
  validUntil: string,
): Promise<string> {
  const token = newUploadToken();
  await deps.uploadLinks.putUploadLink({
    tokenHash: await hashUploadToken(token),
    ticketId: ticket.id,
    reference: ticket.reference,
    missing,
    createdAt: now.toISOString(),
    validUntil,
    ...(ticket.supportCase?.verification?.at && { round: ticket.supportCase.verification.at }),
  });
  return uploadLinkUrl(deps.publicSiteUrl, token);
}
