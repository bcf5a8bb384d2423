import { simpleParser } from 'mailparser';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { DEFAULT_SOCIETY_PROFILE } from '../../shared/domain/society-profile.ts';
import { postJson, signIn, startTestRuntime } from '../support/runtime.ts';
import { anApplication } from '../support/support-request.ts';

let runtime: LocalRuntime;
let admin: string;
let supervisor: string;
let agent: string;

beforeAll(async () => {
  runtime = await startTestRuntime({ smtpPort: 0 });
  [admin, supervisor, agent] = await Promise.all([
    signIn(runtime, 'admin@sanad.local'),
    signIn(runtime, 'supervisor@sanad.local'),
    signIn(runtime, 'agent@sanad.local'),
  ]);
});
afterAll(async () => {
  await runtime.close();
});

async function send(method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(`${runtime.url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const profile = {
  nameAr: 'جمعية البر الخيرية بحائل',
  nameEn: 'Al-Birr Charitable Society, Hail',
  logoUrl: 'https://birr.example/logo.svg',
  primaryColour: '#1d4ed8',
  contact: { phone: '0165330000', whatsapp: '+966501234567', email: 'info@birr.example' },
  workingHoursAr: 'الأحد إلى الخميس، 8 ص - 2 م',
  workingHoursEn: 'Sunday to Thursday, 8 am - 2 pm',
  publicSiteUrl: 'https://birr.example',
};

describe('the society profile', () => {
  it('shows the default to the public until an admin saves the society’s own', async () => {
    const shown = await send('GET', '/public/society-profile');
    expect(shown).toMatchObject({ status: 200, body: { nameAr: DEFAULT_SOCIETY_PROFILE.nameAr } });
  });

  it('is changed by admins only, validated, and then drives the public profile', async () => {
    expect((await send('PUT', '/api/society-profile', supervisor, profile)).status).toBe(403);
    expect((await send('PUT', '/api/society-profile', agent, profile)).status).toBe(403);
    const bad = await send('PUT', '/api/society-profile', admin, { ...profile, primaryColour: 'blue' });
    expect(bad.status).toBe(400);
    expect((bad.body.fields as { field: string }[]).map((field) => field.field)).toEqual(['primaryColour']);

    const saved = await send('PUT', '/api/society-profile', admin, profile);
    expect(saved).toMatchObject({ status: 200, body: { ...profile, updatedBy: 'u-admin' } });
    expect((await send('GET', '/api/society-profile', agent)).body).toMatchObject(profile);
    const shown = await send('GET', '/public/society-profile');
    expect(shown.body).toEqual({
      ...profile,
      contactLinks: {
        phone: { label: '0165330000', href: 'tel:+966165330000' },
        whatsapp: { label: '+966501234567', href: 'https://wa.me/966501234567' },
        email: { label: 'info@birr.example', href: 'mailto:info@birr.example' },
      },
    });
  });

  it('refuses a logo that is not https or a safe inline image, a colour white text cannot be read on, and a phone that is not one', async () => {
    const refusedField = async (change: Record<string, unknown>) => {
      const refused = await send('PUT', '/api/society-profile', admin, { ...profile, ...change });
      expect(refused.status).toBe(400);
      return (refused.body.fields as { field: string; code: string; messageAr: string }[])[0];
    };
    expect(await refusedField({ logoUrl: 'http://birr.example/logo.png' })).toMatchObject({
      field: 'logoUrl',
      code: 'logo_not_accepted',
    });
    const scripted = `data:image/svg+xml;base64,${btoa('<svg onload="alert(1)"/>')}`;
    expect(await refusedField({ logoUrl: scripted })).toMatchObject({ code: 'logo_not_accepted' });
    expect(await refusedField({ primaryColour: '#ffcc00' })).toMatchObject({
      field: 'primaryColour',
      code: 'colour_contrast_too_low',
      messageAr: expect.stringContaining('أغمق'),
    });
    expect(await refusedField({ contact: { ...profile.contact, whatsapp: 'واتساب' } })).toMatchObject({
      field: 'contact.whatsapp',
      code: 'invalid_phone',
    });

    const inline = `data:image/svg+xml;base64,${btoa('<svg xmlns="http://www.w3.org/2000/svg"/>')}`;
    const saved = await send('PUT', '/api/society-profile', admin, { ...profile, logoUrl: inline });
    expect(saved).toMatchObject({ status: 200, body: { logoUrl: inline } });
  });
});

describe('the society’s name in what beneficiaries receive', () => {
  const renamed = {
    ...profile,
    nameAr: 'جمعية الوفاء الخيرية بالقصيم',
    nameEn: 'Al-Wafa Charitable Society',
  };

  it('is the profile’s new name in the SMS acknowledgement of a support request and in an email acknowledgement', async () => {
    expect((await send('PUT', '/api/society-profile', admin, renamed)).status).toBe(200);

    const application = anApplication();
    expect((await postJson(`${runtime.url}/public/support-requests`, application)).status).toBe(201);
    const phone = `+966${String(application.phone).slice(1)}`;
    await runtime.settled();
    const texts = runtime.outbox.list('sms').filter((entry) => entry.to === phone);
    const acknowledgement = JSON.parse(texts[0]?.payload ?? '{}') as { text?: string };
    expect(acknowledgement.text).toContain('جمعية الوفاء الخيرية بالقصيم');
    expect(acknowledgement.text).not.toContain('{societyName}');

    const smtp = createTransport({
      host: '127.0.0.1',
      port: runtime.smtpPort,
      secure: false,
      ignoreTLS: true,
    });
    await smtp.sendMail({
      from: 'noura@example.com',
      to: 'support@sanad.local',
      subject: 'استفسار عن السلة الغذائية',
      text: 'السلام عليكم، متى يبدأ التسجيل؟',
    });
    smtp.close();
    await runtime.settled();
    const mails = runtime.outbox.list('email').filter((entry) => entry.to === 'noura@example.com');
    const mail = await simpleParser(mails[0]?.payload ?? '');
    expect(mail.from?.value[0]).toEqual({
      name: 'جمعية الوفاء الخيرية بالقصيم',
      address: 'support@sanad.local',
    });
    // The display name travels as an encoded word, never as raw UTF-8 in the header.
    expect(mails[0]?.payload).toMatch(/^From: =\?UTF-8\?/im);
    expect(mail.text).toContain('جمعية الوفاء الخيرية بالقصيم');
    expect(mail.text).toContain('Al-Wafa Charitable Society');
  });
});
