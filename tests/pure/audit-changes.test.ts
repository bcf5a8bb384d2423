import { describe, expect, it } from 'vitest';
import { changedFields, type ValueWords } from '../../web/src/admin/audit-changes.ts';

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

describe('the values a change log entry shows', () => {
  const labels: Record<string, Record<string, string>> = {
    roles: { agent: 'موظف خدمة', supervisor: 'مشرف' },
    queueIds: { 'social-research': 'البحث الاجتماعي' },
  };
  const arabic: ValueWords = {
    yes: 'نعم',
    no: 'لا',
    none: 'لا شيء',
    separator: '، ',
    number: (value) => new Intl.NumberFormat('ar-SA-u-nu-arab').format(value),
    label: (field, value) => labels[field]?.[value],
  };

  it('reads a switch as yes or no, a list as its labels with commas, an unknown item as it is', () => {
    const before = { autoAssign: false, roles: ['agent'], queueIds: [], capacity: 5 };
    const after = {
      autoAssign: true,
      roles: ['agent', 'supervisor'],
      queueIds: ['social-research', 'q-old'],
    };
    expect(changedFields(before, after, arabic)).toEqual([
      { field: 'autoAssign', from: 'لا', to: 'نعم' },
      { field: 'roles', from: 'موظف خدمة', to: 'موظف خدمة، مشرف' },
      { field: 'queueIds', from: 'لا شيء', to: 'البحث الاجتماعي، q-old' },
      { field: 'capacity', from: '٥', to: undefined },
    ]);
  });

  it('compares what is stored, not its words: a change the labels hide is still listed, an equal list is not', () => {
    const same: ValueWords = { ...arabic, label: () => 'x' };
    expect(changedFields({ roles: ['agent'] }, { roles: ['admin'] }, same)).toEqual([
      { field: 'roles', from: 'x', to: 'x' },
    ]);
    expect(
      changedFields({ roles: ['agent'], archived: true }, { roles: ['agent'], archived: true }, same),
    ).toEqual([]);
  });

  it('keeps a list of records (the rules) as it is stored', () => {
    expect(changedFields(undefined, { rules: [{ id: 'r1', enabled: true }] }, arabic)).toEqual([
      { field: 'rules', from: undefined, to: '[{"id":"r1","enabled":true}]' },
    ]);
  });
});
