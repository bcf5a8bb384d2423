import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DEFAULT_SOCIETY_PROFILE } from '../../shared/domain/society-profile.ts';
import { auditEntries, type ClockedRuntime, startClockedRuntime } from '../support/clocked-runtime.ts';

// What the society says to beneficiaries (its name, its messages' words, its documents, its answers) is a setting
// like any other: each change shows on the audit page with who made it, from what, to what.
let t: ClockedRuntime;
beforeAll(async () => {
  t = await startClockedRuntime(new Date('2026-11-29T09:00:00+03:00'));
});
afterAll(async () => {
  await t.runtime.close();
});

const audited = async (setting: string) =>
  (await auditEntries(t)).filter((entry) => entry.setting === setting);

describe('the audit of what the society says', () => {
  it('keeps each society profile change, with an uploaded logo kept short', async () => {
    const {
      updatedBy: _by,
      updatedAt: _at,
      ...profile
    } = (await t.send('GET', '/api/society-profile', t.admin))
      .body as unknown as typeof DEFAULT_SOCIETY_PROFILE & {
      updatedBy?: string;
      updatedAt?: string;
    };
    const logo = `data:image/png;base64,${Buffer.alloc(60_000, 7).toString('base64')}`;
    const saved = await t.send('PUT', '/api/society-profile', t.admin, {
      ...profile,
      nameAr: 'جمعية الأسر المنتجة',
      logoUrl: logo,
    });
    expect(saved.status).toBe(200);
    const [entry] = await audited('society_profile');
    expect(entry).toMatchObject({
      subjectId: 'society_profile',
      actorId: 'u-admin',
      to: { nameAr: 'جمعية الأسر المنتجة', logoUrl: expect.stringMatching(/^image\/png, 79 KB, …/) },
    });
    expect(JSON.stringify(entry).length).toBeLessThan(2_000);
  });

  it('keeps each message rewording and its restoring', async () => {
    const text = 'وصل طلبكم {reference}، وسيصلكم القرار خلال {days} يوماً.';
    expect(
      (await t.send('PUT', '/api/message-templates/support_request_received', t.supervisor, { text })).status,
    ).toBe(200);
    expect((await t.send('DELETE', '/api/message-templates/support_request_received', t.admin)).status).toBe(
      200,
    );
    expect(await audited('message_template')).toMatchObject([
      { subjectId: 'support_request_received', actorId: 'u-admin', from: { text } },
      { subjectId: 'support_request_received', actorId: 'u-supervisor', to: { text } },
    ]);
  });

  it('keeps each document upload, and each answer written, changed and removed', async () => {
    const pdf = Buffer.from('%PDF-1.4\n% the bylaws\n').toString('base64');
    expect((await t.send('PUT', '/api/documents/bylaws', t.supervisor, { base64: pdf })).status).toBe(200);
    expect(await audited('society_document')).toMatchObject([
      { subjectId: 'bylaws', action: 'create', actorId: 'u-supervisor' },
    ]);
    const draft = { question: 'متى يصرف الدعم؟', answer: 'يصرف الدعم في أول الشهر.', documents: ['bylaws'] };
    const created = await t.send('POST', '/api/answers', t.supervisor, draft);
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(
      (
        await t.send('PUT', `/api/answers/${id}`, t.admin, {
          ...draft,
          answer: 'يصرف الدعم في الخامس من الشهر.',
        })
      ).status,
    ).toBe(200);
    expect((await t.send('DELETE', `/api/answers/${id}`, t.admin)).status).toBe(200);
    expect(await audited('knowledge_answer')).toMatchObject([
      { subjectId: id, action: 'delete', to: null },
      {
        subjectId: id,
        action: 'update',
        from: { answer: draft.answer },
        to: { answer: 'يصرف الدعم في الخامس من الشهر.' },
      },
      { subjectId: id, action: 'create', actorId: 'u-supervisor', to: { question: draft.question } },
    ]);
  });
});
