import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll } from 'vitest';
import { signInAs, useBrowserRuntime } from './support.ts';

type BrowserSuite = ReturnType<typeof useBrowserRuntime>;

/**
 * The staff inbox of a runtime with the demo tickets, open in a desktop-sized page signed in as the agent (the
 * page, its context and the messages of any dialog it raised are filled in before the file's tests). `prepare`
 * runs before the agent signs in, so the list it loads holds what it changed.
 */
export function useInboxPage(prepare?: (suite: BrowserSuite) => Promise<void>) {
  const suite = useBrowserRuntime({ seedDemoTickets: true });
  const inbox = {
    suite,
    context: undefined as unknown as BrowserContext,
    page: undefined as unknown as Page,
    /** What every dialog the page raised said; each was dismissed. */
    dialogs: [] as string[],
    rows: () => inbox.page.locator('[role=option]'),
    openTicketSubject: () => inbox.page.locator('#ticket-subject'),
  };
  beforeAll(async () => {
    inbox.context = await suite.browser.newContext({ viewport: { width: 1440, height: 900 } });
    inbox.page = await inbox.context.newPage();
    inbox.page.on('dialog', async (dialog) => {
      inbox.dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    await prepare?.(suite);
    await signInAs(inbox.page, suite.runtime.url, 'agent@sanad.local');
  }, 120_000);
  return inbox;
}
