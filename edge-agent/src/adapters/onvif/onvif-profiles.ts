/**
 * Choosing streams among a camera's ONVIF media profiles, pure: the
 * highest resolution is recorded (`main`), the lowest feeds detection (`sub`).
 */
export interface MediaProfile {
  readonly token: string;
  readonly name: string;
  readonly width: number;
  readonly height: number;
  /** Video encoding as the camera names it (`H264`, `H265`, `JPEG`); undefined without a video encoder. */
  readonly encoding?: string;
}

export interface ProfileChoice {
  readonly main: MediaProfile;
  /** undefined when the camera has a single profile. */
  readonly sub: MediaProfile | undefined;
}

/** undefined when there is no profile with a video resolution. */
export function chooseProfiles(profiles: readonly MediaProfile[]): ProfileChoice | undefined {
  const video = profiles.filter((p) => p.width > 0 && p.height > 0);
  if (video.length === 0) return undefined;
  // Ties keep the camera's own order (its first profile is usually its main stream).
  const byArea = [...video].sort((a, b) => b.width * b.height - a.width * a.height);
  const main = byArea[0]!;
  const sub = byArea[byArea.length - 1]!;
  return { main, sub: sub.token === main.token ? undefined : sub };
}

/** Reads token, name and resolution from a profile object of the `onvif` library (fields vary by camera). */
export function toMediaProfile(raw: Record<string, unknown>): MediaProfile | undefined {
  const token = (raw.$ as { token?: unknown } | undefined)?.token ?? raw.token;
  if (typeof token !== 'string') return undefined;
  const encoder = raw.videoEncoderConfiguration as { encoding?: unknown; resolution?: { width?: unknown; height?: unknown } } | undefined;
  const width = Number(encoder?.resolution?.width ?? 0);
  const height = Number(encoder?.resolution?.height ?? 0);
  return {
    token,
    name: typeof raw.name === 'string' ? raw.name : token,
    width: Number.isFinite(width) ? width : 0,
    height: Number.isFinite(height) ? height : 0,
    ...(typeof encoder?.encoding === 'string' ? { encoding: encoder.encoding } : {}),
  };
}
