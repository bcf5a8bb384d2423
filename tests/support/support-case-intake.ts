import { expect } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { getJson, postJson } from './runtime.ts';

/** An application's ticket as the agent opens it: a support request in beneficiary relations, at intake. */
export async function expectOpenedAtIntake(
  runtime: Pick<LocalRuntime, 'url'>,
  ticketId: string,
  agentToken: string | undefined,
): Promise<void> {
  const opened = await getJson(`${runtime.url}/api/tickets/${ticketId}`, agentToken);
  expect(opened.status).toBe(200);
  expect(opened.body.ticket).toMatchObject({
    type: 'support_request',
    queueId: 'beneficiary-relations',
    supportCase: { step: 'intake' },
  });
}

/**
 * The contact form sent with type support_request: taken as an inquiry, answered with the application form's
 * link. Answers the form's response.
 */
export async function askForSupportOnContactForm(
  runtime: Pick<LocalRuntime, 'url'>,
  contact: { name: string; phone: string; subject: string; message: string },
) {
  const created = await postJson(`${runtime.url}/public/contact`, { ...contact, type: 'support_request' });
  expect(created.status).toBe(201);
  expect(created.body.applicationForm).toMatchObject({
    url: expect.stringMatching(/\/public\/support-requests$/),
  });
  return created;
}
