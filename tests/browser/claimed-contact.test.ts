import { beforeAll, describe, expect, it } from 'vitest';
import { postJson } from '../support/runtime.ts';
import { ARTIFACTS, openTicketByReference, screenshot, signInAs, useBrowserRuntime } from './support.ts';

const suite = useBrowserRuntime();
let beneficiaryReference = '';
let formReference = '';

beforeAll(async () => {
  // A beneficiary texts from their phone; later someone types that phone into the web form.
  await postJson(`${suite.runtime.url}/local/sms`, {
    originationNumber: '+966554447777',
    destinationNumber: '+966112345678',
    messageBody: 'أرغب في معرفة موعد صرف السلة',
    inboundMessageId: 'claimed-ui-sms',
  });
  const guard = await suite.runtime.deps.store.getGuard('sms', 'claimed-ui-sms');
  beneficiaryReference = guard?.outcome?.reference as string;
  const form = await postJson(`${suite.runtime.url}/public/contact`, {
    name: 'نورة',
    phone: '0554447777',
    subject: 'موعد الصرف',
    message: 'متى موعد صرف السلة؟',
  });
  formReference = form.body.reference as string;
}, 120_000);

describe('a contact known only by what a form sender typed', () => {
  it('shows the ticket’s “sender not verified” tag as a label in the reader’s language, kept when staff save tags', async () => {
    const page = await (await suite.browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await signInAs(page, suite.runtime.url, 'supervisor@sanad.local');
    await openTicketByReference(page, formReference);
    const tags = page.locator('input[name=tags]');
    expect(await tags.inputValue()).toBe('');
    expect(await page.locator('.system-tags').innerText()).toBe('المرسل غير موثّق');
    expect(await page.locator('.ticket aside').innerText()).not.toContain('sender_not_verified');

    await tags.fill('موعد الصرف');
    await page.getByRole('button', { name: 'حفظ الوسوم' }).click();
    await expect
      .poll(async () => (await suite.runtime.deps.store.findTicketByReference(formReference))?.tags)
      .toEqual(['sender_not_verified', 'موعد الصرف']);
    await screenshot(page, 'system-tag-ar');
    await page.context().close();
  });

  it('shows its phone as not verified, suggests the beneficiary holding it, and merges on request', async () => {
    const page = await (await suite.browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await signInAs(page, suite.runtime.url, 'supervisor@sanad.local');
    await openTicketByReference(page, formReference);

    await expect.poll(() => page.getByText('غير موثّق').count()).toBeGreaterThan(0);
    const suggestion = page.getByTestId('possibly-same');
    await suggestion.waitFor();
    await expect.poll(() => suggestion.textContent()).toContain('+966554447777');
    await screenshot(page, 'claimed-contact-suggestion-ar');

    // The other record's identities (here, added on the way, a national id and an email) stay apart; its phone,
    // which is the name it shows, is not repeated.
    const beneficiaryContact = (await suite.runtime.deps.store.findTicketByReference(beneficiaryReference))
      ?.contactId;
    await page.route(`**/api/contacts/${beneficiaryContact}`, async (route) => {
      const response = await route.fetch();
      const panel = await response.json();
      panel.contact.identities = [
        { kind: 'national_id', value: '1000000008' },
        { kind: 'email', value: 'noura@example.com' },
        ...panel.contact.identities,
      ];
      await route.fulfill({ response, json: panel });
    });
    await page.reload();
    await suggestion.waitFor();
    await expect
      .poll(() => suggestion.locator('.other .muted').innerText())
      .toBe('1000000008، noura@example.com');
    await suggestion.screenshot({ path: `${ARTIFACTS}/claimed-contact-suggestion-identities-ar.png` });

    await suggestion.getByRole('button', { name: 'دمج هذا السجل فيه' }).click();
    const beneficiary = await suite.runtime.deps.store.findTicketByReference(beneficiaryReference);
    await expect
      .poll(async () => (await suite.runtime.deps.store.findTicketByReference(formReference))?.contactId)
      .toBe(beneficiary?.contactId);
  });
});
