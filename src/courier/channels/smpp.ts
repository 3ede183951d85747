import smpp, { type PDU, type Session } from 'smpp';
import { isGsm7 } from '../templates/sms.js';
import {
  type Channel,
  type OutgoingMessage,
  permanentFailure,
  type ReceiptListener,
  type SendResult,
  sent,
  temporaryFailure,
} from './channel.js';
import { parseDeliveryReceipt } from './smpp-receipt.js';

export interface SmppChannelOptions {
  /** `smpp://system_id:password@host:port`; `?from=Sender` sets the source address. */
  readonly url: string;
  readonly onReceipt: ReceiptListener;
  /** How long a send waits for a (re)bound session before it reports a temporary failure. */
  readonly bindWaitMs?: number;
  /** How long a submit_sm waits for its response. */
  readonly submitTimeoutMs?: number;
  readonly reconnectMinMs?: number;
  readonly reconnectMaxMs?: number;
}

// submit_sm_resp statuses that say "not now" rather than "never": not bound, system error,
// queue full, submit failed, throttled, temporary application error.
const temporaryStatuses = new Set([0x04, 0x08, 0x14, 0x45, 0x58, 0x64]);

const e164 = /^\+[1-9]\d{6,14}$/;

/**
 * SMS over one SMPP transceiver session: binds, keeps the link alive with enquire_link,
 * rebinds with exponential backoff when the connection drops, asks for delivery receipts and
 * hands them to `onReceipt`.
 */
export function createSmppChannel(options: SmppChannelOptions): Channel {
  const url = new URL(options.url);
  const credentials = {
    system_id: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
  const sourceAddress = url.searchParams.get('from') ?? '';
  const bindWaitMs = options.bindWaitMs ?? 10_000;
  const submitTimeoutMs = options.submitTimeoutMs ?? 30_000;
  const reconnectMinMs = options.reconnectMinMs ?? 250;
  const reconnectMaxMs = options.reconnectMaxMs ?? 30_000;

  let session: Session | null = null;
  let bound = false;
  let closed = false;
  let reconnectDelay = reconnectMinMs;
  let reconnectTimer: NodeJS.Timeout | null = null;
  const bindWaiters = new Set<() => void>();
  // Submits awaiting a response on the current session; a dropped link answers them all.
  const inFlight = new Set<(result: SendResult) => void>();

  const connect = () => {
    if (closed) return;
    const current = smpp.connect({
      host: url.hostname,
      port: url.port ? Number(url.port) : 2775,
      auto_enquire_link_period: 30_000,
    });
    session = current;
    // PDUs are small and answered one by one: Nagle's algorithm would hold each for an ACK.
    current.socket.setNoDelay(true);
    current.on('connect', () => {
      current.bind_transceiver(credentials, (pdu: PDU) => {
        if (pdu.command_status !== 0) {
          current.destroy();
          return;
        }
        bound = true;
        reconnectDelay = reconnectMinMs;
        for (const waiter of [...bindWaiters]) waiter();
      });
    });
    current.on('deliver_sm', (pdu: PDU) => {
      current.send(pdu.response());
      const receipt = parseDeliveryReceipt(pdu);
      if (receipt) options.onReceipt(receipt);
    });
    current.on('enquire_link', (pdu: PDU) => current.send(pdu.response()));
    current.on('unbind', (pdu: PDU) => {
      current.send(pdu.response());
      current.close();
    });
    // 'close' always follows 'error'; the reconnect happens there.
    current.on('error', () => {});
    current.on('close', () => {
      if (session !== current) return;
      session = null;
      bound = false;
      for (const settle of [...inFlight]) settle(temporaryFailure('SMPP connection lost before the answer'));
      scheduleReconnect();
    });
  };

  const scheduleReconnect = () => {
    if (closed || reconnectTimer) return;
    const delay = reconnectDelay;
    reconnectDelay = Math.min(reconnectMaxMs, reconnectDelay * 2);
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      connect();
    }, delay);
    reconnectTimer.unref();
  };

  const waitForBind = (): Promise<boolean> => {
    if (bound) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        bindWaiters.delete(done);
        resolve(bound);
      };
      const timer = setTimeout(done, bindWaitMs);
      bindWaiters.add(done);
    });
  };

  const submit = (current: Session, fields: Record<string, unknown>): Promise<SendResult> =>
    new Promise((resolve) => {
      const settle = (result: SendResult) => {
        if (!inFlight.delete(settle)) return;
        clearTimeout(timer);
        resolve(result);
      };
      const timer = setTimeout(
        () => settle(temporaryFailure('SMPP submit_sm timed out without an answer')),
        submitTimeoutMs,
      );
      inFlight.add(settle);
      const written = current.submit_sm(fields, (pdu: PDU) => {
        if (pdu.command_status === 0) settle(sent(String(pdu.message_id ?? '') || null));
        else settle(classifySubmitStatus(pdu.command_status));
      });
      if (!written) settle(temporaryFailure('SMPP connection not writable'));
    });

  connect();

  return {
    name: 'smpp',
    async send(message: OutgoingMessage): Promise<SendResult> {
      if (!e164.test(message.recipient)) return permanentFailure('recipient is not an E.164 number');
      const text = message.content.text;
      if (typeof text !== 'string' || !text) return permanentFailure('malformed content');
      if (!(await waitForBind()) || !session) return temporaryFailure('SMPP session not bound');
      // GSM-7 goes as the SMSC default alphabet (0); anything else, Czech diacritics included, as UCS-2.
      const dataCoding = isGsm7(text) ? 0 : 8;
      const fitsShortMessage = dataCoding === 0 ? text.length <= 160 : text.length <= 70;
      return submit(session, {
        source_addr: sourceAddress,
        source_addr_ton: /^\+?\d+$/.test(sourceAddress) ? 1 : sourceAddress ? 5 : 0,
        source_addr_npi: /^\+?\d+$/.test(sourceAddress) ? 1 : 0,
        destination_addr: message.recipient.slice(1),
        dest_addr_ton: 1,
        dest_addr_npi: 1,
        registered_delivery: 1,
        data_coding: dataCoding,
        // A longer text rides in message_payload and the SMSC splits it.
        ...(fitsShortMessage ? { short_message: text } : { message_payload: text }),
      });
    },
    async close() {
      closed = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      const current = session;
      session = null;
      bound = false;
      for (const settle of [...inFlight]) settle(temporaryFailure('SMPP channel closed'));
      if (!current || current.socket.destroyed) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => current.destroy(() => resolve()), 1000);
        current.unbind(() => {
          clearTimeout(timer);
          current.destroy(() => resolve());
        });
      });
    },
  };
}

export function classifySubmitStatus(status: number): SendResult {
  const detail = `submit_sm refused with status 0x${status.toString(16).padStart(2, '0')}`;
  return temporaryStatuses.has(status) ? temporaryFailure(detail) : permanentFailure(detail);
}
