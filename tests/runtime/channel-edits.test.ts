import { describe, expect, it } from 'vitest';
import { messengerWebhook } from '../../infra/local/provider-payloads.ts';
import { useWebhookItems } from '../support/webhook-items.ts';

const w = useWebhookItems();
const { meta, whatsappBatch, fromMunira, telegram, telegramMessage, messageOf } = w;

describe('edits and deletions a webhook carries', () => {
  it('shows a WhatsApp edit and a deletion (WhatsApp Business app numbers) on the messages they change', async () => {
    await meta(
      'whatsapp',
      whatsappBatch([
        fromMunira('wamid.TO-EDIT', { type: 'text', text: { body: 'رقم هويتي 1012345678' } }),
        fromMunira('wamid.TO-REVOKE', {
          type: 'image',
          image: { id: 'media-revoked', mime_type: 'image/jpeg', caption: 'صورة الهوية' },
        }),
      ]),
    );
    const later = (id: string, seconds: number, fields: Record<string, unknown>) => ({
      ...fromMunira(id, fields),
      timestamp: String(1795570300 + seconds),
    });
    const changed = await meta(
      'whatsapp',
      whatsappBatch([
        later('wamid.EDIT-1', 60, {
          type: 'edit',
          edit: {
            original_message_id: 'wamid.TO-EDIT',
            message: {
              context: { id: 'wamid.TO-EDIT' },
              type: 'text',
              text: { body: 'رقم هويتي 1012345679' },
            },
          },
        }),
        later('wamid.REVOKE-1', 90, { type: 'revoke', revoke: { original_message_id: 'wamid.TO-REVOKE' } }),
      ]),
    );
    expect(changed).toMatchObject({ status: 200, body: { outcomes: ['edited', 'edited'] } });
    expect(await messageOf('whatsapp', 'wamid.TO-EDIT')).toMatchObject({
      text: 'رقم هويتي 1012345679',
      edits: [{ text: 'رقم هويتي 1012345678' }],
    });
    expect(await messageOf('whatsapp', 'wamid.TO-REVOKE')).toMatchObject({
      text: '(سحب المرسل هذه الرسالة)',
      edits: [{ text: 'صورة الهوية' }],
    });
    // Neither became a message of its own.
    for (const id of ['wamid.EDIT-1', 'wamid.REVOKE-1'])
      expect(await w.runtime.deps.messages.findByProviderId('whatsapp', id)).toBeUndefined();
  });

  it('shows a Telegram edit as an edit of the original message, keeping what it said before', async () => {
    await telegram({ update_id: 5001, message: telegramMessage(11, { text: 'رقم هويتي 1012345678' }) });
    const edit = (text: string, editDate: number, updateId: number) =>
      telegram({ update_id: updateId, edited_message: telegramMessage(11, { text, edit_date: editDate }) });
    expect((await edit('رقم هويتي 1012345679', 1795570500, 5002)).body).toMatchObject({ outcome: 'edited' });
    await edit('رقم هويتي 1012345670', 1795570600, 5003);
    const message = await messageOf('telegram', '700119001:11');
    expect(message).toMatchObject({
      text: 'رقم هويتي 1012345670',
      editedAt: new Date(1795570600 * 1000).toISOString(),
      edits: [
        { text: 'رقم هويتي 1012345678', at: new Date(1795570400 * 1000).toISOString() },
        { text: 'رقم هويتي 1012345679', at: new Date(1795570500 * 1000).toISOString() },
      ],
    });
    // The inbox's row says what the message says now: the subject made from it and its preview.
    const pointer = await w.runtime.deps.messages.findByProviderId('telegram', '700119001:11');
    expect(await w.runtime.deps.store.getTicket(pointer?.ticketId ?? '')).toMatchObject({
      subject: 'رقم هويتي 1012345670',
      preview: 'رقم هويتي 1012345670',
    });
    // A row whose update died with the first delivery catches up when Telegram delivers the edit again.
    await w.runtime.deps.store.updateTicket(pointer?.ticketId ?? '', (ticket) => ({
      ...ticket,
      subject: 'رقم هويتي 1012345679',
      preview: 'رقم هويتي 1012345679',
    }));
    expect((await edit('رقم هويتي 1012345670', 1795570600, 5005)).body).toMatchObject({
      outcome: 'unchanged',
    });
    expect(await w.runtime.deps.store.getTicket(pointer?.ticketId ?? '')).toMatchObject({
      subject: 'رقم هويتي 1012345670',
      preview: 'رقم هويتي 1012345670',
    });
    // Telegram resends the first edit: the later wording stays, and the history holds each edit once.
    expect((await edit('رقم هويتي 1012345679', 1795570500, 5004)).body).toMatchObject({
      outcome: 'stale_edit',
    });
    expect(await messageOf('telegram', '700119001:11')).toMatchObject({
      text: 'رقم هويتي 1012345670',
      edits: [expect.anything(), expect.anything()],
    });
  });

  it('asks Telegram to deliver again an edit that overtook its message (updates come over many connections at once)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const message = (fields: Record<string, unknown>) =>
      telegramMessage(61, { chat: { id: 700119061, type: 'private' }, date: now - 30, ...fields });
    const edit = { update_id: 5302, edited_message: message({ text: 'أحتاج كرسيا متحركا', edit_date: now }) };
    expect(await telegram(edit)).toMatchObject({ status: 503 });
    await telegram({ update_id: 5301, message: message({ text: 'أحتاج كرسيا' }) });
    // Telegram resends what it was not answered 2xx.
    expect((await telegram(edit)).body).toMatchObject({ outcome: 'edited' });
    expect(await messageOf('telegram', '700119061:61')).toMatchObject({
      text: 'أحتاج كرسيا متحركا',
      edits: [{ text: 'أحتاج كرسيا' }],
    });
  });

  it('answers copies of one Messenger edit arriving together 200, recording the edit once', async () => {
    const sender = 'PSID-EDIT-COPIES';
    await meta(
      'messenger',
      messengerWebhook(sender, 1795570700000, { mid: 'm_EDIT-COPIES', text: 'عنواني حي النسيم' }),
    );
    const edit = {
      object: 'page',
      entry: [
        {
          id: 'PAGE-1',
          time: 1795570800000,
          messaging: [
            {
              sender: { id: sender },
              recipient: { id: 'PAGE-1' },
              timestamp: 1795570800000,
              message_edit: { mid: 'm_EDIT-COPIES', text: 'عنواني حي الملز' },
            },
          ],
        },
      ],
    };
    const answers = await Promise.all(Array.from({ length: 6 }, () => meta('messenger', edit)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(6).fill(200));
    const outcomes = answers.flatMap((answer) => answer.body.outcomes as string[]);
    expect(outcomes.filter((outcome) => outcome === 'edited')).toHaveLength(1);
    expect(await messageOf('messenger', 'm_EDIT-COPIES')).toMatchObject({
      text: 'عنواني حي الملز',
      edits: [{ text: 'عنواني حي النسيم' }],
    });
  });

  it('asks Meta to deliver again an edit that overtook its message, and keeps aside one whose message never comes', async () => {
    const sender = 'PSID-EDIT-AHEAD';
    const editOf = (mid: string, at: number, text: string) => ({
      object: 'page',
      entry: [
        {
          id: 'PAGE-1',
          time: at,
          messaging: [
            {
              sender: { id: sender },
              recipient: { id: 'PAGE-1' },
              timestamp: at,
              message_edit: { mid, text },
            },
          ],
        },
      ],
    });
    const now = Date.now();
    const edit = editOf('m_EDIT-AHEAD', now, 'أحتاج سلة غذائية وحليب أطفال');
    expect((await meta('messenger', edit)).status).toBe(503);
    await meta(
      'messenger',
      messengerWebhook(sender, now - 5_000, { mid: 'm_EDIT-AHEAD', text: 'أحتاج سلة' }),
    );
    expect((await meta('messenger', edit)).body).toMatchObject({ outcomes: ['edited'] });
    expect(await messageOf('messenger', 'm_EDIT-AHEAD')).toMatchObject({
      text: 'أحتاج سلة غذائية وحليب أطفال',
      edits: [{ text: 'أحتاج سلة' }],
    });

    const letters = w.runtime.deadLetters.letters.length;
    const stale = await meta('messenger', editOf('m_NEVER-CAME', now - 3_600_000, 'نص معدل'));
    expect(stale).toMatchObject({ status: 200, body: { outcomes: ['dead-lettered'] } });
    const update = {
      update_id: 5201,
      edited_message: telegramMessage(404, { text: 'معدل', edit_date: 1795570500 }),
    };
    expect((await telegram(update)).body).toMatchObject({ outcome: 'dead-lettered' });
    expect(w.runtime.deadLetters.letters.slice(letters).map((letter) => letter.source)).toEqual([
      'webhook-messenger',
      'webhook-telegram',
    ]);
  });
});
