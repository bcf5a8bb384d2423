import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { describe, expect, it } from 'vitest';
import { parseEmail } from '../../../functions/channels/email/parse.ts';
import { FolderObjectStore } from '../../../infra/local/folder-object-store.ts';
import { parse, receivedAt } from '../../support/email-parsing.ts';

describe('parsing received mail: attachments', () => {
  it('keeps the mail but not an attachment over the cap, noting what was left out', async () => {
    const raw = await new MailComposer({
      from: 'umm.saad@example.com',
      to: 'support@sanad.org.sa',
      subject: 'عقد الإيجار',
      text: 'مرفق العقد وصورة الهوية',
      attachments: [
        { filename: 'عقد.pdf', content: Buffer.alloc(3 * 1024 * 1024, 1), contentType: 'application/pdf' },
        { filename: 'id.png', content: Buffer.from([0x89, 0x50]), contentType: 'image/png' },
      ],
    })
      .compile()
      .build();
    const objects = new FolderObjectStore();

    const { inbound } = await parseEmail(
      { raw, receivedAt, rawRef: 'inbound/big.eml' },
      objects,
      2 * 1024 * 1024,
    );

    expect(inbound.text).toBe('مرفق العقد وصورة الهوية');
    expect(inbound.attachments[0]).toMatchObject({
      name: 'عقد.pdf',
      size: 3 * 1024 * 1024,
      state: 'failed',
      failureReason: expect.stringContaining('2 MB limit'),
    });
    expect(await objects.get(inbound.attachments[1]?.objectKey as string)).toBeDefined();
    expect(inbound.attachments[1]?.state).toBeUndefined();
  });

  it('stores attachments through the object store with name, type and size, a 10 MB one included', async () => {
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(10 * 1024 * 1024 - 9, 7)]);
    const raw = await new MailComposer({
      from: 'أبو سعد <abu.saad@example.com>',
      to: 'support@sanad.org.sa',
      subject: 'عقد الإيجار',
      text: 'مرفق عقد الإيجار وصورة الهوية',
      messageId: '<lease-1@example.com>',
      attachments: [
        { filename: 'عقد الإيجار.pdf', content: big, contentType: 'application/pdf' },
        { filename: 'id.jpg', content: Buffer.from([0xff, 0xd8, 0xff, 0xe0]), contentType: 'image/jpeg' },
      ],
    })
      .compile()
      .build();
    const objects = new FolderObjectStore();
    const { inbound } = await parse(raw, objects);
    expect(inbound.attachments).toEqual([
      expect.objectContaining({ name: 'عقد الإيجار.pdf', contentType: 'application/pdf', size: big.length }),
      expect.objectContaining({ name: 'id.jpg', contentType: 'image/jpeg', size: 4 }),
    ]);
    const stored = await objects.get(inbound.attachments[0]?.objectKey ?? '');
    expect(Buffer.from(stored?.body ?? []).equals(big)).toBe(true);
  });

  it('gives the same attachment keys on redelivery, so a retried mail adds no copies', async () => {
    const raw = await new MailComposer({
      from: 'a@example.com',
      to: 'support@sanad.org.sa',
      text: 'x',
      messageId: '<with-file@example.com>',
      attachments: [{ filename: 'report.pdf', content: 'pdf', contentType: 'application/pdf' }],
    })
      .compile()
      .build();
    const first = await parse(raw);
    const second = await parse(raw);
    expect(second.inbound.attachments[0]?.objectKey).toBe(first.inbound.attachments[0]?.objectKey);
  });

  it('stores each attachment as what its bytes are, not as the type the mail declared', async () => {
    const raw = await new MailComposer({
      from: 'a@example.com',
      to: 'support@sanad.org.sa',
      text: 'x',
      attachments: [
        { filename: 'invoice.pdf.exe', content: Buffer.from('MZ\x90\0program'), contentType: 'image/png' },
        { filename: 'photo.jpg', content: Buffer.from('no picture here'), contentType: 'image/jpeg' },
        { filename: 'note.csv', content: 'words', contentType: 'text/csv' },
      ],
    })
      .compile()
      .build();
    const objects = new FolderObjectStore();
    const { inbound } = await parse(
      // A type no mail program writes, with a letter outside ASCII: never stored, never sent as a header.
      Buffer.from(raw.toString('utf8').replace('text/csv', 'image/جpeg')),
      objects,
    );
    expect(inbound.attachments.map((attachment) => attachment.contentType)).toEqual([
      'application/x-msdownload',
      'application/octet-stream',
      'application/octet-stream',
    ]);
    const stored = await objects.get(inbound.attachments[2]?.objectKey as string);
    expect(stored?.contentType).toBe('application/octet-stream');
  });

  it('names an attachment without the direction controls that would show "كشف\u202Efdp.exe" as a PDF', async () => {
    const raw = await new MailComposer({
      from: 'a@example.com',
      to: 'support@sanad.org.sa',
      text: 'x',
      attachments: [
        {
          filename: 'كشف\u202Efdp.exe',
          content: Buffer.from('MZ\x90\0program'),
          contentType: 'application/pdf',
        },
        { filename: '\u2066\u200B\u2069', content: 'words', contentType: 'text/plain' },
      ],
    })
      .compile()
      .build();
    const { inbound } = await parse(raw);
    expect(inbound.attachments.map(({ name, contentType }) => ({ name, contentType }))).toEqual([
      { name: 'كشفfdp.exe', contentType: 'application/x-msdownload' },
      { name: 'attachment-2', contentType: 'text/plain' },
    ]);
  });

  it('never replaces a kept file with another mail’s that claims the same Message-ID', async () => {
    const mail = (content: string) =>
      new MailComposer({
        from: 'a@example.com',
        to: 'support@sanad.org.sa',
        text: 'x',
        messageId: '<claimed-id@example.com>',
        attachments: [{ filename: 'هوية.jpg', content, contentType: 'image/jpeg' }],
      })
        .compile()
        .build();
    const objects = new FolderObjectStore();
    const first = await parse(await mail('the identity card as first sent'), objects);
    const second = await parse(await mail('someone else’s bytes'), objects);
    const firstKey = first.inbound.attachments[0]?.objectKey as string;
    expect(second.inbound.attachments[0]?.objectKey).not.toBe(firstKey);
    const kept = await objects.get(firstKey);
    expect(Buffer.from(kept?.body ?? []).toString()).toBe('the identity card as first sent');
  });
});

describe('parsing received mail: a program disguised as a document', () => {
  it('names it for what its bytes are, so no one opens «فاتورة.pdf» for an invoice', async () => {
    const raw = await new MailComposer({
      from: 'someone@example.com',
      to: 'support@sanad.org.sa',
      subject: 'فاتورة',
      text: 'مرفق الفاتورة',
      attachments: [
        {
          filename: 'فاتورة.pdf',
          content: Buffer.from('MZ\x90\x00\x03 a program'),
          contentType: 'application/pdf',
        },
      ],
    })
      .compile()
      .build();
    const { inbound } = await parse(raw, new FolderObjectStore());
    expect(inbound.attachments).toEqual([
      expect.objectContaining({ name: 'فاتورة.pdf.exe', contentType: 'application/x-msdownload' }),
    ]);
  });
});
