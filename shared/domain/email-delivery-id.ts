/**
 * A received mail's duplicate-guard id is its Message-ID followed by `#` and a digest of its sender (see the email
 * parser): a Message-ID is chosen by whoever sends the mail, so on its own a stranger reusing a beneficiary's
 * Message-ID would be dropped as a "duplicate". The Message-ID stays first and readable, so threading pointers
 * and our replies' In-Reply-To still name it.
 */
export function messageIdOfDelivery(value: string): string | undefined {
  return value.trim().match(/^<[^<>\s]+@[^<>\s]+>/)?.[0];
}
