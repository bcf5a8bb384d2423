/**
 * A received mail's duplicate-guard id is its Message-ID followed by `#` and a digest of its sender (see the email
 * parser): a Message-ID is chosen by whoever sends the mail, so on its own a stranger reusing a beneficiary's
 * Message-ID would be dropped as a "duplicate". The Message-ID stays readable, so threading pointers and our
 * replies' In-Reply-To still name it.
 */
export function messageIdOfDelivery(value: string): string | undefined {
  return value
    .trim()
    .replace(UNVERIFIED_PREFIX, '')
    .match(/^<[^<>\s]+@[^<>\s]+>/)?.[0];
}

/**
 * Mail from a sender nothing vouches for is marked in its id, so its Message-ID never becomes a threading pointer:
 * a stranger reusing a beneficiary's Message-ID must not turn replies naming it towards the stranger's ticket.
 */
export function unverifiedDeliveryId(deliveryId: string): string {
  return UNVERIFIED_PREFIX.test(deliveryId) ? deliveryId : `unverified:${deliveryId}`;
}

/** The Message-ID a received or sent mail may be found by when a reply names it; none for unverified mail. */
export function threadableMessageId(deliveryId: string): string | undefined {
  return UNVERIFIED_PREFIX.test(deliveryId.trim()) ? undefined : messageIdOfDelivery(deliveryId);
}

const UNVERIFIED_PREFIX = /^unverified:/;
