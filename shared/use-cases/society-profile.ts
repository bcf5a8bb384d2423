import {
  MESSAGE_TEMPLATE_IDS,
  type MessageTemplateTexts,
  withSocietyName,
} from '../domain/message-templates.ts';
import {
  accessibleAccent,
  DEFAULT_SOCIETY_PROFILE,
  type SocietyContactLinks,
  type SocietyProfile,
  societyContactLinks,
} from '../domain/society-profile.ts';
import type { Clock } from '../ports/clock.ts';
import type { MessageTemplateSource } from '../ports/message-templates.ts';
import type { OutboundSenders } from '../ports/outbound.ts';
import type { SocietyProfileStore } from '../ports/society-profile.ts';

export interface SocietyProfileDeps {
  societyProfile: SocietyProfileStore;
  clock: Clock;
}

/** The saved profile, or the default until an admin saves one. */
export async function viewSocietyProfile(
  deps: Pick<SocietyProfileDeps, 'societyProfile'>,
): Promise<SocietyProfile> {
  return (await deps.societyProfile.getSocietyProfile()) ?? DEFAULT_SOCIETY_PROFILE;
}

export type PublicSocietyProfile = Omit<SocietyProfile, 'updatedBy' | 'updatedAt'> & {
  contactLinks: SocietyContactLinks;
};

/**
 * What the public pages show: everything but who last edited it, the contacts as links a phone opens, and an
 * accent white text stays readable on.
 */
export async function publicSocietyProfile(
  deps: Pick<SocietyProfileDeps, 'societyProfile'>,
): Promise<PublicSocietyProfile> {
  const { updatedBy: _by, updatedAt: _at, ...profile } = await viewSocietyProfile(deps);
  return {
    ...profile,
    primaryColour: accessibleAccent(profile.primaryColour),
    contactLinks: societyContactLinks(profile.contact),
  };
}

/**
 * The texts of automatic messages as sent: the society's current name written into each, read with the texts so
 * an admin's new name reaches the next message without any text being reworded.
 */
export function templatesNamingSociety(
  texts: MessageTemplateSource,
  deps: Pick<SocietyProfileDeps, 'societyProfile'>,
): MessageTemplateSource {
  return {
    load: async () => {
      const [loaded, profile] = await Promise.all([texts.load(), viewSocietyProfile(deps)]);
      return Object.fromEntries(
        MESSAGE_TEMPLATE_IDS.map((id) => [id, withSocietyName(loaded[id], profile.nameAr)]),
      ) as MessageTemplateTexts;
    },
  };
}

/** Every mail leaves under the society's current name, whichever use case sends it. */
export function sendersNamingSociety(
  senders: OutboundSenders,
  deps: Pick<SocietyProfileDeps, 'societyProfile'>,
): OutboundSenders {
  const email = senders.email;
  if (!email) return senders;
  return {
    ...senders,
    email: {
      send: async (message) =>
        email.send({ ...message, senderName: message.senderName ?? (await viewSocietyProfile(deps)).nameAr }),
    },
  };
}
