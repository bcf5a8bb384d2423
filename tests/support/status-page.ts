import { useMovingClock } from './moving-clock.ts';
import { postJson } from './runtime.ts';
import { anApplication, confirmPhoneOnTheForm } from './support-request.ts';

/** The public status page on a runtime of the test file's own (its clock from 1 November 2026), and its tests' steps. */
export function useStatusPage() {
  const { t, wait, now } = useMovingClock('2026-11-01T06:00:00Z');

  /** A fresh application on a day of its own (rate-limit windows do not carry over), with its phone in E.164. */
  async function anAppliedRequest(): Promise<{ reference: string; phone: string }> {
    wait(86_400_000);
    const form = anApplication();
    const { body } = await postJson(`${t.runtime.url}/public/support-requests`, form);
    const phone = `+966${String(form.phone).slice(1)}`;
    await confirmPhoneOnTheForm(t.runtime, body.reference as string, phone);
    return { reference: body.reference as string, phone };
  }

  const askCode = (reference: string, phone: string) =>
    postJson(`${t.runtime.url}/public/status/code`, { reference, phone });
  const readStatus = (reference: string, phone: string, code: string) =>
    postJson(`${t.runtime.url}/public/status`, { reference, phone, code });

  /** The codes sent by SMS to a phone, latest last. */
  function codesSentTo(phone: string): string[] {
    return t.runtime.outbox
      .list('sms')
      .filter((entry) => entry.to === phone)
      .map((entry) => /رمز الاطلاع على حالة طلبكم: (\d{6})/.exec(JSON.parse(entry.payload).text)?.[1])
      .filter((code): code is string => Boolean(code));
  }

  return { t, wait, now, anAppliedRequest, askCode, readStatus, codesSentTo };
}
