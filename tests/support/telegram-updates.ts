/** When the Telegram messages of the tests were sent (Unix seconds). */
const SENT_AT = 1795570000;

/**
 * A Telegram update of a message a beneficiary sent the bot in a private chat (the chat's id is the sender's);
 * `content` is what the message carries (text, caption, photo...).
 */
export function privateTelegramUpdate(
  updateId: number,
  messageId: number,
  sender: { chat: number; firstName: string },
  content: Record<string, unknown>,
) {
  return {
    update_id: updateId,
    message: {
      message_id: messageId,
      from: { id: sender.chat, is_bot: false, first_name: sender.firstName },
      chat: { id: sender.chat, first_name: sender.firstName, type: 'private' },
      date: SENT_AT,
      ...content,
    },
  };
}
