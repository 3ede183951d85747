import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import smpp, { type PDU, type Session } from 'smpp';
import { waitUntil } from './smtp-server.js';

export interface ReceivedSms {
  /** `+420…` when sent with an international number, else as the SMSC received it. */
  readonly to: string;
  readonly text: string;
  /** The message_id this SMSC gave the message (the courier keeps it as provider id). */
  readonly messageId: string;
  /** 0 (GSM default alphabet) or 8 (UCS-2). */
  readonly dataCoding: number;
  readonly at: number;
}

export type ReceiptMode = boolean | 'DELIVRD' | 'UNDELIV';

export interface TestSmppServerOptions {
  readonly systemId?: string;
  readonly password?: string;
  /** Send a delivery receipt after each submit (true = DELIVRD). Default true. */
  readonly sendReceipts?: ReceiptMode;
  readonly port?: number;
}

export interface TestSmppServer {
  /** `smpp://sys:pass@127.0.0.1:PORT`, ready for SMS_URL. */
  readonly url: string;
  readonly port: number;
  readonly messages: ReceivedSms[];
  /** Which receipt the next messages get; false sends none. Assignable at any time. */
  sendReceipts: ReceiptMode;
  /** Answer submit_sm with this command_status (such as 0x58 throttled, 0x0B bad number); null accepts. */
  setSubmitStatus(status: number | null): void;
  waitFor(predicate: (sms: ReceivedSms) => boolean, timeoutMs?: number): Promise<ReceivedSms>;
  waitForCount(count: number, timeoutMs?: number): Promise<void>;
  /** Number of sessions currently bound. */
  readonly boundSessions: number;
  /** Cuts every open connection, as an SMSC restart would. */
  dropConnections(): void;
  stop(): Promise<void>;
}

/**
 * A real SMPP peer (smpp.createServer) on 127.0.0.1: accepts bind_transceiver with the given
 * credentials, answers submit_sm with a message_id and sends deliver_sm delivery receipts.
 */
export async function startTestSmppServer(options: TestSmppServerOptions = {}): Promise<TestSmppServer> {
  const systemId = options.systemId ?? 'sys';
  const password = options.password ?? 'pass';
  const messages: ReceivedSms[] = [];
  const waiters = new Set<() => void>();
  const bound = new Set<Session>();
  let submitStatus: number | null = null;

  const notify = () => {
    for (const waiter of [...waiters]) waiter();
  };

  const server = smpp.createServer((session: Session) => {
    session.socket.setNoDelay(true);
    session.on('error', () => {});
    session.on('close', () => bound.delete(session));
    session.on('bind_transceiver', (pdu: PDU) => {
      if (pdu.system_id !== systemId || pdu.password !== password) {
        session.send(pdu.response({ command_status: smpp.ESME_RBINDFAIL }));
        session.close();
        return;
      }
      bound.add(session);
      session.send(pdu.response({ system_id: 'test-smsc' }));
    });
    session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: PDU) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('deliver_sm_resp', () => {});
    session.on('submit_sm', (pdu: PDU) => {
      if (!bound.has(session)) {
        session.send(pdu.response({ command_status: 0x04 }));
        return;
      }
      if (submitStatus !== null) {
        session.send(pdu.response({ command_status: submitStatus }));
        return;
      }
      const messageId = randomBytes(8).toString('hex');
      const text = decodeShortMessage(pdu);
      const to = pdu.dest_addr_ton === 1 ? `+${pdu.destination_addr}` : String(pdu.destination_addr);
      messages.push({ to, text, messageId, dataCoding: pdu.data_coding, at: Date.now() });
      session.send(pdu.response({ message_id: messageId }));
      notify();
      const receipt = handle.sendReceipts;
      if (receipt && pdu.registered_delivery & 0x01) {
        sendReceipt(session, pdu, messageId, receipt === 'UNDELIV' ? 'UNDELIV' : 'DELIVRD');
      }
    });
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;

  const handle: TestSmppServer = {
    url: `smpp://${encodeURIComponent(systemId)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    port,
    messages,
    sendReceipts: options.sendReceipts ?? true,
    setSubmitStatus(status) {
      submitStatus = status;
    },
    waitFor(predicate, timeoutMs = 10_000) {
      return waitUntil(waiters, () => messages.find(predicate), timeoutMs, 'an SMS matching the predicate');
    },
    async waitForCount(count, timeoutMs = 10_000) {
      await waitUntil(
        waiters,
        () => (messages.length >= count ? true : undefined),
        timeoutMs,
        `${count} SMS`,
      );
    },
    get boundSessions() {
      return bound.size;
    },
    dropConnections() {
      for (const session of [...server.sessions]) session.destroy();
      bound.clear();
    },
    async stop() {
      handle.dropConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return handle;
}

function decodeShortMessage(pdu: PDU): string {
  const payload = pdu.message_payload ?? pdu.short_message;
  if (typeof payload === 'string') return payload;
  if (payload && typeof payload.message === 'string') return payload.message;
  if (Buffer.isBuffer(payload?.message)) return payload.message.toString('latin1');
  return '';
}

/** A deliver_sm receipt in the de-facto format (SMPP 3.4 appendix B) plus the v5 TLVs. */
function sendReceipt(session: Session, submit: PDU, messageId: string, stat: 'DELIVRD' | 'UNDELIV'): void {
  const stamp = formatReceiptDate(new Date());
  const delivered = stat === 'DELIVRD';
  const text = `id:${messageId} sub:001 dlvrd:${delivered ? '001' : '000'} submit date:${stamp} done date:${stamp} stat:${stat} err:${delivered ? '000' : '001'} text:`;
  session.deliver_sm({
    source_addr: submit.destination_addr,
    source_addr_ton: submit.dest_addr_ton,
    source_addr_npi: submit.dest_addr_npi,
    destination_addr: submit.source_addr,
    esm_class: smpp.ESM_CLASS.MC_DELIVERY_RECEIPT,
    short_message: text,
    receipted_message_id: messageId,
    message_state: delivered ? 2 : 5,
  });
}

function formatReceiptDate(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(date.getUTCFullYear() % 100)}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${two(date.getUTCHours())}${two(date.getUTCMinutes())}`;
}
