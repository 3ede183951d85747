// The `smpp` package (0.5) is CommonJS without types; this declares the part Gatehouse uses.
// (Not named smpp.d.ts: beside smpp.ts the compiler would take it for that file's output and skip it.)
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer, Socket } from 'node:net';

  export type PduOptions = Record<string, unknown>;

  export class PDU {
    constructor(command: string, options?: PduOptions);
    command: string;
    command_status: number;
    sequence_number: number;
    // biome-ignore lint/suspicious/noExplicitAny: PDU fields depend on the command.
    [field: string]: any;
    isResponse(): boolean;
    response(options?: PduOptions): PDU;
  }

  export type ResponseCallback = (pdu: PDU) => void;

  export class Session extends EventEmitter {
    socket: Socket;
    server?: Server;
    send(pdu: PDU, responseCallback?: ResponseCallback, sendCallback?: ResponseCallback): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    connect(): void;
    pause(): void;
    resume(): void;
    bind_transceiver(options: PduOptions, responseCallback?: ResponseCallback): boolean;
    submit_sm(options: PduOptions, responseCallback?: ResponseCallback): boolean;
    deliver_sm(options: PduOptions, responseCallback?: ResponseCallback): boolean;
    enquire_link(options?: PduOptions | ResponseCallback, responseCallback?: ResponseCallback): boolean;
    unbind(options?: PduOptions | ResponseCallback, responseCallback?: ResponseCallback): boolean;
  }

  export class Server extends NetServer {
    sessions: Session[];
  }

  export interface ConnectOptions {
    url?: string;
    host?: string;
    port?: number;
    auto_enquire_link_period?: number;
    connectTimeout?: number;
  }

  interface Smpp {
    connect(options: ConnectOptions | string, listener?: () => void): Session;
    createServer(options: Record<string, unknown>, listener?: (session: Session) => void): Server;
    createServer(listener?: (session: Session) => void): Server;
    PDU: typeof PDU;
    Session: typeof Session;
    ESME_ROK: number;
    ESME_RBINDFAIL: number;
    ESME_RSYSERR: number;
    ESME_RTHROTTLED: number;
    ESME_RMSGQFUL: number;
    ESME_RINVDSTADR: number;
    ESM_CLASS: { MC_DELIVERY_RECEIPT: number };
    encodings: { default: string };
  }

  const smpp: Smpp;
  export default smpp;
}
