import { describe, expect, it } from 'vitest';
import { auth, useInboxRuntime } from '../support/inbox-runtime.ts';
import { getJson, postJson } from '../support/runtime.ts';

const inbox = useInboxRuntime();

const search = async (term: string, token = inbox.agent) => {
  const { body } = await getJson(`${inbox.runtime.url}/api/tickets?q=${encodeURIComponent(term)}`, token);
  return (body.tickets as { id: string }[]).map((ticket) => ticket.id);
};

describe('searching inside what was written', () => {
  it('finds a ticket by a word only its message holds, spelt without hamza or with ه for ة', async () => {
    const { body: created } = await postJson(`${inbox.runtime.url}/public/contact`, {
      name: 'نوال الحربي',
      phone: '0551110020',
      subject: 'طلب مساندة',
      message: 'نحتاج مساعدةً في سداد إيجار المنزل المتأخر منذ شهرين',
    });
    await inbox.runtime.settled();
    expect(await search('ايجار')).toEqual([created.ticketId]);
    expect(await search('مساعده متاخر')).toEqual([created.ticketId]);
    expect(await search('ايجار السياره')).toEqual([]);
    expect(await search('ايجار', inbox.researcher)).toEqual([]);
  });

  it('finds a ticket by the words of a later internal note, with its diacritics and tatweel ignored', async () => {
    const { body: created } = await postJson(`${inbox.runtime.url}/public/contact`, {
      name: 'سلمى الشهري',
      phone: '0551110021',
      subject: 'استفسار',
      message: 'السلام عليكم',
    });
    await inbox.runtime.settled();
    expect(await search('ثلاجة')).toEqual([]);
    const { status } = await postJson(
      `${inbox.runtime.url}/api/tickets/${created.ticketId}/messages`,
      { kind: 'note', text: 'زارت الباحثة الأسرة: الثلاجـــة معطّلة وتحتاج إلى استبدال' },
      auth(inbox.agent),
    );
    expect(status).toBe(201);
    await inbox.runtime.settled();
    expect(await search('ثلاجه معطله')).toEqual([created.ticketId]);
    expect(await search('الاسرة')).toContain(created.ticketId);
  });
});

describe('searching as people write', () => {
  it('finds مسؤول by مسئول and the other way round: the hamza sits on either seat', async () => {
    const { body: saudi } = await postJson(`${inbox.runtime.url}/public/contact`, {
      name: 'هند العتيبي',
      phone: '0551110030',
      subject: 'شكوى',
      message: 'أرغب في التحدث مع المسؤول عن الصرف',
    });
    const { body: egyptian } = await postJson(`${inbox.runtime.url}/public/contact`, {
      name: 'منى السيد',
      phone: '0551110031',
      subject: 'استفسار',
      message: 'من المسئول عن ملف الأيتام؟',
    });
    await inbox.runtime.settled();
    for (const term of ['مسئول', 'المسؤول', 'مسؤول'])
      expect((await search(term)).sort()).toEqual([saudi.ticketId, egyptian.ticketId].sort());
    expect(await search('مسئول الصرف')).toEqual([saudi.ticketId]);
    expect(await search('الايتام المسؤول')).toEqual([egyptian.ticketId]);
  });

  it('finds a ticket by its reference typed short, as the beneficiary reads it out, and only where one may see it', async () => {
    const { body: created } = await postJson(`${inbox.runtime.url}/public/contact`, {
      name: 'ريم القحطاني',
      phone: '0551110032',
      subject: 'متابعة',
      message: 'أتابع طلبي السابق',
    });
    await inbox.runtime.settled();
    const reference = created.reference as string;
    const sequence = reference.slice(-6);
    for (const term of [
      sequence,
      `snd ${Number(sequence)}`,
      `${reference.slice(4, 8)}-${sequence}`,
      reference,
    ])
      expect(await search(term)).toContain(created.ticketId);
    expect(await search(sequence, inbox.researcher)).not.toContain(created.ticketId);
  });
});

describe('a search with nothing to look up', () => {
  it('says so when the text holds only words too common or short to index, and not otherwise', async () => {
    const { body } = await getJson(
      `${inbox.runtime.url}/api/tickets?q=${encodeURIComponent('هذا التي و')}`,
      inbox.agent,
    );
    expect(body).toEqual({ tickets: [], nothingSearchable: true });
    const { body: searched } = await getJson(
      `${inbox.runtime.url}/api/tickets?q=${encodeURIComponent('هذا المرجان')}`,
      inbox.agent,
    );
    expect(searched).toEqual({ tickets: [] });
    // A reference or a phone is looked up whatever words it comes with.
    const { body: byReference } = await getJson(
      `${inbox.runtime.url}/api/tickets?q=SND-2026-999999`,
      inbox.agent,
    );
    expect(byReference).toEqual({ tickets: [] });
  });
});

describe('search results in pages', () => {
  it('hands out every match once, newest first, a page at a time, with a cursor until the last page', async () => {
    const created: string[] = [];
    for (let index = 0; index < 5; index++) {
      const { body } = await postJson(`${inbox.runtime.url}/public/contact`, {
        name: `هند القرني ${index}`,
        phone: `055111003${index}`,
        subject: 'استفسار',
        message: `أحتاج بطانيات شتوية للأطفال، الطلب رقم ${index}`,
      });
      created.push(body.ticketId as string);
    }
    await inbox.runtime.settled();
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const query = new URLSearchParams({ q: 'بطانيات شتويه', limit: '2', ...(cursor ? { cursor } : {}) });
      const { status, body } = await getJson(`${inbox.runtime.url}/api/tickets?${query}`, inbox.agent);
      expect(status).toBe(200);
      pages.push((body.tickets as { id: string }[]).map((ticket) => ticket.id));
      cursor = body.cursor as string | undefined;
    } while (cursor && pages.length < 10);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual([...created].reverse());
  });

  it('refuses a cursor it did not hand out with a 400 naming the cursor', async () => {
    const { status, body } = await getJson(
      `${inbox.runtime.url}/api/tickets?q=${encodeURIComponent('بطانيات')}&cursor=not-a-ticket`,
      inbox.agent,
    );
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toContain('cursor');
  });
});
