import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { beforeAll } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { openTicketByReference, signInAs, useBrowserRuntime } from '../browser/support.ts';
import { signIn } from './runtime.ts';

type BrowserSuite = ReturnType<typeof useBrowserRuntime>;

/** Each language on a desk and on a phone, as [language, width, height]. */
export const LANGUAGES_ON_DESK_AND_PHONE = [
  ['ar', 1280, 800],
  ['en', 1280, 800],
  ['ar', 390, 844],
  ['en', 390, 844],
] as const;

/** What the pages keep in the browser: the reader's language and digits, and this tab's staff sign-in. */
export interface StoredChoices {
  language?: string;
  digits?: 'arab' | 'latn';
  /** Signed in already, so the inbox opens without the sign-in form. */
  idToken?: string;
}

/** A page in a fresh browser context, whose pages start with `stored` already chosen. */
export async function pageWith(
  browser: Browser,
  options: BrowserContextOptions = {},
  stored: StoredChoices = {},
): Promise<Page> {
  const context = await browser.newContext(options);
  await context.addInitScript(({ language, digits, idToken }) => {
    if (language) localStorage.setItem('sanad.language', language);
    if (digits) localStorage.setItem('sanad.digits', digits);
    if (idToken) sessionStorage.setItem('sanad.idToken', idToken);
  }, stored);
  return context.newPage();
}

/** A page in a fresh browser context (see pageWith), signed in as `email` through the sign-in form. */
export async function staffPage(
  suite: BrowserSuite,
  email: string,
  options: BrowserContextOptions = {},
  stored: StoredChoices = {},
): Promise<Page> {
  const page = await pageWith(suite.browser, options, stored);
  await signInAs(page, suite.runtime.url, email);
  return page;
}

/** A staff page (see staffPage) on the ticket `reference`, opened from the search box. */
export async function staffPageOnTicket(
  suite: BrowserSuite,
  email: string,
  reference: string,
  options: BrowserContextOptions = {},
  stored: StoredChoices = {},
): Promise<Page> {
  const page = await staffPage(suite, email, options, stored);
  await openTicketByReference(page, reference);
  return page;
}

/** API tokens of the demo staff named by the part before @sanad.local, signed in before the file's tests. */
export function useStaffTokens<Who extends string>(
  suite: { runtime: LocalRuntime },
  staff: readonly Who[],
): Record<Who, string> {
  const tokens = {} as Record<Who, string>;
  beforeAll(async () => {
    for (const who of staff) tokens[who] = await signIn(suite.runtime, `${who}@sanad.local`);
  });
  return tokens;
}

/**
 * The local runtime and browser of a test file (useBrowserRuntime) with one page, in a fresh context of `options`,
 * opened before its tests: read `page` inside tests.
 */
export function useBrowserPage(options: BrowserContextOptions) {
  const suite = useBrowserRuntime();
  const opened = { suite, page: undefined as unknown as Page };
  beforeAll(async () => {
    opened.page = await pageWith(suite.browser, options);
  }, 120_000);
  return opened;
}
