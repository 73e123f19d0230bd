/** A parsed RTSP request (RFC 2326 6). Header names are lower-cased. */
export interface RtspRequest {
  readonly method: string;
  readonly url: string;
  readonly version: string;
  readonly headers: ReadonlyMap<string, string>;
  /** CSeq as sent, undefined when missing (the connection answers 400). */
  readonly cseq: string | undefined;
  readonly body: Buffer;
}

export type RtspParseEvent =
  | { readonly kind: 'request'; readonly request: RtspRequest }
  /** `$` + channel + length framed data from the client (RTCP receiver reports): skipped by the server. */
  | { readonly kind: 'interleaved'; readonly channel: number; readonly payload: Buffer }
  /**
   * Input that is not RTSP. `fatal` means framing is lost: the connection
   * answers and closes, since where the next request starts is unknown.
   */
  | { readonly kind: 'malformed'; readonly status: 400 | 413 | 505; readonly reason: string; readonly cseq?: string; readonly fatal: boolean };

export interface RtspParserLimits {
  /** Longest request line + headers; default 8 KiB (used by rtsp-request-parser). */
  readonly maxHeaderBytes?: number;
  /** Largest Content-Length accepted; default 64 KiB (used by rtsp-request-parser). */
  readonly maxBodyBytes?: number;
}

const REQUEST_LINE = /^([A-Za-z_-]{1,32}) (\S{1,4096}) (RTSP\/\d\.\d)$/;
const HEADER_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+):[ \t]*(.*?)[ \t]*$/;

/**
 * Incremental RTSP request parser: feed it socket chunks, get back complete
 * requests and interleaved frames. Handles several requests per chunk and
 * requests split across chunks; bounds header and body sizes so a client
 * cannot make the server buffer without limit. After a fatal event it
 * ignores further input.
 */
export class RtspRequestParser {
  private buffer: Buffer = Buffer.alloc(0);
  private failed = false;
  private readonly maxHeaderBytes: number;
  private readonly maxBodyBytes: number;

  constructor(limits: RtspParserLimits = {}) {
    this.maxHeaderBytes = limits.maxHeaderBytes ?? 8 * 1024;
    this.maxBodyBytes = limits.maxBodyBytes ?? 64 * 1024;
  }

  push(chunk: Buffer): RtspParseEvent[] {
    if (this.failed) return [];
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const events: RtspParseEvent[] = [];
    for (;;) {
      const event = this.next();
      if (!event) break;
      events.push(event);
      if (event.kind === 'malformed' && event.fatal) {
        this.failed = true;
        this.buffer = Buffer.alloc(0);
        break;
      }
    }
    return events;
  }

  private next(): RtspParseEvent | undefined {
    // Blank lines between requests are tolerated (some clients send a stray CRLF).
    let skip = 0;
    while (skip < this.buffer.length && (this.buffer[skip] === 0x0d || this.buffer[skip] === 0x0a)) skip++;
    if (skip > 0) this.buffer = this.buffer.subarray(skip);
    if (this.buffer.length === 0) return undefined;

    if (this.buffer[0] === 0x24 /* $ */) {
      if (this.buffer.length < 4) return undefined;
      const length = this.buffer.readUInt16BE(2);
      if (this.buffer.length < 4 + length) return undefined;
      const event: RtspParseEvent = { kind: 'interleaved', channel: this.buffer[1]!, payload: this.buffer.subarray(4, 4 + length) };
      this.buffer = this.buffer.subarray(4 + length);
      return event;
    }

    const end = headerEnd(this.buffer, this.maxHeaderBytes);
    if (end === undefined) {
      if (this.buffer.length > this.maxHeaderBytes) {
        return { kind: 'malformed', status: 400, reason: `request headers exceed ${this.maxHeaderBytes} bytes`, fatal: true };
      }
      return undefined;
    }
    const head = this.buffer.subarray(0, end.headEnd).toString('latin1');
    const lines = head.split(/\r?\n/);
    const requestLine = REQUEST_LINE.exec(lines[0] ?? '');
    const headers = new Map<string, string>();
    let badHeader: string | undefined;
    for (const line of lines.slice(1)) {
      const m = HEADER_LINE.exec(line);
      if (!m) {
        badHeader ??= line;
        continue;
      }
      const name = m[1]!.toLowerCase();
      // Repeated headers are folded with commas (RFC 2616 4.2), as for HTTP.
      headers.set(name, headers.has(name) ? `${headers.get(name)}, ${m[2]}` : m[2]!);
    }
    const cseq = headers.get('cseq');
    if (!requestLine) {
      return { kind: 'malformed', status: 400, reason: 'malformed request line', ...(cseq ? { cseq } : {}), fatal: true };
    }
    const lengthText = headers.get('content-length') ?? '0';
    if (!/^\d{1,9}$/.test(lengthText)) {
      return { kind: 'malformed', status: 400, reason: 'invalid Content-Length', ...(cseq ? { cseq } : {}), fatal: true };
    }
    const bodyLength = Number(lengthText);
    if (bodyLength > this.maxBodyBytes) {
      return { kind: 'malformed', status: 413, reason: `body exceeds ${this.maxBodyBytes} bytes`, ...(cseq ? { cseq } : {}), fatal: true };
    }
    if (this.buffer.length < end.bodyStart + bodyLength) return undefined;
    const body = Buffer.from(this.buffer.subarray(end.bodyStart, end.bodyStart + bodyLength));
    this.buffer = this.buffer.subarray(end.bodyStart + bodyLength);
    if (badHeader !== undefined) {
      // Framing is intact (we found the end and the length), so only this request fails.
      return { kind: 'malformed', status: 400, reason: 'malformed header line', ...(cseq ? { cseq } : {}), fatal: false };
    }
    if (requestLine[3] !== 'RTSP/1.0') {
      return { kind: 'malformed', status: 505, reason: `unsupported version ${requestLine[3]}`, ...(cseq ? { cseq } : {}), fatal: false };
    }
    return {
      kind: 'request',
      request: { method: requestLine[1]!.toUpperCase(), url: requestLine[2]!, version: requestLine[3]!, headers, cseq, body },
    };
  }
}

/** End of the header block (CRLFCRLF, or bare LFLF from lenient clients) within the first `limit` bytes. */
function headerEnd(buffer: Buffer, limit: number): { headEnd: number; bodyStart: number } | undefined {
  const scan = buffer.subarray(0, Math.min(buffer.length, limit + 4));
  const crlf = scan.indexOf('\r\n\r\n');
  const lf = scan.indexOf('\n\n');
  if (crlf === -1 && lf === -1) return undefined;
  if (crlf !== -1 && (lf === -1 || crlf < lf)) return { headEnd: crlf, bodyStart: crlf + 4 };
  return { headEnd: lf, bodyStart: lf + 2 };
}
