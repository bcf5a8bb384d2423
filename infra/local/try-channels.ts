/**
 * `npm run try-channels`: sends one realistic, correctly signed sample from each provider to a running
 * `npm start` (PORT, default 3000), so every channel can be tried by hand. The samples follow the providers'
 * documented webhook examples, with Arabic text.
 */
import { createHmac } from 'node:crypto';
import { LOCAL_META_APP_SECRET, LOCAL_TELEGRAM_SECRET } from './runtime.ts';

const base = `http://127.0.0.1:${process.env.PORT ?? 3000}`;
const metaSecret = process.env.META_APP_SECRET ?? LOCAL_META_APP_SECRET;
const telegramSecret = process.env.TELEGRAM_WEBHOOK_SECRET ?? LOCAL_TELEGRAM_SECRET;
const stamp = Date.now();
const seconds = Math.floor(stamp / 1000);

const samples: {
  name: string;
  path: string;
  body: unknown;
  headers?: (raw: string) => Record<string, string>;
}[] = [
  {
    name: 'SMS (two-way SMS on the SNS topic)',
    path: '/local/sms',
    body: {
      originationNumber: '+966551230101',
      destinationNumber: '+966112345678',
      messageBody: 'السلام عليكم، متى يصرف الدعم؟',
      inboundMessageId: `try-sms-${stamp}`,
    },
  },
  {
    name: 'WhatsApp Cloud API',
    path: '/webhooks/whatsapp',
    body: {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '102290129340398',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '966112345678', phone_number_id: '106540352242922' },
                contacts: [{ profile: { name: 'لطيفة الجهني' }, wa_id: '966551230202' }],
                messages: [
                  {
                    from: '966551230202',
                    id: `wamid.try${stamp}`,
                    timestamp: String(seconds),
                    type: 'text',
                    text: { body: 'أرغب في التسجيل في برنامج الأسر المنتجة' },
                  },
                ],
              },
            },
          ],
        },
      ],
    },
    headers: (raw) => ({
      'x-hub-signature-256': `sha256=${createHmac('sha256', metaSecret).update(raw).digest('hex')}`,
    }),
  },
  {
    name: 'Messenger',
    path: '/webhooks/messenger',
    body: {
      object: 'page',
      entry: [
        {
          id: 'PAGE',
          time: stamp,
          messaging: [
            {
              sender: { id: '6240000000000001' },
              recipient: { id: 'PAGE' },
              timestamp: stamp,
              message: { mid: `m_try${stamp}`, text: 'هل يوجد معرض قريب؟' },
            },
          ],
        },
      ],
    },
    headers: (raw) => ({
      'x-hub-signature-256': `sha256=${createHmac('sha256', metaSecret).update(raw).digest('hex')}`,
    }),
  },
  {
    name: 'Instagram',
    path: '/webhooks/instagram',
    body: {
      object: 'instagram',
      entry: [
        {
          id: 'IG',
          time: stamp,
          messaging: [
            {
              sender: { id: '17840000000000001' },
              recipient: { id: 'IG' },
              timestamp: stamp,
              message: { mid: `ig_try${stamp}`, text: 'كيف أتطوع معكم؟' },
            },
          ],
        },
      ],
    },
    headers: (raw) => ({
      'x-hub-signature-256': `sha256=${createHmac('sha256', metaSecret).update(raw).digest('hex')}`,
    }),
  },
  {
    name: 'Telegram',
    path: '/webhooks/telegram',
    body: {
      update_id: stamp % 1_000_000_000,
      message: {
        message_id: 1,
        from: { id: 700900900, is_bot: false, first_name: 'ماجد', language_code: 'ar' },
        chat: { id: 700900900, type: 'private', first_name: 'ماجد' },
        date: seconds,
        text: 'مرحباً، أريد الاستفسار عن الدورات',
      },
    },
    headers: () => ({ 'x-telegram-bot-api-secret-token': telegramSecret }),
  },
  {
    name: 'Web form',
    path: '/public/contact',
    body: {
      name: 'بدر الشهراني',
      phone: '0551230303',
      subject: 'اقتراح',
      message: 'أقترح ورشة تسويق إلكتروني للأسر',
      type: 'suggestion',
    },
  },
];

for (const sample of samples) {
  const raw = JSON.stringify(sample.body);
  try {
    const response = await fetch(`${base}${sample.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...sample.headers?.(raw) },
      body: raw,
    });
    console.log(
      `${sample.name.padEnd(36)} POST ${sample.path.padEnd(20)} → ${response.status} ${await response.text()}`,
    );
  } catch (error) {
    console.error(
      `${sample.name}: ${base} did not answer (${(error as Error).message}). Is npm start running?`,
    );
    process.exitCode = 1;
  }
}
console.log(
  '\nMail: send to smtp://127.0.0.1:2525 (e.g. swaks --server 127.0.0.1:2525 --to support@sanad.local).',
);
