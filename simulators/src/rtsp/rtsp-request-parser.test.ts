import { describe, expect, it } from 'vitest';
import { RtspRequestParser, type RtspParseEvent } from './rtsp-request-parser.js';

const OPTIONS = 'OPTIONS rtsp://127.0.0.1/cam-1/main RTSP/1.0\r\nCSeq: 1\r\nUser-Agent: test\r\n\r\n';
const DESCRIBE = 'DESCRIBE rtsp://127.0.0.1/cam-1/main RTSP/1.0\r\nCSeq: 2\r\nAccept: application/sdp\r\n\r\n';

const requests = (events: RtspParseEvent[]): string[] =>
  events.flatMap((e) => (e.kind === 'request' ? [`${e.request.method} ${e.request.cseq}`] : []));

describe('RtspRequestParser', () => {
  it('parses several requests from one chunk', () => {
    const parser = new RtspRequestParser();
    const events = parser.push(Buffer.from(OPTIONS + DESCRIBE));
    expect(requests(events)).toEqual(['OPTIONS 1', 'DESCRIBE 2']);
    const first = events[0]!;
    expect(first.kind === 'request' && first.request.headers.get('user-agent')).toBe('test');
  });

  it('parses requests split across chunks, byte by byte', () => {
    const parser = new RtspRequestParser();
    const all = Buffer.from(OPTIONS + DESCRIBE);
    const events: RtspParseEvent[] = [];
    for (let i = 0; i < all.length; i++) events.push(...parser.push(all.subarray(i, i + 1)));
    expect(requests(events)).toEqual(['OPTIONS 1', 'DESCRIBE 2']);
  });

  it('reads a body by Content-Length, even when it arrives later', () => {
    const parser = new RtspRequestParser();
    expect(parser.push(Buffer.from('SET_PARAMETER * RTSP/1.0\r\nCSeq: 3\r\nContent-Length: 11\r\n\r\nhello'))).toEqual([]);
    const [event] = parser.push(Buffer.from(' world'));
    expect(event?.kind === 'request' && event.request.body.toString()).toBe('hello world');
  });

  it('skips interleaved binary data between requests', () => {
    const parser = new RtspRequestParser();
    const rtcp = Buffer.from([0x24, 1, 0, 4, 0x81, 0xc9, 0, 1]);
    const events = parser.push(Buffer.concat([rtcp, Buffer.from(OPTIONS), rtcp.subarray(0, 3)]));
    expect(events.map((e) => e.kind)).toEqual(['interleaved', 'request']);
    expect(parser.push(rtcp.subarray(3)).map((e) => e.kind)).toEqual(['interleaved']);
  });

  it('reports a missing CSeq as an undefined cseq (the connection answers 400)', () => {
    const [event] = new RtspRequestParser().push(Buffer.from('OPTIONS * RTSP/1.0\r\n\r\n'));
    expect(event?.kind === 'request' && event.request.cseq).toBeUndefined();
  });

  it('fails fatally on a garbage request line and ignores what follows', () => {
    const parser = new RtspRequestParser();
    const events = parser.push(Buffer.from(`hello there\r\n\r\n${OPTIONS}`));
    expect(events).toEqual([{ kind: 'malformed', status: 400, reason: 'malformed request line', fatal: true }]);
    expect(parser.push(Buffer.from(OPTIONS))).toEqual([]);
  });

  it('fails fatally when headers exceed the limit', () => {
    const parser = new RtspRequestParser({ maxHeaderBytes: 1024 });
    const events = parser.push(Buffer.from(`OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nX-Big: ${'a'.repeat(2000)}`));
    expect(events).toMatchObject([{ kind: 'malformed', status: 400, fatal: true }]);
  });

  it('refuses oversized bodies with 413 and bad versions with 505', () => {
    const big = new RtspRequestParser({ maxBodyBytes: 10 }).push(Buffer.from('SET_PARAMETER * RTSP/1.0\r\nCSeq: 4\r\nContent-Length: 11\r\n\r\n'));
    expect(big).toMatchObject([{ kind: 'malformed', status: 413, cseq: '4', fatal: true }]);
    const v2 = new RtspRequestParser().push(Buffer.from('OPTIONS * RTSP/2.0\r\nCSeq: 5\r\n\r\n'));
    expect(v2).toMatchObject([{ kind: 'malformed', status: 505, cseq: '5', fatal: false }]);
  });

  it('answers a bad header line with a non-fatal 400', () => {
    const parser = new RtspRequestParser();
    const events = parser.push(Buffer.from(`OPTIONS * RTSP/1.0\r\nCSeq: 6\r\nno colon here\r\n\r\n${OPTIONS}`));
    expect(events[0]).toMatchObject({ kind: 'malformed', status: 400, cseq: '6', fatal: false });
    expect(requests(events)).toEqual(['OPTIONS 1']);
  });
});
