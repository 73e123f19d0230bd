import { describe, expect, it } from 'vitest';
import { buildSendTimeSei, parseSendTimeSei, stampAccessUnit } from './send-time-sei.js';

describe('send-time SEI', () => {
  it('round-trips the stamped epoch ms', () => {
    const ms = 1_767_225_600_123;
    expect(parseSendTimeSei(buildSendTimeSei(ms))).toBe(ms);
  });

  it('never holds two zero bytes in a row, so no emulation prevention is needed', () => {
    for (const ms of [0, 1, 1_000_000_000_000, 1_767_225_600_000]) {
      const nal = buildSendTimeSei(ms);
      for (let i = 1; i < nal.length; i++) expect(nal[i - 1] === 0 && nal[i] === 0).toBe(false);
    }
  });

  it('ignores other SEI and other NAL types', () => {
    const other = buildSendTimeSei(5);
    other[5] = 0x41;
    expect(parseSendTimeSei(other)).toBeUndefined();
    expect(parseSendTimeSei(Uint8Array.of(0x65, 1, 2, 3))).toBeUndefined();
  });

  it('goes after SPS/PPS and before the first slice', () => {
    const sps = Uint8Array.of(0x67), pps = Uint8Array.of(0x68), idr = Uint8Array.of(0x65);
    const sei = buildSendTimeSei(1);
    expect(stampAccessUnit([sps, pps, idr], sei)).toEqual([sps, pps, sei, idr]);
    expect(stampAccessUnit([Uint8Array.of(0x41)], sei)[0]).toBe(sei);
  });
});
