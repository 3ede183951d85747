// The GSM 03.38 default alphabet and its extension table (each extension char costs two septets).
const gsmBasic =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const gsmExtension = '^{}\\[~]|€\f';
const basicSet = new Set(gsmBasic);
const extensionSet = new Set(gsmExtension);

export type SmsEncoding = 'gsm7' | 'ucs2';

export interface SmsSize {
  readonly encoding: SmsEncoding;
  /** Septets for GSM-7, UTF-16 code units for UCS-2. */
  readonly length: number;
  /** What one part holds in this encoding: 160 or 70. */
  readonly singlePartLimit: number;
  readonly fitsOnePart: boolean;
}

/**
 * How an SMS text goes out: GSM-7 when every character is in the default alphabet, else
 * UCS-2 (Czech diacritics such as č, ř, ž are not in GSM-7, so such a text holds 70 characters).
 */
export function measureSms(text: string): SmsSize {
  let septets = 0;
  let gsm = true;
  for (const ch of text) {
    if (basicSet.has(ch)) septets += 1;
    else if (extensionSet.has(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return { encoding: 'gsm7', length: septets, singlePartLimit: 160, fitsOnePart: septets <= 160 };
  return { encoding: 'ucs2', length: text.length, singlePartLimit: 70, fitsOnePart: text.length <= 70 };
}

export function isGsm7(text: string): boolean {
  return measureSms(text).encoding === 'gsm7';
}

/** For templates: throws when a text would be split into several SMS parts. */
export function assertSingleSmsPart(text: string): string {
  const size = measureSms(text);
  if (!size.fitsOnePart) {
    throw new Error(
      `SMS text is ${size.length} ${size.encoding === 'gsm7' ? 'GSM-7 septets' : 'UCS-2 characters'}, over one part (${size.singlePartLimit})`,
    );
  }
  return text;
}
