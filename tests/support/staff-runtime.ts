import { afterAll, beforeAll } from 'vitest';
import type { LocalRuntime, LocalRuntimeOptions } from '../../infra/local/runtime.ts';
import { postJson, signIn, startTestRuntime } from './runtime.ts';

/** The test file's runtime and the tokens of the demo staff signed in on it (`agent` is agent@sanad.local). */
export interface StaffRuntime<Staff extends string> {
  runtime: LocalRuntime;
  tokens: Record<Staff, string>;
}

/** Starts one runtime for the test file and signs these staff in before its tests; closes it after them. */
export function useStaffRuntime<Staff extends string>(
  staff: readonly Staff[],
  options: Partial<LocalRuntimeOptions> = {},
): StaffRuntime<Staff> {
  const started = { tokens: {} } as StaffRuntime<Staff>;
  beforeAll(async () => {
    started.runtime = await startTestRuntime(options);
    for (const name of staff) started.tokens[name] = await signIn(started.runtime, `${name}@sanad.local`);
  });
  afterAll(async () => {
    await started.runtime?.close();
  });
  return started;
}

/** A contact staff log by hand (a walk-in, a letter...) under their idempotency key, as the inbox's form sends it. */
export function logContact(
  runtime: Pick<LocalRuntime, 'url'>,
  token: string,
  channel: string,
  idempotencyKey: string,
  contact: Record<string, unknown>,
) {
  return postJson(
    `${runtime.url}/api/tickets`,
    { channel, idempotencyKey, ...contact },
    { authorization: `Bearer ${token}` },
  );
}
