import { afterAll, beforeAll } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { postJson, signIn, startTestRuntime } from './runtime.ts';

/** The runtime of an inbox API test file and the tokens of the staff it acts as, set once it has started. */
export interface InboxRuntime {
  runtime: LocalRuntime;
  agent: string;
  researcher: string;
  manager: string;
  /** A web-form contact from this phone (and email). */
  webForm(phone: string, email?: string): Promise<{ ticketId: string; reference: string }>;
}

export const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** Starts one runtime for the test file and signs in an agent, a researcher and a manager. */
export function useInboxRuntime(): InboxRuntime {
  const inbox = {} as InboxRuntime;
  beforeAll(async () => {
    const runtime = await startTestRuntime();
    const [agent, researcher, manager] = await Promise.all(
      ['agent', 'researcher', 'manager'].map((who) => signIn(runtime, `${who}@sanad.local`)),
    );
    Object.assign(inbox, { runtime, agent, researcher, manager });
  });
  afterAll(async () => {
    await inbox.runtime?.close();
  });
  inbox.webForm = async (phone, email) => {
    const { body } = await postJson(`${inbox.runtime.url}/public/contact`, {
      name: 'أم عبدالله',
      phone,
      email,
      subject: 'استفسار عن الدعم',
      message: 'أرغب في معرفة شروط الدعم',
    });
    return body as { ticketId: string; reference: string };
  };
  return inbox;
}
