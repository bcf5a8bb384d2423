import { beforeAll, describe, expect, it } from 'vitest';
import { getJson, postJson, signIn } from '../support/runtime.ts';
import { openTicketByReference, signInAs, useBrowserRuntime } from './support.ts';

const suite = useBrowserRuntime();
let reference: string;
let receivedAt: string;

beforeAll(async () => {
  const created = await postJson(`${suite.runtime.url}/public/contact`, {
    name: 'أم فيصل',
    phone: '0551239911',
    subject: 'موعد استلام السلة',
    message: 'متى أستلم السلة الغذائية؟',
  });
  const token = await signIn(suite.runtime, 'supervisor@sanad.local');
  const thread = await getJson(`${suite.runtime.url}/api/tickets/${created.body.ticketId}`, token);
  reference = String((thread.body.ticket as { reference: string }).reference);
  receivedAt = String((thread.body.messages as { createdAt: string }[])[0]?.createdAt);
}, 60_000);

const shown = (timeZone: string) =>
  new Intl.DateTimeFormat('en-GB-u-ca-gregory', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
    new Date(receivedAt),
  );

describe('times in the inbox', () => {
  it("are the society's (Riyadh) whatever the computer's clock is set to", async () => {
    const context = await suite.browser.newContext({ timezoneId: 'America/New_York' });
    await context.addInitScript(() => localStorage.setItem('sanad.language', 'en'));
    const page = await context.newPage();
    await signInAs(page, suite.runtime.url, 'supervisor@sanad.local');
    await openTicketByReference(page, reference);
    const time = page.locator(`.timeline time[datetime="${receivedAt}"]`).first();
    await time.waitFor();
    expect(await time.innerText()).toContain(shown('Asia/Riyadh'));
    expect(shown('Asia/Riyadh')).not.toBe(shown('America/New_York'));
    await context.close();
  });
});
