import { describe, expect, it } from 'vitest';
import { DEPLOYED_FUNCTIONS, modulesOf, wiringOf } from './deployed-handlers.ts';

const SENDERS = 'functions/platform/aws-senders.ts';

describe('the senders a deployed function bundles', () => {
  it.each(Object.entries(DEPLOYED_FUNCTIONS))(
    '%s names the senders exactly when it answers beneficiaries',
    async (_, spec) => {
      const modules = Object.keys(await modulesOf(spec.entry));
      expect(modules.length).toBeGreaterThan(10);
      expect(modules.includes(SENDERS)).toBe(Boolean(spec.access.replies));
    },
  );

  it('lists among the answering functions every one granted mail or texts', () => {
    const granted = Object.entries(DEPLOYED_FUNCTIONS).filter(
      ([, spec]) => spec.access.sendEmail || spec.access.sendSms,
    );
    expect(granted.length).toBeGreaterThan(5);
    for (const [name, spec] of granted) expect(spec.access.replies, name).toBe(true);
  });
});

describe('the staff and live parts a deployed function names', () => {
  // Staff routes and the inbox's live connection check staff tokens; no other function carries the JWT library.
  const checksStaffTokens = (name: string, spec: (typeof DEPLOYED_FUNCTIONS)[string]) =>
    spec.auth === 'staff' || name === 'realtimeConnect';

  it.each(Object.entries(DEPLOYED_FUNCTIONS))(
    '%s names the token check, the staff accounts and the live pusher exactly when it uses them',
    (name, spec) => {
      const wiring = wiringOf(spec.entry);
      expect(wiring.includes('awsStaffTokens'), wiring).toBe(checksStaffTokens(name, spec));
      expect(wiring.includes('awsStaffAccounts'), wiring).toBe(Boolean(spec.access.staffAccounts));
      expect(wiring.includes('awsLivePusher'), wiring).toBe(Boolean(spec.access.websocket));
    },
  );
});
