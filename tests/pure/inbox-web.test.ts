import { describe, expect, it } from 'vitest';
import { IDENTITY_KINDS } from '../../shared/domain/identity.ts';
import { parsePresence } from '../../shared/domain/live-inbox.ts';
import { indexWords, messageWords, searchTokens } from '../../shared/domain/search-tokens.ts';
import { slaBadgeOf } from '../../shared/domain/ticket-row.ts';
import { searchTermIdentities } from '../../shared/use-cases/inbox-views.ts';
import {
  authorizeUrl,
  codeChallenge,
  inboxRouteOf,
  randomVerifier,
  tokenRequest,
} from '../../web/src/lib/api/cognito.ts';
import type { InboxTicket } from '../../web/src/lib/api/types.ts';
import { ar } from '../../web/src/lib/i18n/ar.ts';
import { en } from '../../web/src/lib/i18n/en.ts';
import type { Message } from '../../web/src/lib/i18n/plural.ts';
import { slaState } from '../../web/src/lib/sla.ts';

describe('the message catalogues', () => {
  it('have the same keys in Arabic and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ar).sort());
  });

  it('name every kind of identity a contact can hold', () => {
    for (const kind of IDENTITY_KINDS) expect(ar, kind).toHaveProperty([`identity.${kind}`]);
  });

  it('use the same placeholders in both languages, and count the same things', () => {
    // A plural form may spell the count out ("تذكرة واحدة"), so `count` is compared by presence of plural forms.
    const placeholders = (message: Message) =>
      [
        ...new Set(
          (typeof message === 'string' ? [message] : Object.values(message)).flatMap((text) =>
            [...(text ?? '').matchAll(/\{(\w+)\}/g)].map((match) => match[1]),
          ),
        ),
      ]
        .filter((name) => typeof message === 'string' || name !== 'count')
        .sort();
    for (const key of Object.keys(ar) as (keyof typeof ar)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(ar[key]));
      expect(typeof en[key], key).toBe(typeof ar[key]);
    }
  });
});

describe('the SLA badge', () => {
  const now = Date.parse('2026-11-25T10:00:00Z');
  // Through the row the list index keeps: the badge facts made from the clocks when the ticket was written.
  const ticket = (sla?: InboxTicket['sla'], status: InboxTicket['status'] = 'open') => {
    const slaBadge = slaBadgeOf(sla);
    return { status, ...(slaBadge && { slaBadge }) };
  };
  const clock = (warnAt: string, dueAt: string) => ({ startedAt: '2026-11-25T08:00:00Z', warnAt, dueAt });
  const sla = (clocks: NonNullable<InboxTicket['sla']>['clocks']): NonNullable<InboxTicket['sla']> => ({
    policyId: 'p',
    clocks,
  });

  it('shows nothing for a ticket without SLA clocks', () => {
    expect(slaState(ticket(), now)).toEqual({ kind: 'none' });
  });

  it('counts the time left to the nearest due time', () => {
    expect(
      slaState(
        ticket(
          sla({
            firstResponse: clock('2026-11-25T11:36:00Z', '2026-11-25T12:00:00Z'),
            resolution: clock('2026-11-27T00:00:00Z', '2026-11-27T10:00:00Z'),
          }),
        ),
        now,
      ),
    ).toEqual({ kind: 'ok', msLeft: 2 * 3_600_000 });
  });

  it('warns once the warning time has passed, and shows a breach past the due time', () => {
    const warned = sla({ firstResponse: clock('2026-11-25T09:50:00Z', '2026-11-25T10:30:00Z') });
    expect(slaState(ticket(warned), now)).toEqual({ kind: 'warning', msLeft: 30 * 60_000 });
    expect(slaState(ticket(warned), Date.parse('2026-11-25T10:31:00Z'))).toEqual({ kind: 'breached' });
  });

  it('warns or shows a breach when any clock was marked so, not only the nearest', () => {
    const marked = (flag: 'warned' | 'breached') =>
      sla({
        firstResponse: clock('2026-11-25T11:36:00Z', '2026-11-25T12:00:00Z'),
        resolution: { ...clock('2026-11-27T00:00:00Z', '2026-11-27T10:00:00Z'), [flag]: true },
      });
    expect(slaState(ticket(marked('warned')), now)).toEqual({ kind: 'warning', msLeft: 2 * 3_600_000 });
    expect(slaState(ticket(marked('breached')), now)).toEqual({ kind: 'breached' });
  });

  it('shows a paused clock while waiting on the beneficiary, and nothing once resolved', () => {
    const paused = {
      ...sla({ resolution: clock('2026-11-19T20:00:00Z', '2026-11-20T00:00:00Z') }),
      pausedAt: '2026-11-19T00:00:00Z',
    };
    expect(slaState(ticket(paused), now)).toEqual({ kind: 'paused' });
    expect(slaState(ticket(paused, 'resolved'), now)).toEqual({ kind: 'none' });
  });
});

