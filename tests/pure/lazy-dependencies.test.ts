import { describe, expect, it } from 'vitest';
import { builtOnFirstUse } from '../../functions/platform/platform.ts';
import type { NotificationStore } from '../../shared/ports/notifications.ts';
import { type NotificationDeps, noticeDepsOf } from '../../shared/use-cases/notification-centre.ts';

describe("a Lambda's lazily built dependencies", () => {
  it('give a notice its members without building those the function never names (its senders, say)', () => {
    const notifications = {} as NotificationStore;
    const deps = builtOnFirstUse<NotificationDeps & { senders: unknown }>({
      notifications: () => notifications,
      ids: () => ({ next: () => 'id', repeatable: () => 'id' }),
      clock: () => ({ now: () => new Date(0) }),
      staffDirectory: () => undefined,
      staffMail: () => undefined,
      senders: () => {
        throw new Error('This function sends no messages');
      },
    });
    expect(() => ({ ...deps })).toThrow('sends no messages');
    expect(noticeDepsOf(deps, deps.notifications).notifications).toBe(notifications);
  });
});
