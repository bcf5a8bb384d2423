import { describe, expect, it } from 'vitest';
import {
  CHANNEL_TRAITS,
  CHANNELS,
  canBeStopped,
  channelTraits,
  lastInboundOn,
  STAFF_LOGGED_CHANNELS,
  senderAssurance,
  serviceWindow,
} from '../../shared/domain/channel.ts';
import { fileRefusal } from '../../shared/domain/channel-files.ts';
import { replyAddress } from '../../shared/domain/reply-address.ts';

/** The channels with a provider behind them, in table order. */
const PROVIDER_CHANNELS = ['email', 'sms', 'whatsapp', 'messenger', 'instagram', 'telegram'];

const withTrait = (test: (channel: (typeof CHANNELS)[number]) => boolean) => CHANNELS.filter(test);

describe('the channel traits table', () => {
  it('describes every channel', () => {
    expect(Object.keys(CHANNEL_TRAITS).sort()).toEqual([...CHANNELS].sort());
  });

  it('gives a subject line and mail threading to email alone', () => {
    expect(withTrait((channel) => channelTraits(channel).subject)).toEqual(['email']);
    expect(withTrait((channel) => channelTraits(channel).threading)).toEqual(['email']);
  });

  it('has a 24-hour service window on WhatsApp only', () => {
    expect(withTrait((channel) => channelTraits(channel).serviceWindowMs !== undefined)).toEqual([
      'whatsapp',
    ]);
    expect(channelTraits('whatsapp').serviceWindowMs).toBe(24 * 3_600_000);
  });

  it('answers on the providers only; the web form and staff-logged channels have nothing to reply through', () => {
    expect(withTrait((channel) => channelTraits(channel).replyTo !== undefined)).toEqual(PROVIDER_CHANNELS);
    expect(channelTraits('whatsapp').replyTo).toBe('phone');
    expect(channelTraits('telegram').replyTo).toBe('telegram');
  });

  it('carries files where the provider does, within its limits', () => {
    expect(withTrait((channel) => channelTraits(channel).filesOut !== undefined)).toEqual(PROVIDER_CHANNELS);
    expect(channelTraits('sms').filesOut?.how).toBe('link');
    const pdf = { name: 'a.pdf', contentType: 'application/pdf', size: 1000, ref: 'x' };
    expect(fileRefusal('instagram', [pdf] as never)).toMatch(/does not take application\/pdf/);
    expect(fileRefusal('whatsapp', [pdf] as never)).toBeUndefined();
    expect(fileRefusal('walk_in', [pdf] as never)).toMatch(/cannot be sent on walk_in/);
  });

  it('is stopped by STOP / START words on SMS and WhatsApp and by blocking the bot on Telegram, budgets the metered texts and takes digit replies on messaging apps', () => {
    expect(withTrait(canBeStopped)).toEqual(['sms', 'whatsapp', 'telegram']);
    expect(channelTraits('sms').stoppedBy).toBe('word');
    expect(channelTraits('whatsapp').stoppedBy).toBe('word');
    expect(channelTraits('telegram').stoppedBy).toBe('block');
    expect(withTrait((channel) => channelTraits(channel).metered)).toEqual(['sms', 'whatsapp']);
    expect(withTrait((channel) => channelTraits(channel).digitReplies)).toEqual([
      'sms',
      'whatsapp',
      'messenger',
      'instagram',
      'telegram',
    ]);
  });

  it("waits for an edit's message on the providers that may deliver the edit first: Meta's, and Telegram's many connections", () => {
    expect(withTrait((channel) => channelTraits(channel).unorderedDeliveries === true)).toEqual([
      'whatsapp',
      'messenger',
      'instagram',
      'telegram',
    ]);
  });

  it('trusts the sender where the provider or staff vouch for it, never a typed address or a From line', () => {
    expect(senderAssurance('whatsapp')).toBe('verified');
    expect(senderAssurance('sms')).toBe('verified');
    expect(senderAssurance('walk_in')).toBe('verified');
    expect(senderAssurance('webform')).toBe('claimed');
    expect(senderAssurance('email')).toBe('claimed');
  });

  it('lists the staff-logged channels in order', () => {
    expect(STAFF_LOGGED_CHANNELS).toEqual(['walk_in', 'phone', 'letter', 'branch', 'volunteer']);
  });

  it('sends a reply with no channel of its own by email, else SMS', () => {
    const contact = {
      id: 'c',
      name: 'x',
      tags: [],
      createdAt: '',
      updatedAt: '',
      identities: [{ kind: 'phone' as const, value: '+966501234567', assurance: 'claimed' as const }],
    };
    expect(replyAddress(contact, 'walk_in')).toEqual({ channel: 'sms', to: '+966501234567' });
    expect(replyAddress(contact, 'whatsapp')).toEqual({ channel: 'whatsapp', to: '+966501234567' });
  });
});

describe('the service window', () => {
  it("is open for 24 hours after the beneficiary's last WhatsApp message, then closed", () => {
    const last = '2026-11-25T10:00:00.000Z';
    expect(serviceWindow('whatsapp', last, new Date('2026-11-26T09:59:00Z'))).toEqual({
      open: true,
      closesAt: '2026-11-26T10:00:00.000Z',
    });
    expect(serviceWindow('whatsapp', last, new Date('2026-11-26T10:00:00Z'))?.open).toBe(false);
    expect(serviceWindow('whatsapp', undefined, new Date())).toEqual({ open: false });
  });

  it('does not exist on channels that answer freely', () => {
    expect(serviceWindow('telegram', '2020-01-01T00:00:00Z', new Date())).toBeUndefined();
  });

  it("counts from the beneficiary's last message on that channel, not on another or from staff", () => {
    const messages = [
      { direction: 'inbound', channel: 'whatsapp' as const, createdAt: '2026-11-25T08:00:00Z' },
      { direction: 'inbound', channel: 'whatsapp' as const, createdAt: '2026-11-25T10:00:00Z' },
      { direction: 'outbound', channel: 'whatsapp' as const, createdAt: '2026-11-25T11:00:00Z' },
      { direction: 'inbound', channel: 'sms' as const, createdAt: '2026-11-25T12:00:00Z' },
    ];
    expect(lastInboundOn('whatsapp', messages)).toBe('2026-11-25T10:00:00Z');
    expect(lastInboundOn('telegram', messages)).toBeUndefined();
  });
});
