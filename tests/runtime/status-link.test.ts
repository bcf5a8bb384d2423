import { describe, expect, it } from 'vitest';
import { postJson, postJsonFrom } from '../support/runtime.ts';
import { useStatusPage } from '../support/status-page.ts';

const { t, wait, anAppliedRequest, askCode, readStatus, codesSentTo } = useStatusPage();

/** The texts sent by SMS to a phone, oldest first. */
function textsTo(phone: string): string[] {
  return t.runtime.outbox
    .list('sms')
    .filter((entry) => entry.to === phone)
    .map((entry) => JSON.parse(entry.payload).text as string);
}

/** The status links in a text: each must end its line or be followed by a space, never by punctuation. */
function statusLinksIn(text: string): URL[] {
  const links = [...text.matchAll(/https?:\/\/\S+/g)].map((match) => ({
    url: match[0],
    after: text.charAt((match.index ?? 0) + match[0].length),
  }));
  for (const { after } of links) expect(['', '\n', ' ']).toContain(after);
  return links.map(({ url }) => new URL(url)).filter((url) => url.pathname === '/public/status');
}

describe('the status page in one tap', () => {
  it('opens from the acknowledgement’s signed link and sends the code to the phone on file, no phone typed', async () => {
    const { reference, phone } = await anAppliedRequest();
    const [acknowledgement] = textsTo(phone);
    const [link] = statusLinksIn(acknowledgement ?? '');
    expect(link?.searchParams.get('r')).toBe(reference);
    const signature = link?.searchParams.get('s') ?? '';

    const asked = await postJson(`${t.runtime.url}/public/status/code`, { reference, link: signature });
    expect(asked.status).toBe(202);
    const code = codesSentTo(phone).at(-1) ?? '';
    expect(code).toMatch(/^\d{6}$/);
    // A phone that took the full stop after the link into it still opens the page.
    const status = await postJson(`${t.runtime.url}/public/status`, {
      reference,
      link: `${signature}.`,
      code,
    });
    expect(status).toMatchObject({ status: 200, body: { reference, step: 'intake' } });
  });

  it('texts one phone at most six times an hour, however many people ask for its code with the link', async () => {
    const { reference, phone } = await anAppliedRequest();
    const signature = statusLinksIn(textsTo(phone)[0] ?? '')[0]?.searchParams.get('s') ?? '';
    const answers: number[] = [];
    // Five households (client addresses), three asks each: the per-address limit lets every ask through.
    for (let client = 1; client <= 5; client++)
      for (let ask = 0; ask < 3; ask++)
        answers.push(
          (
            await postJsonFrom(`127.0.8.${client}`, `${t.runtime.url}/public/status/code`, {
              reference,
              link: signature,
            })
          ).status,
        );
    expect(answers.every((status) => status === 202)).toBe(true);
    expect(codesSentTo(phone).length).toBeGreaterThan(0);
    // The acknowledgement, the confirmation code and the status codes together.
    expect(textsTo(phone).length).toBe(6);
    const ticket = await t.runtime.deps.store.findTicketByReference(reference);
    const thread = await t.runtime.deps.store.getTicketWithThread(ticket?.id ?? '');
    expect(
      thread?.events.filter(
        (event) =>
          event.type === 'automatic_message_skipped' &&
          event.data?.kind === 'status_code' &&
          event.data?.reason === 'number_limit',
      ).length,
    ).toBeGreaterThan(0);

    // The next hour the holder gets their code again.
    wait(60 * 60_000);
    const before = codesSentTo(phone).length;
    expect(
      (await postJson(`${t.runtime.url}/public/status/code`, { reference, link: signature })).status,
    ).toBe(202);
    expect(codesSentTo(phone)).toHaveLength(before + 1);
  });

  it('puts the link in the case notices too', async () => {
    const { reference, phone } = await anAppliedRequest();
    const ticket = await t.runtime.deps.store.findTicketByReference(reference);
    await postJson(
      `${t.runtime.url}/api/tickets/${ticket?.id}/case/record_verification`,
      { checklist: { identityMatches: true, documentsPresent: true, dataConsistent: true } },
      { authorization: `Bearer ${t.supervisor}` },
    );
    const notice = textsTo(phone).find((text) => text.includes('تم التحقق من بيانات طلبكم'));
    expect(statusLinksIn(notice ?? '')[0]?.searchParams.get('r')).toBe(reference);
  });

  it('refuses an altered or expired link in Arabic, so the page asks for the phone instead', async () => {
    const { reference, phone } = await anAppliedRequest();
    const signature = statusLinksIn(textsTo(phone)[0] ?? '')[0]?.searchParams.get('s') ?? '';
    const before = codesSentTo(phone).length;

    const other = reference.replace(/\d$/, (digit) => String((Number(digit) + 1) % 10));
    const altered = await postJson(`${t.runtime.url}/public/status/code`, {
      reference: other,
      link: signature,
    });
    expect(altered).toMatchObject({
      status: 410,
      body: { error: 'link_invalid', messageAr: 'الرابط غير صالح. اكتبوا رقم الجوال المسجّل في الطلب.' },
    });

    wait(91 * 86_400_000);
    const expired = await postJson(`${t.runtime.url}/public/status/code`, { reference, link: signature });
    expect(expired).toMatchObject({ status: 410, body: { error: 'link_expired' } });
    expect(codesSentTo(phone)).toHaveLength(before);
  });

  it('takes the reference as people type it: the number alone, in Arabic-Indic digits, with or without SND', async () => {
    const { reference, phone } = await anAppliedRequest();
    const number = String(Number(reference.slice(-6)));
    const arabic = number.replace(/\d/g, (digit) => '٠١٢٣٤٥٦٧٨٩'[Number(digit)] ?? digit);
    const typed = [number, arabic, `snd ${reference.slice(4, 8)} ${number}`];
    for (const form of typed) {
      wait(15 * 60_000);
      expect((await askCode(form, phone)).status).toBe(202);
      const code = codesSentTo(phone).at(-1) ?? '';
      expect((await readStatus(form, phone, code)).body).toMatchObject({ reference });
    }
    expect(codesSentTo(phone)).toHaveLength(typed.length);
  });
});
