import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { postJson, signIn } from './runtime.ts';
import { applyOnTheForm, returnForIncomeProof } from './support-request.ts';

/** The last SMS text sent to a phone. */
export function lastTextTo(runtime: LocalRuntime, to: string): string {
  const payload = runtime.outbox
    .list('sms')
    .filter((entry) => entry.to === to)
    .at(-1)?.payload;
  return String(JSON.parse(payload ?? '{}').text);
}

/**
 * The two single-use pages a beneficiary reaches from an SMS: a survey link (an SMS ticket from `phone` resolved)
 * and an upload link (an application returned for a missing document), as paths on the runtime.
 */
export async function beneficiaryLinks(
  runtime: LocalRuntime,
  phone = '+966558800099',
): Promise<{ survey: string; upload: string }> {
  const [supervisor, agent] = [
    await signIn(runtime, 'supervisor@sanad.local'),
    await signIn(runtime, 'agent@sanad.local'),
  ];
  const inboundMessageId = `links-${phone}`;
  await postJson(`${runtime.url}/local/sms`, {
    originationNumber: phone,
    destinationNumber: '+966112345678',
    messageBody: 'السلام عليكم، متى توزيع السلال؟',
    inboundMessageId,
  });
  const lookup = await runtime.deps.store.lookupInbound('sms', inboundMessageId, []);
  const resolved = await fetch(`${runtime.url}/api/tickets/${lookup.guard?.outcome?.ticketId}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${supervisor}` },
    body: JSON.stringify({ status: 'resolved' }),
  });
  if (resolved.status !== 200) throw new Error(`Ticket not resolved: ${resolved.status}`);
  await runtime.settled();
  const survey = /\/public\/surveys\/[A-Za-z0-9_-]{43}/.exec(lastTextTo(runtime, phone))?.[0];

  const application = await applyOnTheForm(runtime);
  const returned = await returnForIncomeProof(runtime, application.id, agent);
  if (returned.status !== 200) throw new Error(`Application not returned: ${returned.status}`);
  await runtime.settled();
  const upload = /\/public\/applications\/[A-Za-z0-9_-]{43}/.exec(
    lastTextTo(runtime, application.phone),
  )?.[0];
  if (!survey || !upload) throw new Error('no survey or upload link');
  return { survey, upload };
}
