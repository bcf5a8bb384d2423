import { afterAll, beforeAll, expect } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import type { Ticket } from '../../shared/domain/ticket.ts';
import { getJson, postJson, signIn, startTestRuntime } from './runtime.ts';

export const DAY = 86_400_000;

/**
 * One runtime per survey test file, whose clock runs with real time shifted by `clockOffset` (to let survey
 * links expire), with the staff tokens and beneficiary actions the survey tests share.
 */
export function useSurveyRuntime() {
  let runtime: LocalRuntime | undefined;
  let clockOffset = 0;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    runtime = await startTestRuntime({ clock: { now: () => new Date(Date.now() + clockOffset) } });
    for (const who of ['supervisor', 'manager', 'researcher', 'committee'])
      tokens[who] = await signIn(runtime, `${who}@sanad.local`);
  });
  afterAll(async () => {
    await runtime?.close();
  });

  const live = (): LocalRuntime => {
    if (!runtime) throw new Error('The survey runtime has not started');
    return runtime;
  };

  let phoneSeq = 0;
  let smsSeq = 0;

  /** A received SMS as AWS End User Messaging publishes it (locally POST /local/sms). */
  async function receiveSms(from: string, text: string, inboundMessageId = `survey-sms-${++smsSeq}`) {
    const result = await postJson(`${live().url}/local/sms`, {
      originationNumber: from,
      destinationNumber: '+966112345678',
      messageKeyword: 'KEYWORD_966112345678',
      messageBody: text,
      inboundMessageId,
    });
    expect(result.status).toBe(202);
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

  const smsTextsTo = (phone: string) =>
    live()
      .outbox.list('sms')
      .filter((entry) => entry.to === phone)
      .map((entry) => String(JSON.parse(entry.payload).text));

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
