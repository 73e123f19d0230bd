import { tf } from './tf-runtime.js';
import { CENTERNET_OUTPUT, decodeCenternet } from './centernet-decoder.js';
import type { ModelInput } from './image-input.js';
import type { Candidate } from './non-max-suppression.js';
import type { ModelRunner } from './model-runner.js';

/**
 * MB3-CenterNet 512 (MobileNetV3-large 0.75 backbone, CenterNet head),
 * COCO 80 classes. Input [1, 512, 512, 3] RGB as floats 0..255 (the graph
 * divides by 255 itself); output rows decoded by decodeCenternet.
 */
export function centernetRunner(model: tf.GraphModel, inputSize: number, classCount: number): ModelRunner {
  return {
    inputSize,
    async run(input: ModelInput, minScore: number): Promise<Candidate[]> {
      const rows = tf.tidy(() => {
        const pixels = tf.tensor4d(Float32Array.from(input.rgb), [1, inputSize, inputSize, 3], 'float32');
        return model.execute(pixels, CENTERNET_OUTPUT) as tf.Tensor;
      });
      try {
        return decodeCenternet((await rows.data()) as Float32Array, classCount, minScore);
      } finally {
        rows.dispose();
      }
    },
  };
}
