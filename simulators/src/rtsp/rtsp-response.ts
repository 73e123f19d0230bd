/** Reason phrases of the status codes argus-sim sends (RFC 2326 7.1.1). */
const REASONS: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Request Entity Too Large',
  451: 'Parameter Not Understood',
  454: 'Session Not Found',
  455: 'Method Not Valid in This State',
  459: 'Aggregate Operation Not Allowed',
  461: 'Unsupported Transport',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
  505: 'RTSP Version Not Supported',
};

export const SERVER_HEADER = 'Argus-Sim/0.1'; // used by rtsp-response

export interface RtspResponse {
  readonly status: number;
  /** Ordered, and names may repeat (two WWW-Authenticate challenges). */
  readonly headers?: ReadonlyArray<readonly [string, string]>;
  readonly body?: Buffer | string;
}

/** Serializes a response; CSeq echoes the request (RFC 2326 12.17), omitted only when the request had none. */
export function serializeResponse(response: RtspResponse, cseq: string | undefined, now: Date = new Date()): Buffer {
  const body = response.body === undefined ? Buffer.alloc(0) : Buffer.from(response.body);
  const lines = [`RTSP/1.0 ${response.status} ${REASONS[response.status] ?? 'Unknown'}`];
  if (cseq !== undefined) lines.push(`CSeq: ${cseq}`);
  lines.push(`Date: ${now.toUTCString()}`, `Server: ${SERVER_HEADER}`);
  for (const [name, value] of response.headers ?? []) lines.push(`${name}: ${value}`);
  if (body.length > 0) lines.push(`Content-Length: ${body.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
}
