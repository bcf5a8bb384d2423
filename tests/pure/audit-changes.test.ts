import { describe, expect, it } from 'vitest';
import { changedFields } from '../../web/src/admin/audit-changes.ts';

describe('the fields a change log entry lists', () => {
  it('opens a group of fields and leaves out who changed it and when, which the entry already says', () => {
    const before = {
      nameAr: 'جمعية البر',
      contact: { phone: '0165330000' },
      updatedAt: '2026-11-30T10:00:00Z',
      updatedBy: 'u-admin',
    };
    const after = {
      nameAr: 'جمعية البر',
      contact: { phone: '0165331111', email: 'info@birr.example' },
      updatedAt: '2026-11-30T11:00:00Z',
      updatedBy: 'u-supervisor',
    };
    expect(changedFields(before, after)).toEqual([
      { field: 'contact.phone', from: '0165330000', to: '0165331111' },
      { field: 'contact.email', from: undefined, to: 'info@birr.example' },
    ]);
  });

  it('lists a whole setting created, a removed one as what it was, and a plain value as one change', () => {
    expect(changedFields(undefined, { question: 'متى التوزيع؟', keywords: ['توزيع'] })).toEqual([
      { field: 'question', from: undefined, to: 'متى التوزيع؟' },
      { field: 'keywords', from: undefined, to: '["توزيع"]' },
    ]);
    expect(changedFields({ question: 'متى؟' }, null)).toEqual([{ field: '', from: '{"question":"متى؟"}' }]);
    expect(changedFields('قديم', 'جديد')).toEqual([{ field: '', from: 'قديم', to: 'جديد' }]);
  });
});
