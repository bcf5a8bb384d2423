import { beforeAll, describe, expect, it } from 'vitest';
import { getJson, postJson, signIn } from '../support/runtime.ts';
import { openTicketByReference, signInAs, useBrowserRuntime } from './support.ts';

const suite = useBrowserRuntime();
let reference: string;
let ticketId: string;
let token: string;

beforeAll(async () => {
  const created = await postJson(`${suite.runtime.url}/public/contact`, {
    name: 'أم سلطان',
    phone: '0551239922',
    subject: 'استفسار عن الدورة',
    message: 'متى تبدأ دورة الخياطة؟',
  });
  ticketId = String(created.body.ticketId);
  reference = String(created.body.reference);
  token = await signIn(suite.runtime, 'supervisor@sanad.local');
}, 60_000);

describe("a ticket's properties by keyboard", () => {
  it('saves the status staff stop on (Enter), not each one the arrows pass', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const saved: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'PATCH' && request.url().includes(`/api/tickets/${ticketId}`))
        saved.push(request.postData() ?? '');
    });
    await signInAs(page, suite.runtime.url, 'supervisor@sanad.local');
    await openTicketByReference(page, reference);
    const status = page.locator('select[name=status]');
    await status.focus();
    for (let step = 0; step < 3; step++) await page.keyboard.press('ArrowDown');
    await page.waitForTimeout(400);
    expect(saved).toEqual([]);
    const chosen = await status.inputValue();
    await page.keyboard.press('Enter');
    await expect.poll(() => saved.length).toBe(1);
    expect(JSON.parse(saved[0] ?? '{}')).toEqual({ status: chosen });
    // One change on the ticket, to the status chosen.
    const thread = await getJson(`${suite.runtime.url}/api/tickets/${ticketId}`, token);
    expect((thread.body.ticket as { status: string }).status).toBe(chosen);
    const changes = (thread.body.events as { type: string }[]).filter(
      (event) => event.type === 'status_changed',
    );
    expect(changes).toHaveLength(1);

    // Picked with the mouse (a pointer's choice): saved at once.
    await status.selectOption('pending_beneficiary');
    await expect.poll(() => saved.length).toBe(2);
    await context.close();
  });
});
