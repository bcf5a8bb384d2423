import type { InboundContact } from '../domain/inbound-contact.ts';
import { optOutCommand } from '../domain/sms-opt-out.ts';
import { type OptOutDeps, recordSmsOptOutWord } from './opt-outs.ts';
import { type ReceiveDeps, receiveBeneficiaryMessage } from './receive-beneficiary-message.ts';

export type ReceiveSmsDeps = ReceiveDeps & OptOutDeps & { store: ReceiveDeps['store'] & OptOutDeps['store'] };

export interface ReceivedSms {
  outcome: string;
  ticketId?: string;
  /** The text was only STOP / إيقاف or START / اشتراك: recorded, never a ticket. */
  optOutWord: boolean;
}

/** A received SMS, whichever provider delivered it: an opt-out word is recorded, anything else is taken in. */
export async function receiveSms(deps: ReceiveSmsDeps, inbound: InboundContact): Promise<ReceivedSms> {
  const command = optOutCommand(inbound.text);
  if (command) {
    const { outcome, ticketId } = await recordSmsOptOutWord(deps, inbound, command);
    return { outcome, ticketId, optOutWord: true };
  }
  const { outcome, ticketId } = await receiveBeneficiaryMessage(deps, inbound);
  return { outcome, ticketId, optOutWord: false };
}
