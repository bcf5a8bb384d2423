import { expect } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import type { Ticket } from '../../shared/domain/ticket.ts';
import { receiveSms as receiveSmsOn, smsTextsTo as smsTextsOn } from './local-sms.ts';
import { getJson, postJson } from './runtime.ts';
import { useStaffRuntime } from './staff-runtime.ts';

export const DAY = 86_400_000;

/**
 * One runtime per survey test file, whose clock runs with real time shifted by `clockOffset` (to let survey
 * links expire), with the staff tokens and beneficiary actions the survey tests share.
 */
export function useSurveyRuntime() {
  let clockOffset = 0;
  const staff = useStaffRuntime(['supervisor', 'manager', 'researcher', 'committee'], {
    clock: { now: () => new Date(Date.now() + clockOffset) },
  });
  const { tokens } = staff;

  const live = (): LocalRuntime => {
    if (!staff.runtime) throw new Error('The survey runtime has not started');
    return staff.runtime;
  };

  let phoneSeq = 0;
  let smsSeq = 0;

  /** A received SMS, under a new id unless a redelivery of one is meant; answers the id. */
  async function receiveSms(from: string, text: string, inboundMessageId = `survey-sms-${++smsSeq}`) {
    await receiveSmsOn(live(), from, text, inboundMessageId);
    return inboundMessageId;
  }

  async function setStatus(ticketId: string, status: Ticket['status']) {
    const response = await fetch(`${live().url}/api/tickets/${ticketId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.supervisor}` },
      body: JSON.stringify({ status }),
    });
    expect(response.status).toBe(200);
  }

  const smsTextsTo = (phone: string) => smsTextsOn(live(), phone);

  const invitationsTo = (phone: string) =>
    smsTextsTo(phone).filter((text) => text.includes('/public/surveys/'));

  return {
    get runtime() {
      return live();
    },
    tokens,
    /** Moves the runtime's clock this far ahead of real time. */
    shiftClock(by: number) {
      clockOffset = by;
    },
    /** A new beneficiary's phone, local and E.164. */
    aPhone() {
      phoneSeq += 1;
      const local = `0557${String(phoneSeq).padStart(6, '0')}`;
      return { local, e164: `+966${local.slice(1)}` };
    },
    receiveSms,
    async ticketFromSms(phone: string, text = 'السلام عليكم، متى تصرف السلة الغذائية؟'): Promise<string> {
      const id = await receiveSms(phone, text);
      const guard = (await live().deps.store.lookupInbound('sms', id, [])).guard;
      if (!guard) throw new Error('the SMS made no ticket');
      return guard.outcome?.ticketId as string;
    },
    setStatus,
    smsTextsTo,
    invitationsTo,
    /** Resolves the ticket and returns the link of the invitation that the survey sender sent for it. */
    async resolveAndGetLink(ticketId: string, phone: string): Promise<{ link: string; token: string }> {
      await setStatus(ticketId, 'resolved');
      await live().settled();
      const [text] = invitationsTo(phone);
      const link = /(https?:\/\/\S+\/public\/surveys\/([A-Za-z0-9_-]{43}))/.exec(text ?? '');
      if (!link?.[1] || !link[2]) throw new Error(`no survey link in: ${text}`);
      return { link: link[1], token: link[2] };
    },
    answer: (token: string, body: unknown) => postJson(`${live().url}/public/surveys/${token}`, body),
    state: (token: string) => getJson(`${live().url}/public/surveys/${token}/state`),
    async threadOf(ticketId: string) {
      const thread = await live().deps.store.getTicketWithThread(ticketId);
      if (!thread) throw new Error(`no ticket ${ticketId}`);
      return thread;
    },
  };
}
