import type { FrameRate } from '../scene/scene-frames.js';

/**
 * How a scene's audio repeats with its video: each loop of the video
 * (`videoFrames / fps` seconds) plays the audio AUs from the start, AU k of
 * loop L at sample `L * loopSamples + k * samplesPerFrame`. AUs that would
 * spill past the loop's end are left out, so audio and video restart
 * together and the audio clock never overlaps or jumps back.
 */
export interface AudioLoopPlan {
  readonly sampleRate: number;
  readonly samplesPerFrame: number;
  /** Audio samples in one video loop. */
  readonly loopSamples: number;
  /** AUs played per loop. */
  readonly framesPerLoop: number;
}

export function planAudioLoop(input: {
  readonly sampleRate: number;
  readonly samplesPerFrame: number;
  readonly audioFrames: number;
  readonly videoFrames: number;
  readonly fps: FrameRate;
}): AudioLoopPlan {
  const loopSamples = Math.round((input.videoFrames * input.fps.den * input.sampleRate) / input.fps.num);
  const framesPerLoop = Math.min(input.audioFrames, Math.floor(loopSamples / input.samplesPerFrame));
  return { sampleRate: input.sampleRate, samplesPerFrame: input.samplesPerFrame, loopSamples, framesPerLoop };
}

/** Video 90 kHz ticks to audio samples (floor). */
export function ticksToSamples(ticks90k: number, sampleRate: number): number {
  return Math.floor((ticks90k * sampleRate) / 90_000);
}

/** One AU due to be sent: which AU of the scene, and its absolute sample time. */
export interface DueAudioFrame {
  readonly frame: number;
  readonly sample: number;
}

/**
 * Walks the looping audio in step with a session's video (pure: driven by
 * sample times the caller derives from video media time).
 */
export class AudioCursor {
  private loop = 0;
  private frame = 0;

  constructor(
    private readonly plan: AudioLoopPlan,
    startSample: number,
  ) {
    this.seek(startSample);
  }

  /** Sample time of the next AU. */
  get nextSample(): number {
    return this.loop * this.plan.loopSamples + this.frame * this.plan.samplesPerFrame;
  }

  /** Positions at the first AU starting at or after `sample`. */
  seek(sample: number): void {
    if (this.plan.framesPerLoop === 0) return;
    this.loop = Math.floor(sample / this.plan.loopSamples);
    this.frame = Math.ceil((sample - this.loop * this.plan.loopSamples) / this.plan.samplesPerFrame);
    if (this.frame >= this.plan.framesPerLoop) {
      this.loop++;
      this.frame = 0;
    }
  }

  /** AUs starting before `untilSample`, in order; the cursor moves past them. */
  take(untilSample: number): DueAudioFrame[] {
    const out: DueAudioFrame[] = [];
    if (this.plan.framesPerLoop === 0) return out;
    while (this.nextSample < untilSample) {
      out.push({ frame: this.frame, sample: this.nextSample });
      this.frame++;
      if (this.frame >= this.plan.framesPerLoop) {
        this.loop++;
        this.frame = 0;
      }
    }
    return out;
  }
}
