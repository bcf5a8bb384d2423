import { simpleParser } from 'mailparser';
import { afterAll, beforeAll } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoAcknowledgementLedger } from '../../functions/adapters/dynamodb/email-repository.ts';
import { OutboxRepository } from '../../functions/adapters/dynamodb/outbox-repository.ts';
import { QuarantineRepository } from '../../functions/adapters/dynamodb/quarantine-repository.ts';
import { SocietyProfileRepository } from '../../functions/adapters/dynamodb/society-profile-repository.ts';
import { ulidGenerator } from '../../functions/adapters/ids.ts';
import { FolderObjectStore } from '../../infra/local/folder-object-store.ts';
import { LOCAL_MAIL_IDENTITY } from '../../infra/local/local-secrets.ts';
import { LocalOutbox } from '../../infra/local/outbox.ts';
import { OutboxEmailSender } from '../../infra/local/outbox-email-sender.ts';
import type { InboundContact } from '../../shared/domain/inbound-contact.ts';
import { DEFAULT_MEDIA_MAX_BYTES } from '../../shared/domain/media.ts';
import { findReference } from '../../shared/domain/reference.ts';
import {
  type ReceivedEmail,
  type ReceiveEmailDeps,
  receiveEmail,
} from '../../shared/use-cases/receive-email.ts';
import { startTestStore, type TestStore } from './store.ts';

/**
 * The received-mail use case over a dynalite store for the test file, acknowledging through the local outbox:
 * `aMail` builds a parsed mail, `receive` takes one that must become (or join) a ticket.
 */
export function useEmailIntake() {
  let t: TestStore;
  let deps: ReceiveEmailDeps;
  let outbox: LocalOutbox;
  let sequence = 0;

  beforeAll(async () => {
    t = await startTestStore();
    outbox = new LocalOutbox(ulidGenerator());
    const db = createDocumentClient(t.dynamo.clientConfig);
    deps = {
      ...t.deps,
      store: t.store,
      acknowledgements: new DynamoAcknowledgementLedger(db, 'sanad-test'),
      quarantine: new QuarantineRepository(db, 'sanad-test'),
      senders: { email: new OutboxEmailSender(LOCAL_MAIL_IDENTITY, new FolderObjectStore(), outbox) },
      societyProfile: new SocietyProfileRepository(db, 'sanad-test'),
      outbox: new OutboxRepository(db, 'sanad-test'),
      mediaMaxBytes: DEFAULT_MEDIA_MAX_BYTES,
    };
  });
  afterAll(async () => {
    await t.dynamo.close();
  });

  /** A received mail from `from`, as the parser would give it; override what the test is about. */
  function aMail(
    from: string,
    overrides: Partial<InboundContact> = {},
    signals: Partial<ReceivedEmail['signals']> = {},
  ) {
    sequence += 1;
    const messageId = `<msg-${Date.now()}-${sequence}@mail.example.com>`;
    return {
      inbound: {
        channel: 'email',
        providerMessageId: messageId,
        identities: [{ kind: 'email', value: from }],
        displayName: 'أم خالد',
        subject: 'طلب مساعدة في سداد الإيجار',
        text: 'السلام عليكم، أرجو مساعدتي في سداد الإيجار',
        attachments: [],
        receivedAt: new Date().toISOString(),
        ...overrides,
        // As the parser does: the ids it names and the token in its subject.
        threading: { messageId, reference: findReference(overrides.subject ?? ''), ...overrides.threading },
      },
      signals: { from, returnPath: `<${from}>`, ...signals },
      verdict: { spam: false },
      // SES found the sender's domain vouching for the mail; the authenticity cases say otherwise.
      authentication: { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' },
    } satisfies ReceivedEmail;
  }

  /** A mail that became (or joined) a ticket; anything else fails the test here. */
  async function receive(mail: ReceivedEmail) {
    const receipt = await receiveEmail(deps, mail);
    if (!('ticketId' in receipt) || !('acknowledgement' in receipt)) {
      throw new Error(`Expected a ticket message, got ${receipt.outcome}`);
    }
    return receipt;
  }

  const lastOutboxMail = async (to: string) => {
    const entry = outbox
      .list('email')
      .filter((candidate) => candidate.to === to)
      .at(-1);
    return entry ? simpleParser(entry.payload) : undefined;
  };

  return {
    aMail,
    receive,
    lastOutboxMail,
    get t() {
      return t;
    },
    get deps() {
      return deps;
    },
    get outbox() {
      return outbox;
    },
  };
}
