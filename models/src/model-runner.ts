import type { ModelInput } from './image-input.js';
import type { Candidate } from './non-max-suppression.js';

/** One model's inference and output decoding: a prepared input in, candidates (before NMS) out. */
export interface ModelRunner {
  /** Square input side (px) the image must be resized to. */
  readonly inputSize: number;
  /** Runs the graph; candidates score at least minScore and are in model-input pixels. */
  run(input: ModelInput, minScore: number): Promise<Candidate[]>;
}
