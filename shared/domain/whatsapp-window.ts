/** WhatsApp lets a business answer freely for 24 hours after the customer's last message; after that, only templates. */
export const WHATSAPP_SERVICE_WINDOW_MS = 24 * 3_600_000;

export interface WhatsAppWindow {
  open: boolean;
  /** When free-form replies stop being allowed (absent when the beneficiary never wrote on WhatsApp). */
  closesAt?: string;
}

export function whatsappWindow(lastInboundOnWhatsApp: string | undefined, now: Date): WhatsAppWindow {
  if (!lastInboundOnWhatsApp) return { open: false };
  const closesAt = new Date(Date.parse(lastInboundOnWhatsApp) + WHATSAPP_SERVICE_WINDOW_MS);
  return { open: now < closesAt, closesAt: closesAt.toISOString() };
}
