import { describe, expect, it } from 'vitest';
import { parseAck, parseCloudMessage } from './control.schemas.js';

describe('control channel parsers', () => {
  it('reads acks and commands, keeping only the known fields', () => {
    expect(parseAck('{"type":"ack","id":"c1","ok":false,"error":{"code":"EDGE_ERR_X","message":"no"},"extra":1}')).toEqual({
      type: 'ack', id: 'c1', ok: false, error: { code: 'EDGE_ERR_X', message: 'no' },
    });
    expect(parseCloudMessage('{"type":"command","id":"c2","command":"ptz","args":{"x":0.5}}')).toEqual({ type: 'command', id: 'c2', command: 'ptz', args: { x: 0.5 } });
    expect(parseCloudMessage('{"type":"hello","agentId":"a","serverTime":5}')).toEqual({ type: 'hello', agentId: 'a', serverTime: 5 });
  });

  it('drops anything malformed instead of throwing', () => {
    for (const text of ['', 'nope', 'null', '[]', '{"type":"ack","id":1,"ok":true}', '{"type":"command","id":"x"}']) {
      expect(parseAck(text)).toBeUndefined();
      expect(parseCloudMessage(text)).toBeUndefined();
    }
    expect(parseCloudMessage('{"type":"command","id":"c","command":"snapshot","args":[1]}')).toMatchObject({ args: {} });
  });
});
