import { describe, expect, it } from 'vitest';
import { useBrowserPage } from '../support/browser-session.ts';
import { screenshot, seriousAccessibilityViolations, sidewaysScroll } from './support.ts';

// A beneficiary on the society's site, from a phone.
const visitor = useBrowserPage({ viewport: { width: 414, height: 896 } });
const { suite } = visitor;
const shot = (name: string) => screenshot(visitor.page, name, { fullPage: true });

describe('the public contact page', () => {
  it('is linked from the landing page and opens right to left in Arabic, labelled and axe clean', async () => {
    const { page } = visitor;
    await page.goto(`${suite.runtime.url}/public/`);
    await page.getByRole('link', { name: 'راسلنا: استفسار أو شكوى أو اقتراح' }).click();
    await page.getByRole('heading', { name: 'راسلنا', exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/public/contact');
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.getByLabel('نوع الرسالة').inputValue()).toBe('inquiry');
    // A support request has its own form, named on this page.
    expect(await page.getByRole('link', { name: 'تقديم طلب دعم' }).getAttribute('href')).toBe(
      '/public/support-requests',
    );
    expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await shot('contact-form-ar');
  });

  it('shows the server’s refusals beside their fields: a name, then a phone or an email to answer on', async () => {
    const { page } = visitor;
    await page.getByLabel(/^الموضوع/).fill('موعد صرف السلة الغذائية');
    await page.getByLabel(/^الرسالة/).fill('متى يكون موعد صرف السلة الغذائية لهذا الشهر؟');
    await page.getByRole('button', { name: 'إرسال الرسالة' }).click();
    await page.locator('#name-error').waitFor();
    expect(await page.locator('#name-error').innerText()).toContain('هذا الحقل مطلوب');
    expect(await page.getByRole('alert').innerText()).toContain('يرجى تصحيح');
    // The first refused field has the focus, so a screen reader lands on it.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('name');

    await page.getByLabel(/^الاسم/).fill('أم فهد الشمري');
    await page.getByRole('button', { name: 'إرسال الرسالة' }).click();
    await page.locator('#phone-error').waitFor();
    expect(await page.locator('#phone-error').innerText()).toContain('أدخل رقم الجوال أو البريد الإلكتروني');
    expect(await page.locator('#name-error').count()).toBe(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await shot('contact-form-errors-ar');
  });

  it('turns the message into a ticket once, even when the first answer is lost and the visitor sends again', async () => {
    const { page } = visitor;
    await page.getByLabel('رقم الجوال').fill('٠٥٥٧٧٧١٢٣٤');
    await page.getByLabel('نوع الرسالة').selectOption({ label: 'شكوى' });
    // The first submission reaches the server, but its answer never reaches the page.
    let firstReference = '';
    await page.route('**/public/contact', async (route) => {
      const answered = await route.fetch();
      firstReference = String(((await answered.json()) as { reference?: string }).reference);
      await route.abort('connectionreset');
    });
    await page.getByRole('button', { name: 'إرسال الرسالة' }).click();
    await page.getByRole('alert').filter({ hasText: 'تعذر إرسال الرسالة' }).waitFor();
    expect(firstReference).toMatch(/^SND-\d{4}-\d{6}$/);
    await page.unroute('**/public/contact');

    await page.getByRole('button', { name: 'إرسال الرسالة' }).click();
    const shown = page.getByTestId('reference');
    await shown.waitFor();
    expect(await shown.innerText()).toBe(firstReference);
    const ticket = await suite.runtime.deps.store.findTicketByReference(firstReference);
    expect(ticket).toMatchObject({
      channel: 'webform',
      type: 'complaint',
      subject: 'موعد صرف السلة الغذائية',
    });
    const contact = await suite.runtime.deps.store.getContact(String(ticket?.contactId));
    expect(contact?.identities).toContainEqual(
      expect.objectContaining({ kind: 'phone', value: '+966557771234' }),
    );
    // No email given: the reply comes by SMS, and the status page is offered for that phone.
    expect(await page.getByText('برسالة نصية على جوالك').count()).toBe(1);
    expect(await page.getByRole('link', { name: 'متابعة حالة الطلب' }).getAttribute('href')).toBe(
      `/public/status?r=${encodeURIComponent(firstReference)}`,
    );
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await shot('contact-done-ar');
  });

  it('starts a new message with a new key, and reads in English left to right', async () => {
    const { page } = visitor;
    await page.getByRole('button', { name: 'إرسال رسالة أخرى' }).click();
    await page.getByRole('button', { name: 'التبديل إلى الإنجليزية' }).click();
    await page.getByRole('heading', { name: 'Write to us' }).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('ltr');
    expect(await page.getByLabel(/^Name/).inputValue()).toBe('');
    await page.getByLabel(/^Name/).fill('Fahad Alshammari');
    await page.getByLabel('Email (optional)').fill('fahad@example.com');
    await page.getByLabel('Kind of message').selectOption({ label: 'Suggestion' });
    await page.getByLabel(/^Subject/).fill('Evening hours');
    await page.getByLabel(/^Message/).fill('Could the branch open in the evening once a week?');
    await page.getByRole('button', { name: 'Send the message' }).click();
    const shown = page.getByTestId('reference');
    await shown.waitFor();
    const ticket = await suite.runtime.deps.store.findTicketByReference(await shown.innerText());
    expect(ticket).toMatchObject({ type: 'suggestion', subject: 'Evening hours' });
    // Answered by email; without a phone there is no status code to send, so no status link.
    expect(await page.getByText('reply to your email').count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Follow the request’s status' }).count()).toBe(0);
    expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await shot('contact-done-en');
    await page.getByRole('button', { name: 'Switch to Arabic' }).click();
  });

  it('is offered where the common questions have no answer', async () => {
    const { page } = visitor;
    await page.goto(`${suite.runtime.url}/public/faq`);
    await page.getByLabel(/ابحث|اكتب/).fill('كلمات لا يجيب عنها أي سؤال شائع زززز');
    const link = page.getByRole('link', { name: 'راسلنا: استفسار أو شكوى أو اقتراح' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe('/public/contact');
  });

  it('takes a plain HTML form on the society’s own site (no script): the confirmation, or a page saying why', async () => {
    const { page } = visitor;
    // The society's site, on an origin of its own, with a form that posts here.
    const society = 'http://society.example/contact.html';
    await page.route(society, (route) =>
      route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: `<!doctype html><html lang="ar" dir="rtl"><body><form method="post" action="${suite.runtime.url}/public/contact">
          <label>الاسم <input name="name"></label><label>الجوال <input name="phone"></label>
          <input type="hidden" name="type" value="suggestion"><label>الموضوع <input name="subject"></label>
          <label>الرسالة <textarea name="message"></textarea></label><button>أرسل</button></form></body></html>`,
      }),
    );
    await page.goto(society);
    await page.getByLabel('الموضوع').fill('اقتراح لمعرض الأسر المنتجة');
    await page.getByLabel('الرسالة').fill('نقترح إقامة معرض للأسر المنتجة في الإجازة.');
    await page.getByRole('button', { name: 'أرسل' }).click();
    await page.getByRole('heading', { name: 'لم تُرسل رسالتك' }).waitFor();
    expect(await page.locator('body').innerText()).toContain('الاسم: هذا الحقل مطلوب');
    await shot('contact-plain-form-refused');

    // Back, with what was typed kept by the browser, to correct it.
    await page.goBack();
    expect(await page.getByLabel('الموضوع').inputValue()).toBe('اقتراح لمعرض الأسر المنتجة');
    await page.getByLabel('الاسم').fill('أم ريم القحطاني');
    await page.getByLabel('الجوال').fill('0557771299');
    await page.getByRole('button', { name: 'أرسل' }).click();
    const shown = page.getByTestId('reference');
    await shown.waitFor();
    expect(new URL(page.url()).pathname).toBe('/public/contact');
    const ticket = await suite.runtime.deps.store.findTicketByReference(await shown.innerText());
    expect(ticket).toMatchObject({
      channel: 'webform',
      type: 'suggestion',
      subject: 'اقتراح لمعرض الأسر المنتجة',
    });
    expect(await page.getByText('برسالة نصية على جوالك').count()).toBe(1);
    expect(await page.getByRole('link', { name: 'متابعة حالة الطلب' }).count()).toBe(1);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await shot('contact-plain-form-done');

    // Another message starts from an empty form, and the address no longer names the last one.
    await page.getByRole('button', { name: 'إرسال رسالة أخرى' }).click();
    await page.getByLabel(/^الاسم/).waitFor();
    expect(new URL(page.url()).search).toBe('');
  });
});