describe('what a search term names', () => {
  const today = new Date('2026-11-30T09:00:00Z');

  it('reads a reference in any case', () => {
    expect(searchTermIdentities(' snd-2026-000123 ', today)).toEqual({
      references: ['SND-2026-000123'],
      exact: true,
      identities: [],
    });
  });

  it("reads a reference typed short as this year's or last year's, and its year when given", () => {
    for (const typed of ['000036', '36', '٣٦', '#36'])
      expect(searchTermIdentities(typed, today).references).toEqual(['SND-2026-000036', 'SND-2025-000036']);
    expect(searchTermIdentities('2026-000036', today).references).toEqual(['SND-2026-000036']);
    expect(searchTermIdentities('snd 2025 36', today).references).toEqual(['SND-2025-000036']);
  });

  it('reads a Saudi mobile in local form and Arabic-Indic digits as an E.164 phone', () => {
    expect(searchTermIdentities('٠٥٥١٢٣٤٥٦٧', today).identities).toEqual([
      { kind: 'phone', value: '+966551234567' },
    ]);
  });

  it('reads a valid national id as a national id, not as a phone', () => {
    expect(searchTermIdentities('1000000008', today).identities).toEqual([
      { kind: 'national_id', value: '1000000008' },
    ]);
  });

  it('reads an email in lower case, and names nothing for free text', () => {
    expect(searchTermIdentities('Sara@Example.org', today).identities).toEqual([
      { kind: 'email', value: 'sara@example.org' },
    ]);
    expect(searchTermIdentities('طلب دعم', today)).toEqual({ references: [], identities: [] });
  });
});

describe('a presence message from an inbox', () => {
  it('is read when well formed and ignored otherwise', () => {
    const ticketId = '01HZY3K8Q4N2V7C5T9W6R1M0XA';
    expect(parsePresence(JSON.stringify({ type: 'presence', ticketId, activity: 'replying' }))).toEqual({
      type: 'presence',
      ticketId,
      activity: 'replying',
    });
    expect(
      parsePresence(JSON.stringify({ type: 'presence', ticketId, activity: 'hacking' })),
    ).toBeUndefined();
    expect(
      parsePresence(JSON.stringify({ type: 'presence', ticketId: '../x', activity: 'viewing' })),
    ).toBeUndefined();
    expect(parsePresence('not json')).toBeUndefined();
  });
});

describe('the words a ticket is found by', () => {
  it('fold the spellings of Arabic letters and drop diacritics and tatweel', () => {
    expect(searchTokens('فاطِمة الزهرانـي')).toEqual(['فاطمه', 'الزهراني', 'زهراني']);
    expect(searchTokens('أحمد إبراهيم مصطفى')).toEqual(['احمد', 'ابراهيم', 'مصطفي']);
  });

  it('leave out one-letter words and common prepositions, and read Arabic-Indic digits', () => {
    expect(searchTokens('طلب في ٢٠٢٦ و Help')).toEqual(['طلب', '2026', 'help']);
  });

  it('leave out a "word" longer than anyone searches by', () => {
    expect(searchTokens(`رابط ${'ب'.repeat(65)} ${'ت'.repeat(64)}`)).toEqual(['رابط', 'ت'.repeat(64)]);
  });

  it('are kept in the index once each, the article folded away and common function words left out', () => {
    const message = 'السلام عليكم، متى يتم صرف المساعدة الشهرية؟ لم يصلني إشعار هذا الشهر';
    expect(indexWords(message)).toEqual(['سلام', 'صرف', 'مساعده', 'شهريه', 'يصلني', 'اشعار', 'شهر']);
    // Either spelling of a name is looked up as the same word.
    expect(indexWords('الزهراني')).toEqual(indexWords('زهراني'));
  });

  it('leave the courtesies out of a message, but not out of a name or a search (سلام and رجاء are names too)', () => {
    const message = 'السلام عليكم، متى يتم صرف المساعدة؟ وأرجو الإفادة، جزاكم الله خيراً';
    expect(messageWords(message)).toEqual(['صرف', 'مساعده', 'افاده', 'الله']);
    expect(indexWords('رجاء سلام الحربي')).toEqual(['رجاء', 'سلام', 'حربي']);
  });
});

describe('Cognito hosted sign-in with PKCE', () => {
  const config = {
    domain: 'https://sanad.auth.me-south-1.amazoncognito.com',
    clientId: '1example23456789',
    redirectUri: 'https://inbox.example.org/',
  };

  it('derives the S256 code challenge of RFC 7636’s example verifier', async () => {
    expect(await codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('asks the authorize endpoint for a code with the challenge and state', () => {
    const url = new URL(authorizeUrl(config, 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', 'state-1'));
    expect(url.origin + url.pathname).toBe(
      'https://sanad.auth.me-south-1.amazoncognito.com/oauth2/authorize',
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: '1example23456789',
      redirect_uri: 'https://inbox.example.org/',
      scope: 'openid email profile',
      code_challenge_method: 'S256',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      state: 'state-1',
    });
  });

  it('keeps the inbox route to return to after signing in, and nothing that is not a route', () => {
    // A notice email's link, opened signed out, leads back to its ticket after Cognito's redirect.
    expect(inboxRouteOf('#/tickets/01M8MF6SMXESKS8MBKSPXFP978')).toBe('#/tickets/01M8MF6SMXESKS8MBKSPXFP978');
    expect(inboxRouteOf('#/admin/staff')).toBe('#/admin/staff');
    expect(inboxRouteOf('')).toBe('');
    expect(inboxRouteOf('#access_token=abc')).toBe('');
    expect(inboxRouteOf('#/tickets/x"><script>')).toBe('');
  });

  it('redeems the code with the verifier as a form post', () => {
    const request = tokenRequest(config, 'AUTHORIZATION_CODE', 'verifier-1');
    expect(request.headers).toEqual({ 'content-type': 'application/x-www-form-urlencoded' });
    expect(Object.fromEntries(new URLSearchParams(String(request.body)))).toEqual({
      grant_type: 'authorization_code',
      client_id: '1example23456789',
      code: 'AUTHORIZATION_CODE',
      redirect_uri: 'https://inbox.example.org/',
      code_verifier: 'verifier-1',
    });
  });

  it('makes verifiers long enough and from the unreserved alphabet', () => {
    expect(randomVerifier()).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
  });
});
