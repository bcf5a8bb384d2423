import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { postJson } from './runtime.ts';

/** Staff log a visitor who came in person and asked `text`, through the API the log-a-contact form calls. */
export function logWalkIn(
  runtime: Pick<LocalRuntime, 'url'>,
  staffToken: string,
  visit: { idempotencyKey: string; phone: string; text: string },
) {
  return postJson(
    `${runtime.url}/api/tickets`,
    { channel: 'walk_in', name: 'زائرة', ...visit },
    { authorization: `Bearer ${staffToken}` },
  );
}
