import { tf } from './tf-runtime.js';
import { CENTERNET_OUTPUT, decodeCenternet } from './centernet-decoder.js';
import { fitInputShape, type InputShape, type ModelInput, type ResizeMode } from './image-input.js';
import type { Candidate } from './non-max-suppression.js';
import type { ModelRunner } from './model-runner.js';
import type { ShippedModel } from './shipped-models.js';
import { ModelLoadError } from './model-errors.js';

/**
 * MB3-CenterNet 512 (MobileNetV3-large 0.75 backbone, CenterNet head),
 * COCO 80 classes. Input [1, H, W, 3] RGB as floats 0..255 (the graph
 * divides by 255 itself); output rows decoded by decodeCenternet.
 *
 * The graph is fully convolutional, so a letterboxed picture gets an input
 * fitted to it (fitInputShape: 512x416 for a 16:9 picture, a crop at its own
 * scale) instead of the 512x512 square it was converted for: fewer padding
 * rows to compute, no upscaling of small crops. The converter folded the
 * square's feature-map sizes into constants (ShippedModel.shapeConstants);
 * before each run they are set for the run's input. `execute` is
 * synchronous, so no other run can see another input's constants.
 */
export function centernetRunner(model: tf.GraphModel, shipped: ShippedModel, classCount: number, options: { readonly fitInput: boolean }): ModelRunner {
  const square: InputShape = { width: shipped.inputSize, height: shipped.inputSize };
  const shapes = shipped.shapeConstants;
  const fit = options.fitInput && shapes !== undefined;
  if (shapes) checkShapeConstants(model, shipped);
  // The graph's own constants, put back before the graph is disposed (it disposes what its weight map holds).
  const originals = shapes?.constants.map((constant) => model.weights[constant.name]!) ?? [];
  const constantsByShape = new Map<string, tf.Tensor[]>();

  function useInputShape(shape: InputShape): void {
    if (!shapes) {
      if (shape.width !== square.width || shape.height !== square.height) throw new RangeError(`${shipped.name} takes ${square.width}x${square.height}, got ${shape.width}x${shape.height}`);
      return;
    }
    const key = `${shape.width}x${shape.height}`;
    let tensors = constantsByShape.get(key);
    if (!tensors) {
      tensors = shapes.constants.map((constant) => {
        const current = model.weights[constant.name]![0]!;
        return tf.tensor(constant.forInput(shape.height, shape.width) as number[], current.shape, 'int32');
      });
      constantsByShape.set(key, tensors);
    }
    shapes.constants.forEach((constant, index) => {
      model.weights[constant.name] = [tensors[index]!];
    });
  }

  return {
    inputShape(imageWidth: number, imageHeight: number, mode: ResizeMode): InputShape {
      if (!fit || mode === 'stretch') return square;
      return fitInputShape(imageWidth, imageHeight, shapes.fit);
    },
    async run(input: ModelInput, minScore: number): Promise<Candidate[]> {
      const shape = { width: input.placement.inputWidth, height: input.placement.inputHeight };
      useInputShape(shape);
      const rows = tf.tidy(() => {
        const pixels = tf.tensor4d(Float32Array.from(input.rgb), [1, shape.height, shape.width, 3], 'float32');
        return model.execute(pixels, CENTERNET_OUTPUT) as tf.Tensor;
      });
      try {
        return decodeCenternet((await rows.data()) as Float32Array, classCount, minScore);
      } finally {
        rows.dispose();
      }
    },
    dispose(): void {
      shapes?.constants.forEach((constant, index) => {
        model.weights[constant.name] = originals[index]!;
      });
      for (const tensors of constantsByShape.values()) for (const tensor of tensors) tensor.dispose();
      constantsByShape.clear();
    },
  };
}

/** The constants must be in the graph with the values of the square input, or the graph is not the one these rules were written for. */
function checkShapeConstants(model: tf.GraphModel, shipped: ShippedModel): void {
  for (const constant of shipped.shapeConstants?.constants ?? []) {
    const tensor = model.weights[constant.name]?.[0];
    const found = tensor ? Array.from(tensor.dataSync()) : undefined;
    if (!found || found.length !== constant.atInputSize.length || found.some((value, index) => value !== constant.atInputSize[index])) {
      throw new ModelLoadError(
        `model ${shipped.name}: constant ${constant.name} is ${found ? `[${found.join(', ')}]` : 'missing'}, expected [${constant.atInputSize.join(', ')}] for a ${shipped.inputSize}x${shipped.inputSize} input`,
      );
    }
  }
}
