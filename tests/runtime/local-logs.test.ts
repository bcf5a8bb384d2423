import { createTransport } from 'nodemailer';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { logger } from '../../functions/lib/observability.ts';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { postJson, startTestRuntime } from '../support/runtime.ts';
import { anApplication } from '../support/support-request.ts';

let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime({ smtpPort: 0 });
});
afterAll(async () => {
  await runtime.close();
});
afterEach(() => {
  logger.setLogLevel('SILENT');
  vi.restoreAllMocks();
});

/** The JSON log lines written while `work` runs, as Powertools writes them to stdout. */
async function linesWhile(work: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const lines: Record<string, unknown>[] = [];
  const write = process.stdout.write.bind(process.stdout);
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk, ...rest) => {
    const text = String(chunk);
    if (!text.startsWith('{')) return write(chunk, ...(rest as []));
    lines.push(JSON.parse(text));
    return true;
  });
  // Tests run with LOG_LEVEL=SILENT, which each invocation would go back to: INFO stays for this one's.
  vi.spyOn(logger, 'refreshSampleRateCalculation').mockImplementation(() => undefined);
  logger.setLogLevel('INFO');
  await work();
  await runtime.settled();
  logger.setLogLevel('SILENT');
  return lines;
}

describe('local log lines', () => {
  it('name the function that serves each request or event, as each Lambda function’s own lines do', async () => {
    const lines = await linesWhile(() =>
      // At once: one process runs them side by side, and each line must still name its own function.
      Promise.all([
        postJson(`${runtime.url}/public/contact`, {
          name: 'سالم',
          phone: '0554448310',
          subject: 'سؤال',
          message: 'متى يفتح باب التقديم؟',
        }),
        postJson(`${runtime.url}/public/support-requests`, anApplication()),
        runtime.sweepEscalations(),
      ]),
    );
    const functionOf = (message: string) =>
      lines.filter((line) => line.message === message).map((line) => line.function_name);
    expect(functionOf('Web form contact ingested')).toEqual(['webFormContact']);
    expect(functionOf('Support request received')).toEqual(['supportRequestForm']);
    expect(functionOf('Escalation sweep')).toEqual(['escalationSweep']);
    // Each request's lines carry its own request id, never the other's.
    const [contact] = lines.filter((line) => line.message === 'Web form contact ingested');
    const [request] = lines.filter((line) => line.message === 'Support request received');
    expect(contact?.correlationId).toEqual(expect.any(String));
    expect(request?.correlationId).toEqual(expect.any(String));
    expect(contact?.correlationId).not.toBe(request?.correlationId);
  });

  it("name email-inbound for a mail on the SMTP port, under the mail's own id, as SES's invocation would", async () => {
    const smtp = createTransport({
      host: '127.0.0.1',
      port: runtime.smtpPort,
      secure: false,
      ignoreTLS: true,
    });
    try {
      const lines = await linesWhile(() =>
        smtp.sendMail({
          from: 'huda@example.com',
          to: 'support@sanad.local',
          subject: 'استفسار عن الدعم',
          text: 'السلام عليكم، متى يصرف الدعم؟',
        }),
      );
      const received = lines.filter((line) => line.message === 'Mail received');
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ function_name: 'emailInbound', correlationId: expect.any(String) });
    } finally {
      smtp.close();
    }
  });
});
