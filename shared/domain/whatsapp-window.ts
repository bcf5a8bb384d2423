/** The inbox's name for the WhatsApp service window; the window itself is a channel trait (`serviceWindow`). */
export type { ServiceWindow as WhatsAppWindow } from './channel.ts';
