import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { EVENT_FUNCTIONS } from '../../functions/event-functions.ts';
import { type FunctionAccess, HTTP_FUNCTIONS } from '../../functions/routes.ts';

const SENDERS = 'functions/platform/aws-senders.ts';
const FUNCTIONS: Record<string, { entry: string; access: FunctionAccess; auth?: string; trigger?: unknown }> =
  {
    ...HTTP_FUNCTIONS,
    ...EVENT_FUNCTIONS,
  };

/** Our own modules a handler pulls in (packages left out: only the import graph matters here). */
async function modulesOf(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
}

describe('the senders a deployed function bundles', () => {
  it.each(Object.entries(FUNCTIONS))(
    '%s names the senders exactly when it answers beneficiaries',
    async (_, spec) => {
      const modules = await modulesOf(spec.entry);
      expect(modules.length).toBeGreaterThan(10);
      expect(modules.includes(SENDERS)).toBe(Boolean(spec.access.replies));
    },
  );

  it('lists among the answering functions every one granted mail or texts', () => {
    const granted = Object.entries(FUNCTIONS).filter(
      ([, spec]) => spec.access.sendEmail || spec.access.sendSms,
    );
    expect(granted.length).toBeGreaterThan(5);
    for (const [name, spec] of granted) expect(spec.access.replies, name).toBe(true);
  });
});

describe('the staff and live parts a deployed function names', () => {
  // Staff routes and the inbox's live connection check staff tokens; no other function carries the JWT library.
  const checksStaffTokens = (name: string, spec: (typeof FUNCTIONS)[string]) =>
    spec.auth === 'staff' || name === 'realtimeConnect';

  it.each(Object.entries(FUNCTIONS))(
    '%s names the token check, the staff accounts and the live pusher exactly when it uses them',
    (name, spec) => {
      const wiring = /^export const handler = [^;]*;/m.exec(readFileSync(spec.entry, 'utf8'))?.[0] ?? '';
      expect(wiring.includes('awsStaffTokens'), wiring).toBe(checksStaffTokens(name, spec));
      expect(wiring.includes('awsStaffAccounts'), wiring).toBe(Boolean(spec.access.staffAccounts));
      expect(wiring.includes('awsLivePusher'), wiring).toBe(Boolean(spec.access.websocket));
    },
  );
});
