import { describe, expect, it } from 'vitest';
import {
  accessibleAccent,
  contrastRatio,
  DEFAULT_SOCIETY_PROFILE,
  logoProblem,
  MAX_LOGO_DATA_URL_CHARS,
  readableWithWhite,
  societyContactLinks,
} from '../../shared/domain/society-profile.ts';
import { DEFAULT_CALENDAR } from '../../shared/sla/defaults.ts';

const svg = (markup: string) => `data:image/svg+xml;base64,${btoa(markup)}`;

describe('the society’s logo', () => {
  it('is an https address or an inline PNG, JPEG or SVG image', () => {
    expect(logoProblem('https://birr.example/logo.svg')).toBeUndefined();
    expect(logoProblem('data:image/png;base64,iVBORw0KGgo=')).toBeUndefined();
    expect(logoProblem('data:image/jpeg;base64,/9j/4AAQ')).toBeUndefined();
    expect(logoProblem(svg('<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>'))).toBeUndefined();
  });

  it('never runs anything: plain http, other schemes and types, and SVGs with scripts are refused', () => {
    expect(logoProblem('http://birr.example/logo.png')).toBe('logo_not_accepted');
    expect(logoProblem('javascript:alert(1)')).toBe('logo_not_accepted');
    expect(logoProblem('data:text/html;base64,PHNjcmlwdD4=')).toBe('logo_not_accepted');
    expect(logoProblem('data:image/png,raw')).toBe('logo_not_accepted');
    expect(logoProblem(svg('<svg><script>alert(1)</script></svg>'))).toBe('logo_not_accepted');
    expect(logoProblem(svg('<svg onload="alert(1)"></svg>'))).toBe('logo_not_accepted');
    expect(logoProblem(svg('<svg><a href="javascript:alert(1)">x</a></svg>'))).toBe('logo_not_accepted');
    expect(logoProblem(svg('<svg><foreignObject><p>x</p></foreignObject></svg>'))).toBe('logo_not_accepted');
  });

  it('is refused inline when larger than the limit', () => {
    const big = `data:image/png;base64,${'A'.repeat(MAX_LOGO_DATA_URL_CHARS)}`;
    expect(logoProblem(big)).toBe('logo_too_large');
  });
});

describe('the society’s colour', () => {
  it('measures contrast as WCAG does', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(readableWithWhite(DEFAULT_SOCIETY_PROFILE.primaryColour)).toBe(true);
    expect(readableWithWhite('#ffcc00')).toBe(false);
  });

  it('is kept when white text on it passes AA, and darkened in its own hue until it does otherwise', () => {
    expect(accessibleAccent('#1D4ED8')).toBe('#1d4ed8');
    const adjusted = accessibleAccent('#ffcc00');
    expect(contrastRatio(adjusted, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    const [r, g, b] = [1, 3, 5].map((at) => Number.parseInt(adjusted.slice(at, at + 2), 16));
    expect(b).toBe(0);
    expect((g ?? 0) / (r ?? 1)).toBeCloseTo(0xcc / 0xff, 1);
  });
});

describe('the society’s contacts', () => {
  it('become a call, a WhatsApp chat and a mail a phone opens, showing what the admin typed', () => {
    expect(
      societyContactLinks({ phone: '016 533 0000', whatsapp: '0501234567', email: 'info@birr.example' }),
    ).toEqual({
      phone: { label: '016 533 0000', href: 'tel:+966165330000' },
      whatsapp: { label: '0501234567', href: 'https://wa.me/966501234567' },
      email: { label: 'info@birr.example', href: 'mailto:info@birr.example' },
    });
    expect(societyContactLinks({})).toEqual({});
  });
});

describe('a new installation', () => {
  it('tells beneficiaries the hours its response windows count: Sunday to Thursday, 8 am to 4 pm', () => {
    const [sunday] = DEFAULT_CALENDAR.week;
    expect([sunday?.at(0)?.start, sunday?.at(-1)?.end]).toEqual(['08:00', '16:00']);
    expect(DEFAULT_SOCIETY_PROFILE.workingHoursEn).toBe('Sunday to Thursday, 8 am to 4 pm');
    expect(DEFAULT_SOCIETY_PROFILE.workingHoursAr).toBe('من الأحد إلى الخميس، من 8 صباحاً حتى 4 عصراً');
  });
});
