import type { RuleSet } from '../routing/rules.ts';
import { COMMITTEE_WINDOW_DAYS } from '../workflow/support-request.ts';
import type { BusinessCalendar, WorkingWeek } from './business-calendar.ts';
import type { SlaPolicy } from './policy.ts';

const shifts = [
  { start: '08:00', end: '12:00' },
  { start: '12:30', end: '16:00' },
];
const ramadan = [{ start: '10:00', end: '15:00' }];
/** Sunday to Thursday; Friday and Saturday off. */
const week = (periods: WorkingWeek[number]): WorkingWeek => [
  periods,
  periods,
  periods,
  periods,
  periods,
  [],
  [],
];

/**
 * The society's calendar until an admin edits it: Riyadh time, Sunday–Thursday in two shifts, shorter hours in
 * Ramadan (by Hijri year: the month's Gregorian dates follow), and the official holidays. Eid dates follow the
 * Hijri calendar and are entered each year (these are the expected dates; confirm them against the official
 * announcement).
 */
export const DEFAULT_CALENDAR: BusinessCalendar = {
  timeZone: 'Asia/Riyadh',
  week: week(shifts),
  ramadan: [
    { hijriYear: 1447, week: week(ramadan) },
    { hijriYear: 1448, week: week(ramadan) },
  ],
  overrides: [],
  holidays: [
    { name: 'يوم التأسيس', from: '2026-02-22', to: '2026-02-22' },
    { name: 'عيد الفطر 1447', from: '2026-03-19', to: '2026-03-24' },
    { name: 'عيد الأضحى 1447', from: '2026-05-25', to: '2026-05-30' },
    { name: 'اليوم الوطني', from: '2026-09-23', to: '2026-09-23' },
    { name: 'يوم التأسيس', from: '2027-02-22', to: '2027-02-22' },
    { name: 'عيد الفطر 1448', from: '2027-03-09', to: '2027-03-14' },
    { name: 'عيد الأضحى 1448', from: '2027-05-15', to: '2027-05-20' },
    { name: 'اليوم الوطني', from: '2027-09-23', to: '2027-09-23' },
  ],
};

/** Response windows the society starts with (minutes; business time unless said otherwise). */
export const DEFAULT_SLA_POLICIES: SlaPolicy[] = [
  {
    id: 'support-request',
    nameAr: 'طلبات الدعم',
    nameEn: 'Support requests',
    types: ['support_request'],
    // The first answer within a day; the committee decides within two calendar weeks of the complete
    // application, and the whole case (verification, decision, registration, service) within a month.
    targets: {
      firstResponse: 24 * 60,
      nextResponse: 2 * 24 * 60,
      resolution: 30 * 24 * 60,
      committeeDecision: COMMITTEE_WINDOW_DAYS * 24 * 60,
    },
    time: 'calendar',
    warningShare: 0.8,
    onBreach: { raisePriority: true },
  },
  {
    id: 'urgent',
    nameAr: 'عاجل ومرتفع',
    nameEn: 'Urgent and high',
    priorities: ['urgent', 'high'],
    targets: { firstResponse: 60, nextResponse: 2 * 60, resolution: 2 * 7 * 60 },
    time: 'business',
    warningShare: 0.8,
    onBreach: { raisePriority: true },
  },
  {
    id: 'standard',
    nameAr: 'عادي',
    nameEn: 'Standard',
    targets: { firstResponse: 4 * 60, nextResponse: 7 * 60, resolution: 3 * 7 * 60 },
    time: 'business',
    warningShare: 0.8,
    onBreach: { raisePriority: true },
    // Still unanswered a working day after the breach: the managers hear of it and it becomes urgent.
    furtherLevels: [{ afterMinutes: 7 * 60, notify: ['supervisors', 'managers'], raisePriority: true }],
  },
];

/** Routing rules the society starts with: support and volunteering by type or by what the beneficiary wrote. */
export const DEFAULT_RULE_SET: Omit<RuleSet, 'updatedAt' | 'updatedBy' | 'version'> = {
  defaultQueueId: 'beneficiary-relations',
  rules: [
    {
      // Applications are received by beneficiary relations: the branch's own when it has one.
      id: 'support-north-branch',
      name: 'طلبات الدعم من مدن الشمال إلى فرع الشمال',
      enabled: true,
      conditions: { types: ['support_request'], cities: ['حائل', 'تبوك', 'الجوف', 'عرعر'] },
      actions: { queueId: 'branch-north', tags: ['دعم'] },
    },
    {
      id: 'support-by-type',
      name: 'طلبات الدعم إلى علاقات المستفيدين للاستلام والتحقق',
      enabled: true,
      conditions: { types: ['support_request'] },
      actions: { queueId: 'beneficiary-relations', tags: ['دعم'] },
    },
    {
      // Asking for support is an inquiry answered with the form's link, by those who receive applications.
      id: 'support-by-words',
      name: 'كلمات الدعم والمساعدة',
      enabled: true,
      conditions: { keywords: ['طلب دعم', 'مساعدة مالية', 'إعانة', 'سلة غذائية', 'financial support'] },
      actions: { queueId: 'beneficiary-relations', tags: ['دعم'] },
    },
    {
      id: 'volunteering',
      name: 'التطوع',
      enabled: true,
      conditions: { keywords: ['تطوع', 'متطوع', 'volunteer'] },
      actions: { queueId: 'volunteering', tags: ['تطوع'] },
    },
    {
      id: 'volunteering-by-type',
      name: 'طلبات التطوع',
      enabled: true,
      conditions: { types: ['volunteering'] },
      actions: { queueId: 'volunteering', tags: ['تطوع'] },
    },
    {
      id: 'complaints',
      name: 'الشكاوى أولوية مرتفعة',
      enabled: true,
      conditions: { types: ['complaint'] },
      actions: { queueId: 'beneficiary-relations', priority: 'high', tags: ['شكوى'] },
    },
    {
      id: 'north-branch',
      name: 'مدن الشمال إلى فرع الشمال',
      enabled: true,
      conditions: { cities: ['حائل', 'تبوك', 'الجوف', 'عرعر'] },
      actions: { queueId: 'branch-north' },
    },
  ],
};
