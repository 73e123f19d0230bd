import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { tf } from './tf-runtime.js';
import { ModelIntegrityError, ModelLoadError } from './model-errors.js';
import type { ShippedModel } from './shipped-models.js';

/**
 * A tf.io.IOHandler that reads a graph model (model.json and its weight
 * shards) from a directory on disk, checking every file against its expected
 * sha256 first. Plain @tensorflow/tfjs has no file:// loader under Node, and
 * nothing may be fetched over the network, so this is the only way models
 * are loaded.
 */
export function verifiedFileHandler(
  dir: string,
  topologyFile: string,
  sha256: Readonly<Record<string, string>>,
  options: { readonly freeInputSize?: boolean } = {},
): tf.io.IOHandler {
  return {
    load: async () => {
      const modelJson = JSON.parse((await readVerified(dir, topologyFile, sha256)).toString('utf8')) as tf.io.ModelJSON;
      if (options.freeInputSize) freeSpatialInputSize(modelJson);
      return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          for (const shard of group.paths) {
            const bytes = await readVerified(dir, shard, sha256);
            buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
          }
        }
        return [tf.io.getWeightSpecs(manifest), tf.io.concatenateArrayBuffers(buffers)];
      });
    },
  };
}

/** Loads a shipped model from `dir` (normally human-models' models/ folder), integrity-checked. */
export async function loadShippedGraphModel(model: ShippedModel, dir: string): Promise<tf.GraphModel> {
  const handler = verifiedFileHandler(dir, model.topologyFile, model.sha256, { freeInputSize: model.shapeConstants !== undefined });
  try {
    return await tf.loadGraphModel(handler);
  } catch (error) {
    if (error instanceof ModelIntegrityError) throw error;
    throw new ModelLoadError(`model ${model.name}: loading ${path.join(dir, model.topologyFile)} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

async function readVerified(dir: string, file: string, sha256: Readonly<Record<string, string>>): Promise<Buffer> {
  const expected = sha256[file];
  const fullPath = path.join(dir, file);
  // A shard the manifest names but nobody hashed is as suspect as a changed one.
  if (!expected) throw new ModelIntegrityError(`model file ${fullPath} has no recorded sha256 (see models/MODELS.md)`);
  let bytes: Buffer;
  try {
    bytes = await readFile(fullPath);
  } catch (error) {
    throw new ModelIntegrityError(`model file ${fullPath} cannot be read: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== expected) {
    throw new ModelIntegrityError(`model file ${fullPath} has sha256 ${actual}, expected ${expected} (see models/MODELS.md): the installed package differs from the one Argus was tested with`);
  }
  return bytes;
}

interface TensorShapeJson {
  dim?: { size?: string | number }[];
}

/**
 * Declares every input of a channels-last image graph ([1, H, W, C]) as
 * taking any height and width: tfjs refuses an input whose shape differs
 * from the declared one, even where every operation of the graph would take
 * it. Applied after the file's sha256 is checked; the weights are untouched.
 */
function freeSpatialInputSize(modelJson: tf.io.ModelJSON): void {
  const free = (shape: TensorShapeJson | undefined) => {
    if (shape?.dim?.length !== 4) throw new ModelLoadError('a model taking images of any size needs [1, H, W, C] inputs');
    shape.dim[1] = { size: '-1' };
    shape.dim[2] = { size: '-1' };
  };
  const topology = modelJson.modelTopology as { node?: { op?: string; attr?: { shape?: { shape?: TensorShapeJson } } }[] } | undefined;
  for (const node of topology?.node ?? []) if (node.op === 'Placeholder') free(node.attr?.shape?.shape);
  const signature = modelJson.signature as { inputs?: Record<string, { tensorShape?: TensorShapeJson }> } | undefined;
  for (const input of Object.values(signature?.inputs ?? {})) free(input.tensorShape);
}
