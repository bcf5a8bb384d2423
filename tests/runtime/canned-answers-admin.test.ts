import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANNED_ANSWERS, type CannedAnswer } from '../../shared/domain/canned-answers.ts';
import { writeStartingConfiguration } from '../../shared/use-cases/first-run.ts';
import { type ClockedRuntime, startClockedRuntime } from '../support/clocked-runtime.ts';

let t: ClockedRuntime;

beforeAll(async () => {
  t = await startClockedRuntime(new Date('2026-11-29T09:00:00+03:00'));
});
afterAll(async () => {
  await t.runtime.close();
});

const visit = {
  titleAr: 'موعد الزيارة',
  text: 'سيزوركم الباحث الاجتماعي خلال الأسبوع القادم، نرجو تجهيز المستندات.',
  titleEn: 'Visit date',
  textEn: 'A social researcher will visit you next week; please have your documents ready.',
  documents: ['social-research-services-guide', 'support-request-form'],
};

type PickerAnswer = {
  id: string;
  text: string;
  textEn?: string;
  links: string[];
  missingDocuments: string[];
};
const picker = async () =>
  (await t.send('GET', '/api/canned-answers', t.agent)).body.answers as PickerAnswer[];

describe('canned answers are configuration supervisors and admins keep', () => {
  it('starts with the seven answers under their stable ids, with their documents still missing', async () => {
    const answers = await picker();
    expect(answers.map((answer) => answer.id).sort()).toEqual(
      CANNED_ANSWERS.map((answer) => answer.id).sort(),
    );
    expect(answers.find((answer) => answer.id === 'bylaws')).toMatchObject({
      links: [],
      missingDocuments: ['bylaws'],
    });
    expect(answers.find((answer) => answer.id === 'greeting')).toMatchObject({
      version: 1,
      textEn: expect.stringContaining('Thank you'),
      missingDocuments: [],
    });
  });

  it('lets supervisors and admins save, refuses agents, and audits each save', async () => {
    const opened = { ...visit, expectedVersion: 0 };
    expect((await t.send('PUT', '/api/canned-answers/visit-date', t.agent, opened)).status).toBe(403);
    const created = await t.send('PUT', '/api/canned-answers/visit-date', t.supervisor, opened);
    expect(created).toMatchObject({ status: 200, body: { id: 'visit-date', version: 1, ...visit } });
    const edited = await t.send('PUT', '/api/canned-answers/visit-date', t.admin, {
      ...visit,
      text: 'سيزوركم الباحث الاجتماعي يوم الأحد القادم.',
      expectedVersion: 1,
    });
    expect(edited).toMatchObject({ status: 200, body: { version: 2 } });

    const saved = (await picker()).find((answer) => answer.id === 'visit-date');
    expect(saved).toMatchObject({ text: 'سيزوركم الباحث الاجتماعي يوم الأحد القادم.', textEn: visit.textEn });
    expect(saved?.missingDocuments).toEqual(visit.documents);

    const audit = await t.send('GET', '/api/audit', t.admin);
    expect(audit.body.entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ setting: 'canned-answer', subjectId: 'visit-date', action: 'create' }),
        expect.objectContaining({
          setting: 'canned-answer',
          subjectId: 'visit-date',
          action: 'update',
          from: expect.objectContaining({ version: 1 }),
          to: expect.objectContaining({ version: 2 }),
        }),
      ]),
    );
  });

  it('refuses a save over a version someone else saved meanwhile, saying so in Arabic and English', async () => {
    const wording = { titleAr: 'مواعيد العمل', text: 'نعمل من الأحد إلى الخميس.', documents: [] };
    const path = '/api/canned-answers/working-hours';
    expect((await t.send('PUT', path, t.supervisor, { ...wording, expectedVersion: 0 })).status).toBe(200);
    // Another editor had the page open before that first save: their "new" answer would overwrite it.
    const created = await t.send('PUT', path, t.admin, {
      ...wording,
      text: 'نعمل كل يوم.',
      expectedVersion: 0,
    });
    expect(created).toMatchObject({
      status: 409,
      body: {
        error: 'stale_version',
        messageAr: expect.stringContaining('غيّر شخص آخر الرد الجاهز'),
        message: expect.stringContaining('changed by someone else'),
      },
    });

    // Two editors who both opened version 1 save at once: one is saved, the other refused, never both.
    const both = await Promise.all(
      ['نعمل من الأحد إلى الخميس صباحًا.', 'نعمل من الأحد إلى الخميس مساءً.'].map((text) =>
        t.send('PUT', path, t.admin, { ...wording, text, expectedVersion: 1 }),
      ),
    );
    expect(both.map((response) => response.status).sort()).toEqual([200, 409]);
    const versions = (await t.send('GET', `${path}/versions`, t.admin)).body.versions as CannedAnswer[];
    expect(versions.map((answer) => answer.version)).toEqual([2, 1]);
    const winner = both.find((response) => response.status === 200);
    expect(versions[0]?.text).toBe(winner?.body.text);

    // A save without the version it edited is refused as such.
    const blind = await t.send('PUT', path, t.admin, wording);
    expect(blind).toMatchObject({
      status: 400,
      body: { fields: [expect.objectContaining({ field: 'expectedVersion' })] },
    });
  });

  it('keeps every earlier version, newest first', async () => {
    expect((await t.send('GET', '/api/canned-answers/visit-date/versions', t.agent)).status).toBe(403);
    const versions = await t.send('GET', '/api/canned-answers/visit-date/versions', t.supervisor);
    expect(versions.status).toBe(200);
    expect(versions.body.versions).toEqual([
      expect.objectContaining({ version: 2, text: 'سيزوركم الباحث الاجتماعي يوم الأحد القادم.' }),
      expect.objectContaining({ version: 1, text: visit.text, updatedBy: 'u-supervisor' }),
    ]);
    expect((await t.send('GET', '/api/canned-answers/no-such-answer/versions', t.admin)).status).toBe(404);
  });

  it('refuses a bad id, a missing Arabic text, an unknown document or half an English wording with the field', async () => {
    const badId = await t.send('PUT', '/api/canned-answers/Has%20Spaces', t.admin, {
      ...visit,
      expectedVersion: 0,
    });
    expect(badId).toMatchObject({
      status: 400,
      body: { fields: [expect.objectContaining({ field: 'id' })] },
    });
    const { text: _arabic, ...withoutArabic } = visit;
    const refused = await t.send('PUT', '/api/canned-answers/visit-date', t.admin, {
      ...withoutArabic,
      documents: ['no-such-document'],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'text', messageAr: expect.any(String) }),
        expect.objectContaining({ field: 'documents.0' }),
      ]),
    );
    const halfEnglish = await t.send('PUT', '/api/canned-answers/visit-date', t.admin, {
      ...visit,
      textEn: ' ',
      expectedVersion: 2,
    });
    expect(halfEnglish.status).toBe(400);
    expect(halfEnglish.body.fields).toEqual([expect.objectContaining({ field: 'textEn' })]);
    // Arabic only is a whole answer: blank English fields are no English wording.
    const arabicOnly = await t.send('PUT', '/api/canned-answers/visit-date', t.admin, {
      ...visit,
      titleEn: '',
      textEn: '',
      expectedVersion: 2,
    });
    expect(arabicOnly).toMatchObject({ status: 200, body: { version: 3 } });
    expect(arabicOnly.body.textEn).toBeUndefined();
  });

  it('deletes for supervisors and admins only, and first run neither restores a deleted answer nor undoes an edit', async () => {
    expect((await t.send('DELETE', '/api/canned-answers/greeting', t.agent)).status).toBe(403);
    expect((await t.send('DELETE', '/api/canned-answers/greeting', t.supervisor)).status).toBe(200);
    expect((await t.send('DELETE', '/api/canned-answers/greeting', t.admin)).status).toBe(404);
    const edited = { titleAr: 'تم الاستلام', text: 'وصلنا طلبك، وسنعود إليك قريبًا.', documents: [] };
    const save = await t.send('PUT', '/api/canned-answers/received', t.admin, {
      ...edited,
      expectedVersion: 1,
    });
    expect(save.status).toBe(200);

    const written = await writeStartingConfiguration(t.runtime.deps);
    expect(written.filter((item) => item.startsWith('canned-answer:'))).toEqual([]);
    const answers = await picker();
    expect(answers.map((answer) => answer.id)).not.toContain('greeting');
    expect(answers.find((answer) => answer.id === 'received')).toMatchObject({ ...edited, version: 2 });
    const audit = await t.send('GET', '/api/audit', t.admin);
    expect(audit.body.entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ setting: 'canned-answer', subjectId: 'greeting', action: 'delete' }),
      ]),
    );
  });

  it('links a document in the picker once it is uploaded', async () => {
    const pdf = Buffer.from('%PDF-1.4\n% guide\n%%EOF\n');
    const upload = await t.send('PUT', '/api/documents/support-request-form', t.supervisor, {
      base64: pdf.toString('base64'),
    });
    expect(upload.status).toBe(200);
    const saved = (await picker()).find((answer) => answer.id === 'visit-date');
    expect(saved?.links).toEqual([`${t.runtime.url}/public/documents/support-request-form`]);
    expect(saved?.missingDocuments).toEqual(['social-research-services-guide']);
  });
});
