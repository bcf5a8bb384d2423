/** The domain SES stamps on Message-IDs: `email.amazonses.com` in us-east-1, `<region>.amazonses.com` elsewhere. */
export function sesMessageIdDomain(region: string): string {
  return region === 'us-east-1' ? 'email.amazonses.com' : `${region}.amazonses.com`;
}
