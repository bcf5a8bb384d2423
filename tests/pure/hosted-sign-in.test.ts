import { afterEach, describe, expect, it, vi } from 'vitest';

/** The browser as token.ts meets it, just enough of it: the address, session storage, history and fetch. */
function aBrowser(href: string) {
  const url = new URL(href);
  const storage = new Map<string, string>();
  const browser = {
    location: {
      get origin() {
        return url.origin;
      },
      get pathname() {
        return url.pathname;
      },
      get search() {
        return url.search;
      },
      get hash() {
        return url.hash;
      },
      assign: vi.fn(),
    },
    sessionStorage: {
      getItem: (key: string) => storage.get(key) ?? null,
      setItem: (key: string, value: string) => void storage.set(key, value),
      removeItem: (key: string) => void storage.delete(key),
    },
    history: {
      replaceState: vi.fn((_state: unknown, _title: string, address: string) => {
        const next = new URL(address, url);
        url.href = next.href;
      }),
    },
    dispatchEvent: vi.fn(),
    HashChangeEvent: class extends Event {},
    fetch: vi.fn(async () => new Response(JSON.stringify({ id_token: 'id-token-1' }), { status: 200 })),
    goTo(next: string) {
      url.href = new URL(next, url).href;
    },
  };
  for (const name of ['location', 'sessionStorage', 'history', 'dispatchEvent', 'HashChangeEvent', 'fetch'])
    vi.stubGlobal(name, browser[name as keyof typeof browser]);
  return browser;
}

async function tokenModule() {
  vi.resetModules();
  vi.stubEnv('VITE_COGNITO_DOMAIN', 'https://sanad.auth.me-south-1.amazoncognito.com');
  vi.stubEnv('VITE_COGNITO_CLIENT_ID', '1example23456789');
  return import('../../web/src/lib/api/token.ts');
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

describe("Cognito's hosted sign-in", () => {
  it('brings a reader who opened a ticket link signed out back to that ticket, signed in', async () => {
    const browser = aBrowser('https://inbox.example.org/#/tickets/01M8MF6SMXESKS8MBKSPXFP978');
    const token = await tokenModule();
    await token.startHostedSignIn();
    const authorize = new URL(browser.location.assign.mock.calls[0]?.[0] as string);
    expect(authorize.searchParams.get('redirect_uri')).toBe('https://inbox.example.org/');

    // Cognito redirects to the inbox's root with the code and the state it was given.
    browser.goTo(`/?code=AUTH_CODE&state=${authorize.searchParams.get('state')}`);
    await token.completeHostedSignIn();

    expect(browser.location.search).toBe('');
    expect(browser.location.hash).toBe('#/tickets/01M8MF6SMXESKS8MBKSPXFP978');
    expect(browser.dispatchEvent).toHaveBeenCalledOnce();
    expect(token.currentToken()).toBe('id-token-1');
  });

  it('returns to the root when the reader came from nowhere in particular, and refuses a foreign state', async () => {
    const browser = aBrowser('https://inbox.example.org/');
    const token = await tokenModule();
    await token.startHostedSignIn();
    browser.goTo('/?code=AUTH_CODE&state=forged');
    await token.completeHostedSignIn();

    expect(browser.location.search).toBe('');
    expect(browser.location.hash).toBe('');
    expect(browser.dispatchEvent).not.toHaveBeenCalled();
    expect(browser.fetch).not.toHaveBeenCalled();
    expect(token.currentToken()).toBeUndefined();
  });
});
