import { describe, expect, it, vi } from 'vitest';
import { logger } from '../../functions/lib/observability.ts';
import { whatsappWebhook } from '../../infra/local/provider-payloads.ts';
import { useWebhookItems } from '../support/webhook-items.ts';

const w = useWebhookItems();

describe('an item that overtook its message', () => {
  it('is asked for again with a warning, not logged as a failure', async () => {
    const warn = vi.spyOn(logger, 'warn');
    const error = vi.spyOn(logger, 'error');
    try {
      const now = Math.floor(Date.now() / 1000);
      const result = await w.meta(
        'whatsapp',
        whatsappWebhook({ waId: '966551239071', name: 'ريم' }, [
          {
            from: '966551239071',
            id: 'wamid.DEFER-1',
            timestamp: String(now),
            type: 'reaction',
            reaction: { message_id: 'wamid.DEFER-AHEAD', emoji: '👍' },
          },
        ]),
      );
      expect(result).toMatchObject({ status: 503 });
      expect(warn).toHaveBeenCalledWith(
        'Webhook entry deferred',
        expect.objectContaining({ source: 'webhook-whatsapp' }),
      );
      expect(error).not.toHaveBeenCalledWith('Webhook entry failed', expect.anything());
    } finally {
      warn.mockRestore();
      error.mockRestore();
    }
  });
});
