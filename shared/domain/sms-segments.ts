/** GSM 03.38 basic characters (plus the extension table, which costs two septets). */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';

export interface SmsSegments {
  encoding: 'GSM-7' | 'UCS-2';
  segments: number;
  /** Characters (septets for GSM-7, UTF-16 code units for UCS-2) the message uses. */
  units: number;
}

/**
 * How many SMS parts a message costs. Arabic needs UCS-2: 70 characters fit one SMS, 67 per part once it is
 * split (the rest carries the concatenation header); GSM-7 text fits 160, or 153 per part.
 */
export function smsSegments(text: string): SmsSegments {
  let septets = 0;
  let gsm = true;
  for (const char of text) {
    if (GSM_BASIC.includes(char)) septets += 1;
    else if (GSM_EXTENDED.includes(char)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm)
    return { encoding: 'GSM-7', units: septets, segments: septets <= 160 ? 1 : Math.ceil(septets / 153) };
  const units = text.length;
  return { encoding: 'UCS-2', units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
}

/** The most parts one reply may cost; longer replies are refused so staff shorten them or use another channel. */
export const MAX_SMS_SEGMENTS = 6;
