import { createHash, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { AppDependencies } from '../../functions/lib/dependencies.ts';
import {
  type EmailDeliveryOutcome,
  receiveRawEmail,
  type ScannedEmailDelivery,
} from '../../functions/lib/email-delivery.ts';
import { logger, observed } from '../../functions/lib/observability.ts';
import { type MailAuthentication, UNAUTHENTICATED } from '../../shared/domain/email-authenticity.ts';
import { invokeLocally } from './api-gateway-event.ts';

/**
 * A received mail as the email-inbound function's invocation: SES's message id (the invocation's correlation id,
 * as SES's event gives it) beside the mail itself, which locally needs no bucket to pass through.
 */
interface LocalMailEvent {
  Records: [{ ses: { mail: { messageId: string } } }];
  delivery: ScannedEmailDelivery;
}

/** SES accepts mail up to 40 MB; the local port takes the same. */
const MAX_MESSAGE_BYTES = 40 * 1024 * 1024;

/**
 * What is taken as proven about a mail received on the local port. Nothing checks SPF, DKIM or DMARC here, so by
 * default every mail is unauthenticated (its sender only claimed); tests pass a function to play SES's verdicts.
 */
export type LocalMailAuthenticator = (mail: { raw: Buffer; envelopeFrom?: string }) => MailAuthentication;

export interface SmtpListener {
  port: number;
  close(): Promise<void>;
}

/**
 * `npm start`'s stand-in for the SES receipt rule: every mail sent to this port is kept raw (like SES's S3
 * action) and handed to the same email intake the Lambda uses. A failure answers 451, so the sender retries.
 */
export async function startSmtpListener(
  deps: AppDependencies,
  options: {
    port: number;
    host: string;
    onReceived?: (outcome: EmailDeliveryOutcome) => void;
    authenticate?: LocalMailAuthenticator;
  },
): Promise<SmtpListener> {
  const rawMail = deps.rawMail ?? deps.objects;
  // Its log lines name email-inbound and carry the mail's id, as the deployed function's do.
  const intake = observed(async (event: LocalMailEvent) => receiveRawEmail(deps, event.delivery));
  const server = new SMTPServer({
    name: 'sanad.local',
    banner: 'Sanad local mail intake',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(Object.assign(new Error('Message exceeds the size limit'), { responseCode: 552 }));
          return;
        }
        const raw = Buffer.concat(chunks);
        const receivedAt = deps.clock.now();
        const rawRef = `inbound/${receivedAt.toISOString().slice(0, 10)}/${createHash('sha256').update(raw).digest('hex')}.eml`;
        const mailFrom = session.envelope.mailFrom;
        const envelopeFrom = mailFrom === false ? undefined : mailFrom.address;
        rawMail
          .put(rawRef, raw, 'message/rfc822')
          .then(() =>
            invokeLocally('emailInbound', intake, {
              Records: [{ ses: { mail: { messageId: randomUUID() } } }],
              delivery: {
                raw,
                rawRef,
                receivedAt,
                envelopeFrom,
                verdict: { spam: false, virus: false },
                authentication: options.authenticate?.({ raw, envelopeFrom }) ?? UNAUTHENTICATED,
              },
            }),
          )
          .then(
            (outcome) => {
              options.onReceived?.(outcome);
              callback();
            },
            (error: unknown) => {
              logger.error('Mail intake failed; the sender is asked to retry', {
                rawRef,
                error: error instanceof Error ? error.name : 'unknown',
              });
              callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
            },
          );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
