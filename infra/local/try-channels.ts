/**
 * `npm run try-channels`: sends one realistic, correctly signed sample from each provider to a running
 * `npm start` (PORT, default 3000), so every channel can be tried by hand. The samples follow the providers'
 * documented webhook examples, with Arabic text: messages, then files (a WhatsApp picture, a Telegram PDF, a
 * Messenger photo), a Telegram edit and a WhatsApp reaction. The files are served by a provider stand-in on
 * STAND_IN_PORT (default 3999), kept up for STAND_IN_SECONDS (default 20) so `npm start` can fetch them: start it
 * with the environment printed below, or without tokens to see files kept as "not fetched: no provider token".
 */

import { LOCAL_META_APP_SECRET, LOCAL_TELEGRAM_SECRET } from './local-secrets.ts';
import { messengerWebhook, metaSignature, whatsappWebhook } from './provider-payloads.ts';
import {
  STAND_IN_PAGE_TOKEN,
  STAND_IN_TELEGRAM_TOKEN,
  STAND_IN_WHATSAPP_TOKEN,
  startProviderStandIn,
} from './provider-stand-in.ts';
import { samplePdf, samplePng } from './sample-files.ts';

const base = `http://127.0.0.1:${process.env.PORT ?? 3000}`;
const metaSecret = process.env.META_APP_SECRET ?? LOCAL_META_APP_SECRET;
const telegramSecret = process.env.TELEGRAM_WEBHOOK_SECRET ?? LOCAL_TELEGRAM_SECRET;
const stamp = Date.now();
const seconds = Math.floor(stamp / 1000);
const standIn = await startProviderStandIn('127.0.0.1', Number(process.env.STAND_IN_PORT ?? 3999));

// A picture and a one-page PDF, real enough for the inbox to show.
const picture = samplePng();
const pdf = samplePdf('Tenancy contract - try-channels');
standIn.addWhatsAppMedia(`try-image-${stamp}`, { body: picture, contentType: 'image/png' });
standIn.addTelegramFile(`try-document-${stamp}`, { body: pdf, contentType: 'application/pdf' });
const messengerPhoto = standIn.addCdnFile(`try-${stamp}.png`, { body: picture, contentType: 'image/png' });

const signedByMeta = (raw: string) => metaSignature(raw, metaSecret);
const whatsappMessages = (messages: unknown[]) =>
  whatsappWebhook({ waId: '966551230202', name: 'لطيفة الجهني' }, messages);
const telegramFrom = { id: 700900900, is_bot: false, first_name: 'ماجد', language_code: 'ar' };
const telegramChat = { id: 700900900, type: 'private', first_name: 'ماجد' };

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
    body: whatsappMessages([
      {
        from: '966551230202',
        id: `wamid.try${stamp}`,
        timestamp: String(seconds),
        type: 'text',
        text: { body: 'أرغب في التسجيل في برنامج الأسر المنتجة' },
      },
    ]),
    headers: signedByMeta,
  },
  {
    name: 'Messenger',
    path: '/webhooks/messenger',
    body: messengerWebhook('6240000000000001', stamp, { mid: `m_try${stamp}`, text: 'هل يوجد معرض قريب؟' }),
    headers: signedByMeta,
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
    headers: signedByMeta,
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
    name: 'WhatsApp picture (fetched)',
    path: '/webhooks/whatsapp',
    body: whatsappMessages([
      {
        from: '966551230202',
        id: `wamid.tryimage${stamp}`,
        timestamp: String(seconds),
        type: 'image',
        image: { caption: 'صورة بطاقة العائلة', mime_type: 'image/jpeg', id: `try-image-${stamp}` },
      },
    ]),
    headers: signedByMeta,
  },
  {
    name: 'WhatsApp reaction',
    path: '/webhooks/whatsapp',
    body: whatsappMessages([
      {
        from: '966551230202',
        id: `wamid.tryreaction${stamp}`,
        timestamp: String(seconds),
        type: 'reaction',
        reaction: { message_id: `wamid.try${stamp}`, emoji: '👍' },
      },
    ]),
    headers: signedByMeta,
  },
  {
    name: 'Telegram document (fetched)',
    path: '/webhooks/telegram',
    body: {
      update_id: (stamp % 1_000_000_000) + 1,
      message: {
        message_id: 2,
        from: telegramFrom,
        chat: telegramChat,
        date: seconds,
        caption: 'عقد الإيجار',
        document: {
          file_id: `try-document-${stamp}`,
          file_unique_id: 'try',
          file_name: 'عقد-الإيجار.pdf',
          mime_type: 'application/pdf',
        },
      },
    },
    headers: () => ({ 'x-telegram-bot-api-secret-token': telegramSecret }),
  },
  {
    name: 'Telegram edit',
    path: '/webhooks/telegram',
    body: {
      update_id: (stamp % 1_000_000_000) + 2,
      edited_message: {
        message_id: 1,
        from: telegramFrom,
        chat: telegramChat,
        date: seconds,
        edit_date: seconds + 5,
        text: 'مرحباً، أريد الاستفسار عن الدورات المسائية',
      },
    },
    headers: () => ({ 'x-telegram-bot-api-secret-token': telegramSecret }),
  },
  {
    name: 'Messenger photo (fetched)',
    path: '/webhooks/messenger',
    body: messengerWebhook('6240000000000001', stamp + 1, {
      mid: `m_tryphoto${stamp}`,
      attachments: [{ type: 'image', payload: { url: messengerPhoto } }],
    }),
    headers: signedByMeta,
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
const waitSeconds = Number(process.env.STAND_IN_SECONDS ?? 20);
console.log(
  `\nFiles: the provider stand-in serves them for ${waitSeconds} s. For npm start to fetch them, run it with\n` +
    `  META_GRAPH_URL=${standIn.metaGraphUrl} TELEGRAM_API_URL=${standIn.telegramApiUrl} ` +
    `WHATSAPP_ACCESS_TOKEN=${STAND_IN_WHATSAPP_TOKEN} TELEGRAM_BOT_TOKEN=${STAND_IN_TELEGRAM_TOKEN} ` +
    `META_PAGE_ACCESS_TOKEN=${STAND_IN_PAGE_TOKEN}\n` +
    'Without tokens the files stay references marked "not fetched: no provider token".',
);
await new Promise((resolve) => setTimeout(resolve, waitSeconds * 1000));
const served = standIn.requests.filter((request) => request.method === 'GET').map((request) => request.path);
console.log(
  `Stand-in requests: ${served.length ? served.join(', ') : 'none (npm start has no stand-in URLs/tokens)'}`,
);
await standIn.close();
