import type { InputShape, ModelInput, ResizeMode } from './image-input.js';
import type { Candidate } from './non-max-suppression.js';

/** One model's inference and output decoding: a prepared input in, candidates (before NMS) out. */
export interface ModelRunner {
  /** The input (px) an image of this size is resized into, for the resize mode. */
  inputShape(imageWidth: number, imageHeight: number, mode: ResizeMode): InputShape;
  /** Runs the graph; candidates score at least minScore and are in model-input pixels. */
  run(input: ModelInput, minScore: number): Promise<Candidate[]>;
  /** Frees what the runner made beside the graph (before the graph is disposed). */
  dispose?(): void;
}
