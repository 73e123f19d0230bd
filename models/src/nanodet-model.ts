import { tf } from './tf-runtime.js';
import { decodeNanodet, NANODET_BOX_CHANNELS, NANODET_GRIDS, type NanodetHead } from './nanodet-decoder.js';
import type { ModelInput } from './image-input.js';
import type { Candidate } from './non-max-suppression.js';
import type { ModelRunner } from './model-runner.js';

/**
 * NanoDet 416 (GFL head, 11 distance bins a side), COCO 80 classes. Input
 * [1, 3, 416, 416] RGB 0..1 (channels first); six outputs, a score and a box
 * head per stride, told apart by shape as human does.
 */
export function nanodetRunner(model: tf.GraphModel, inputSize: number, classCount: number): ModelRunner {
  const shape = { width: inputSize, height: inputSize };
  return {
    // Converted for one square input: its anchors and grids are constants of the graph.
    inputShape: () => shape,
    async run(input: ModelInput, minScore: number): Promise<Candidate[]> {
      if (input.placement.inputWidth !== inputSize || input.placement.inputHeight !== inputSize) {
        throw new RangeError(`nanodet takes ${inputSize}x${inputSize}, got ${input.placement.inputWidth}x${input.placement.inputHeight}`);
      }
      const outputs = tf.tidy(() => {
        const pixels = tf.tensor4d(Float32Array.from(input.rgb), [1, inputSize, inputSize, 3], 'float32');
        const normalised = tf.transpose(tf.div(pixels, 255), [0, 3, 1, 2]);
        return model.execute(normalised) as tf.Tensor[];
      });
      try {
        const heads: NanodetHead[] = [];
        for (const grid of NANODET_GRIDS) {
          const cells = grid * grid;
          const scores = outputs.find((t) => t.shape[1] === cells && t.shape[2] === classCount);
          const boxes = outputs.find((t) => t.shape[1] === cells && t.shape[2] === NANODET_BOX_CHANNELS);
          if (!scores || !boxes) throw new Error(`nanodet: no outputs for the ${grid}x${grid} head`);
          heads.push({ grid, scores: (await scores.data()) as Float32Array, boxes: (await boxes.data()) as Float32Array });
        }
        return decodeNanodet(heads, inputSize, classCount, minScore);
      } finally {
        for (const tensor of outputs) tensor.dispose();
      }
    },
  };
}
