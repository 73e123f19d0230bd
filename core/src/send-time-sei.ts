/**
 * The send-time stamp of a simulated camera: an H.264 SEI NAL unit
 * (user_data_unregistered, payload type 5) carrying the wall clock (epoch ms)
 * at which the access unit left the camera. The pipeline copies it untouched
 * (edge push, cloud relay, browser), so a viewer that reads it when the frame
 * is displayed measures glass-to-glass latency without trusting any part of
 * the pipeline's own timing.
 *
 * The payload is the 16-byte UUID followed by the time as 13 ASCII digits:
 * neither contains two zero bytes in a row, so the NAL needs no emulation
 * prevention bytes and the parser can read the RBSP as is.
 */

/** Identifies Argus's stamp among other SEI user data ("argus-send-time!" in ASCII). */
export const SEND_TIME_SEI_UUID: readonly number[] = [...'argus-send-time!'].map((c) => c.charCodeAt(0));
const DIGITS = 13; // epoch ms until the year 2286
const SEI_NAL_TYPE = 6;
const USER_DATA_UNREGISTERED = 5;

/** The SEI NAL unit (no start code, no length prefix) stamping `sentAtMs`. */
export function buildSendTimeSei(sentAtMs: number): Uint8Array {
  const digits = String(Math.max(0, Math.round(sentAtMs))).padStart(DIGITS, '0').slice(-DIGITS);
  const size = SEND_TIME_SEI_UUID.length + DIGITS;
  const nal = new Uint8Array(3 + size + 1);
  nal[0] = SEI_NAL_TYPE; // forbidden_zero_bit 0, nal_ref_idc 0
  nal[1] = USER_DATA_UNREGISTERED;
  nal[2] = size;
  nal.set(SEND_TIME_SEI_UUID, 3);
  for (let i = 0; i < DIGITS; i++) nal[3 + SEND_TIME_SEI_UUID.length + i] = digits.charCodeAt(i);
  nal[nal.length - 1] = 0x80; // rbsp_trailing_bits
  return nal;
}

/** The stamped time of an SEI NAL unit (no start code, no length prefix), or undefined when it is not Argus's stamp. */
export function parseSendTimeSei(nal: Uint8Array): number | undefined {
  if (nal.length < 3 + SEND_TIME_SEI_UUID.length + DIGITS || (nal[0]! & 0x1f) !== SEI_NAL_TYPE) return undefined;
  if (nal[1] !== USER_DATA_UNREGISTERED || nal[2] !== SEND_TIME_SEI_UUID.length + DIGITS) return undefined;
  for (let i = 0; i < SEND_TIME_SEI_UUID.length; i++) if (nal[3 + i] !== SEND_TIME_SEI_UUID[i]) return undefined;
  let ms = 0;
  for (let i = 0; i < DIGITS; i++) {
    const d = nal[3 + SEND_TIME_SEI_UUID.length + i]! - 48;
    if (d < 0 || d > 9) return undefined;
    ms = ms * 10 + d;
  }
  return ms;
}

/**
 * The NAL units of an access unit with the stamp inserted before its first
 * slice (SEI must precede the picture's VCL NAL units; SPS/PPS stay first).
 */
export function stampAccessUnit<T extends Uint8Array>(nals: readonly T[], sei: T): T[] {
  const firstSlice = nals.findIndex((n) => { const type = n[0]! & 0x1f; return type >= 1 && type <= 5; });
  const at = firstSlice < 0 ? nals.length : firstSlice;
  return [...nals.slice(0, at), sei, ...nals.slice(at)];
}
