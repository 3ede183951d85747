import type { PDU } from 'smpp';
import type { DeliveryReceipt } from './channel.js';

const finalStates: Readonly<Record<string, boolean>> = {
  DELIVRD: true,
  EXPIRED: false,
  DELETED: false,
  UNDELIV: false,
  REJECTD: false,
};

// SMPP 5.0 message_state values, for SMSCs that send the TLV but no parsable text.
const stateNames: Readonly<Record<number, string>> = {
  1: 'ENROUTE',
  2: 'DELIVRD',
  3: 'EXPIRED',
  4: 'DELETED',
  5: 'UNDELIV',
  6: 'ACCEPTD',
  7: 'UNKNOWN',
  8: 'REJECTD',
};

/**
 * Reads a deliver_sm that is an SMSC delivery receipt: the id from the receipted_message_id
 * TLV or the `id:` field of the text, the final state from `stat:` or the message_state TLV.
 * Returns null for anything else (a mobile-originated SMS, an intermediate ENROUTE notice).
 */
export function parseDeliveryReceipt(pdu: PDU): DeliveryReceipt | null {
  // esm_class bits 2–5 = 0001: "SMSC delivery receipt".
  if ((Number(pdu.esm_class) & 0x3c) !== 0x04) return null;
  const text = receiptText(pdu);
  const id = stringOrNull(pdu.receipted_message_id) ?? /(?:^|\s)id:(\S+)/i.exec(text)?.[1] ?? null;
  const state =
    /(?:^|\s)stat:(\w+)/i.exec(text)?.[1]?.toUpperCase() ??
    (typeof pdu.message_state === 'number' ? stateNames[pdu.message_state] : undefined);
  if (!id || !state || !(state in finalStates)) return null;
  return { providerMessageId: id, delivered: finalStates[state]!, state };
}

function receiptText(pdu: PDU): string {
  const value = pdu.short_message ?? pdu.message_payload;
  if (typeof value === 'string') return value;
  if (value && typeof value.message === 'string') return value.message;
  if (Buffer.isBuffer(value)) return value.toString('latin1');
  if (value && Buffer.isBuffer(value.message)) return value.message.toString('latin1');
  return '';
}

function stringOrNull(value: unknown): string | null {
  if (typeof value === 'string' && value) return value;
  if (Buffer.isBuffer(value) && value.length) return value.toString('latin1').replace(/\0+$/, '');
  return null;
}
