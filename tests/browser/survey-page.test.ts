import { describe, expect, it } from 'vitest';
import { staffPage, useBrowserPage, useStaffTokens } from '../support/browser-session.ts';
import { postJson } from '../support/runtime.ts';
import { screenshot, seriousAccessibilityViolations } from './support.ts';

// Beneficiaries open the link from their phone.
const beneficiary = useBrowserPage({ viewport: { width: 414, height: 896 } });
const { suite } = beneficiary;
const tokens = useStaffTokens(suite, ['supervisor']);

/** The whole page, since the survey runs below a phone's first screen. */
const fullScreenshot = (name: string) => screenshot(beneficiary.page, name, { fullPage: true });

let sequence = 0;
/** A beneficiary writes by SMS, staff resolve the ticket, and the survey link arrives by SMS. */
async function surveyLinkForNewTicket(): Promise<{ link: string; ticketId: string }> {
  sequence += 1;
  const phone = `+96655880000${sequence}`;
  const inboundMessageId = `survey-page-${sequence}`;
  await postJson(`${suite.runtime.url}/local/sms`, {
    originationNumber: phone,
    destinationNumber: '+966112345678',
    messageBody: 'السلام عليكم، أرغب في معرفة موعد توزيع السلال',
    inboundMessageId,
  });
  const ticketId = (await suite.runtime.deps.store.lookupInbound('sms', inboundMessageId, [])).guard?.outcome
    ?.ticketId;
  if (!ticketId) throw new Error('no ticket from the SMS');
  const resolved = await fetch(`${suite.runtime.url}/api/tickets/${ticketId}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.supervisor}` },
    body: JSON.stringify({ status: 'resolved' }),
  });
  expect(resolved.status).toBe(200);
  let text = '';
  for (let waited = 0; !text.includes('/public/surveys/') && waited < 5000; waited += 25) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    const sms = suite.runtime.outbox.list('sms').find((entry) => entry.to === phone);
    text = sms ? String(JSON.parse(sms.payload).text) : '';
  }
  const link = /https?:\/\/\S+\/public\/surveys\/[A-Za-z0-9_-]{43}/.exec(text)?.[0];
  if (!link) throw new Error(`no link in ${text}`);
  return { link, ticketId };
}

describe('the satisfaction survey page', () => {
  let first: { link: string; ticketId: string };

  it('opens from the SMS link in Arabic, right to left, with the scale in words and why we ask', async () => {
    const { page } = beneficiary;
    first = await surveyLinkForNewTicket();
    await page.goto(first.link);
    await page.locator('fieldset').waitFor();

    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('html').getAttribute('lang')).toBe('ar');
    expect(await page.locator('h1').innerText()).toBe('رأيكم في خدمتنا');
    const radios = page.getByRole('radio');
    expect(await radios.count()).toBe(5);
    for (const words of ['غير راضٍ إطلاقاً', 'غير راضٍ', 'محايد', 'راضٍ', 'راضٍ جداً']) {
      await expect.poll(() => page.getByRole('radio', { name: words, exact: true }).count()).toBe(1);
    }
    // A face beside each answer, frowning at the lowest, smiling at the highest: read before the words are.
    expect(await page.locator('label.option svg.face').count()).toBe(5);
    const mouths = await page
      .locator('label.option svg.face path')
      .evaluateAll((paths) =>
        paths.map((path) => Number(/Q12 ([\d.]+)/.exec(path.getAttribute('d') ?? '')?.[1])),
      );
    expect(mouths).toEqual([...mouths].sort((a, b) => a - b));
    expect(mouths[0]).toBeLessThan(15.5);
    expect(mouths[4]).toBeGreaterThan(15.5);
    expect(await page.locator('.purpose').innerText()).toContain('لتحسين خدماتنا');
    expect(await page.locator('.purpose').innerText()).toContain('موظف');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await fullScreenshot('survey-ar');
  });

  it('asks for a score before sending, then records the answer and thanks the beneficiary', async () => {
    const { page } = beneficiary;
    await page.getByRole('button', { name: 'إرسال التقييم' }).click();
    expect(await page.getByRole('alert').innerText()).toContain('اختاروا درجة');

    await page.getByRole('radio', { name: 'راضٍ جداً', exact: true }).check();
    await page.getByLabel('ملاحظاتكم (اختياري)').fill('  الموظفة كانت متعاونة جداً  ');
    await page.getByRole('button', { name: 'إرسال التقييم' }).click();
    await page.getByRole('heading', { name: 'شكراً لكم' }).waitFor();

    const ticket = await suite.runtime.deps.store.getTicket(first.ticketId);
    expect(ticket?.satisfaction).toMatchObject({ score: 5, comment: 'الموظفة كانت متعاونة جداً' });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await fullScreenshot('survey-thanks-ar');
  });

  it('says so when the link is opened again after answering', async () => {
    const { page } = beneficiary;
    await page.goto(first.link);
    await page.getByRole('heading', { name: 'تم الرد على هذا الاستبيان' }).waitFor();
    expect(await page.getByRole('radio').count()).toBe(0);
  });

  it('says a mistyped link is not valid', async () => {
    const { page } = beneficiary;
    await page.goto(`${suite.runtime.url}/public/surveys/${'x'.repeat(43)}`);
    await page.getByRole('heading', { name: 'الرابط غير صحيح' }).waitFor();
  });

  it('shows staff the invitation, the answer in words and the comment on the ticket', async () => {
    // The inbox lists active tickets first: one still open, so signing in has a list to show.
    await postJson(`${suite.runtime.url}/local/sms`, {
      originationNumber: '+966558800099',
      destinationNumber: '+966112345678',
      messageBody: 'هل يوجد دعم للإيجار؟',
      inboundMessageId: 'survey-page-open',
    });
    const inbox = await staffPage(suite, 'supervisor@sanad.local', {
      viewport: { width: 1440, height: 900 },
    });
    const reference = (await suite.runtime.deps.store.getTicket(first.ticketId))?.reference ?? '';
    await inbox.locator('input[name=q]').fill(reference);
    await inbox.locator('input[name=q]').press('Enter');
    await inbox.getByRole('option').filter({ hasText: reference }).first().click();

    await inbox.locator('[data-event=survey_sent]').waitFor();
    expect(await inbox.locator('[data-event=survey_answered]').innerText()).toContain('راضٍ جداً');
    expect(await inbox.getByTestId('satisfaction').innerText()).toContain('الموظفة كانت متعاونة جداً');
    expect(await seriousAccessibilityViolations(inbox)).toEqual([]);
    await screenshot(inbox, 'survey-in-inbox-ar');
    await inbox.context().close();
  });

  it('reads in English, left to right, for a beneficiary who switches language', async () => {
    const { page } = beneficiary;
    const second = await surveyLinkForNewTicket();
    await page.goto(second.link);
    await page.locator('fieldset').waitFor();
    await page.locator('.public-top button').click();

    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('ltr');
    expect(await page.locator('h1').innerText()).toBe('Your opinion of our service');
    await page.getByRole('radio', { name: 'Satisfied', exact: true }).check();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await fullScreenshot('survey-en');
    await page.getByRole('button', { name: 'Send my rating' }).click();
    await page.getByRole('heading', { name: 'Thank you' }).waitFor();
    expect((await suite.runtime.deps.store.getTicket(second.ticketId))?.satisfaction?.score).toBe(4);
  });
});
