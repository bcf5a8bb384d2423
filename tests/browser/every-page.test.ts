import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_SECTIONS } from '../../web/src/lib/navigation/routes.svelte.ts';
import { pageWith, useStaffTokens } from '../support/browser-session.ts';
import { getJson, postJson } from '../support/runtime.ts';
import { applyOnTheForm } from '../support/support-request.ts';
import { logWalkIn } from '../support/walk-in.ts';
import {
  artifactFolder,
  blockedByPolicy,
  seriousAccessibilityViolations,
  useBrowserRuntime,
} from './support.ts';

/** Every page in both languages and both sizes, kept for a person to look at (issue #18). */
const SHOTS = artifactFolder('pages18');
const suite = useBrowserRuntime({ seedDemoTickets: true });
const tokens = useStaffTokens(suite, ['admin', 'agent']);
let ticketId: string;
let supportCaseId: string;
let visitId: string;
let walkInId: string;

const SIZES = [
  ['desktop', 1280, 800],
  ['phone', 390, 844],
] as const;
const LANGUAGES = ['ar', 'en'] as const;

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  const as = { authorization: `Bearer ${tokens.agent}` };
  const { body } = await getJson(`${suite.runtime.url}/api/tickets?limit=5`, tokens.agent);
  ticketId = (body.tickets as { id: string }[])[0]?.id ?? '';

  ({ id: supportCaseId } = await applyOnTheForm(suite.runtime, { name: 'أم خالد', phone: '0554448181' }));
  const scheduled = await postJson(
    `${suite.runtime.url}/api/tickets/${supportCaseId}/visits`,
    {
      scheduledFor: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      address: 'حي النسيم، شارع ١٢، منزل ٤',
      purpose: 'دراسة حالة الأسرة',
    },
    as,
  );
  visitId = (scheduled.body as { supportCase: { homeVisits: { id: string }[] } }).supportCase.homeVisits[0]
    ?.id as string;

  const walkIn = await logWalkIn(suite.runtime, tokens.agent, {
    idempotencyKey: 'every-page-slip',
    phone: '0554448182',
    text: 'سؤال',
  });
  walkInId = walkIn.body.ticketId as string;
}, 120_000);

async function pageFor(
  who: keyof typeof tokens | undefined,
  width: number,
  height: number,
  language: string,
) {
  const page = await pageWith(
    suite.browser,
    { viewport: { width, height } },
    { idToken: who && tokens[who], language },
  );
  blocked.set(page, blockedByPolicy(page));
  const thrown: string[] = [];
  page.on('pageerror', (error) => thrown.push(error.message));
  uncaught.set(page, thrown);
  return page;
}

/** What each page's scripts threw and nothing caught. */
const uncaught = new WeakMap<Page, string[]>();

/** What each page's Content-Security-Policy blocked (CloudFront's, sent by npm start too). */
const blocked = new WeakMap<Page, string[]>();

/** What is on screen has stopped changing: the page's data has arrived and been drawn. */
async function settledText(page: Page): Promise<void> {
  let previous = '';
  await expect
    .poll(
      async () => {
        const now = await page.locator('body').innerText();
        const same = now === previous && !/جارٍ التحميل|Loading/.test(now);
        previous = now;
        return same;
      },
      { interval: 250, timeout: 15_000 },
    )
    .toBe(true);
}

const sidewaysOverflow = (page: Page) =>
  page.evaluate(() => (document.scrollingElement?.scrollWidth ?? 0) - innerWidth);

const violationsOf = async (page: Page) =>
  (await seriousAccessibilityViolations(page)).map(
    (violation) =>
      `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
  );

/** Looks at the page as it is now: fits the width, passes axe, and is photographed. */
async function check(page: Page, name: string): Promise<void> {
  await settledText(page);
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
  // Soft: one broken page still lets the walk photograph and check all the others.
  expect.soft(await sidewaysOverflow(page), `${name} scrolls sideways`).toBeLessThanOrEqual(1);
  expect.soft(await violationsOf(page), `${name} axe`).toEqual([]);
  expect.soft(blocked.get(page), `${name} CSP`).toEqual([]);
  expect.soft(uncaught.get(page), `${name} uncaught errors`).toEqual([]);
}

interface Stop {
  name: string;
  hash: string;
  /** Shown when this is on screen; and what to do first, for overlays. */
  ready: string;
  act?: (page: Page) => Promise<void>;
  phoneOnly?: boolean;
}

/** A page of its own in the inbox, drawn once its heading shows. */
const headed = (name: string, hash = `#/${name}`): Stop => ({
  name,
  hash,
  ready: 'main.page h1, main.page h2',
});

const adminStops = (): Stop[] => [
  { name: 'list', hash: '#/', ready: '[role=option]' },
  { name: 'ticket', hash: `#/tickets/${ticketId}`, ready: '#ticket-subject' },
  {
    name: 'properties',
    hash: `#/tickets/${ticketId}`,
    ready: '#ticket-subject',
    phoneOnly: true,
    act: async (page) => {
      await page.getByRole('button', { name: /^(Details|التفاصيل)$/ }).click();
      await page.locator('.ticket aside').waitFor();
    },
  },
  {
    name: 'shortcuts',
    hash: '#/',
    ready: '[role=option]',
    act: async (page) => {
      await page.locator('.list-head').click();
      await page.keyboard.press('?');
      await page.locator('dialog[open]').waitFor();
    },
  },
  {
    name: 'notifications',
    hash: '#/',
    ready: '[role=option]',
    act: async (page) => {
      await page.locator('.bell > button').click();
      await page.locator('#notification-list').waitFor();
    },
  },
  ...['reports', 'announcements', 'templates', 'answers', 'quarantine', 'outbox'].map((name) => headed(name)),
  ...ADMIN_SECTIONS.map((section) => headed(`admin-${section}`, `#/admin/${section}`)),
  { name: 'visit', hash: `#/visits/${supportCaseId}/${visitId}`, ready: 'article.visit' },
  { name: 'slip', hash: `#/slips/${walkInId}`, ready: 'article.slip .qr svg' },
];

const agentStops = (): Stop[] => [
  { name: 'list', hash: '#/', ready: '[role=option]' },
  { name: 'ticket', hash: `#/tickets/${ticketId}`, ready: '#ticket-subject' },
  headed('answers'),
];

describe('every page, in Arabic and English, on a desktop and a phone', () => {
  for (const [size, width, height] of SIZES)
    for (const language of LANGUAGES) {
      it(`the sign-in page fits and passes axe (${language}, ${size})`, async () => {
        const page = await pageFor(undefined, width, height, language);
        await page.goto(suite.runtime.url);
        await page.locator('input[name=email]').waitFor();
        await check(page, `sign-in-${language}-${size}`);
        await page.context().close();
      }, 60_000);

      for (const [who, stops] of [
        ['admin', adminStops],
        ['agent', agentStops],
      ] as const)
        it(`the ${who}'s pages fit and pass axe (${language}, ${size})`, async () => {
          const page = await pageFor(who, width, height, language);
          for (const stop of stops()) {
            if (stop.phoneOnly && size !== 'phone') continue;
            // A fresh load each time, so an overlay or the phone's view of one stop never carries into the next.
            await page.goto(`${suite.runtime.url}/${stop.hash}`);
            await page.reload();
            await page.locator(stop.ready).first().waitFor();
            await stop.act?.(page);
            await check(page, `${who}-${stop.name}-${language}-${size}`);
          }
          await page.context().close();
        }, 600_000);
    }
});
