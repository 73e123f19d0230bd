/**
 * The model's input fitted to each picture against its 512x512 square, on
 * the pictures a camera actually sends: each clip runs through a camera's
 * object stage (object-runner.ts, the square input deciding what is sent),
 * and every picture sent is then run both ways. Prints, for `--label`
 * (default person), how many pictures reach `--min-score` (default 0.5,
 * a camera's default) both ways, only on the square, only fitted, and the
 * distribution of (fitted − square) best scores where both see the label.
 *
 *   npx tsx models/eval/compare-inputs.ts <video> [<video> …] [--label person] [--min-score 0.5]
 *
 * Used for the fitted-input figures in models/MODELS.md.
 */
import { DEFAULT_DETECTION } from '@argus/contracts';
import { createObjectDetector, type DetectionResult, type ObjectDetector } from '../src/index.js';
import { runObjects } from './object-runner.js';

export interface InputComparison {
  readonly pictures: number;
  readonly both: number;
  readonly onlySquare: number;
  readonly onlyFitted: number;
  /** fitted − square best score, sorted, over pictures where both find the label at all. */
  readonly differences: readonly number[];
}

export async function compareInputs(clips: readonly string[], label: string, minScore: number): Promise<InputComparison> {
  const square = await createObjectDetector({ mode: 'inline', fitInput: false });
  const fitted = await createObjectDetector({ mode: 'inline', fitInput: true });
  const best = (result: DetectionResult) => Math.max(0, ...result.objects.filter((o) => o.label === label).map((o) => o.score));
  let pictures = 0;
  let both = 0;
  let onlySquare = 0;
  let onlyFitted = 0;
  const differences: number[] = [];
  try {
    for (const path of clips) {
      const sent: Uint8Array[] = [];
      const recording: ObjectDetector = {
        modelVersion: square.modelVersion,
        labels: square.labels,
        detect: (image, options) => (sent.push(image), square.detect(image, options)),
        close: async () => {},
      };
      await runObjects({ path }, DEFAULT_DETECTION, recording);
      for (const image of sent) {
        const a = best(await square.detect(image, { minScore: 0.05 }));
        const b = best(await fitted.detect(image, { minScore: 0.05 }));
        pictures++;
        if (a > 0 && b > 0) differences.push(b - a);
        if (a >= minScore && b >= minScore) both++;
        else if (a >= minScore) onlySquare++;
        else if (b >= minScore) onlyFitted++;
      }
    }
  } finally {
    await Promise.all([square.close(), fitted.close()]);
  }
  return { pictures, both, onlySquare, onlyFitted, differences: differences.sort((x, y) => x - y) };
}

async function main(argv: readonly string[]): Promise<void> {
  const value = (flag: string) => {
    const index = argv.indexOf(flag);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const label = value('--label') ?? 'person';
  const minScore = Number(value('--min-score') ?? '0.5');
  const clips = argv.filter((arg, i) => !arg.startsWith('--') && !argv[i - 1]?.startsWith('--'));
  if (clips.length === 0 || !(minScore > 0 && minScore < 1)) {
    console.error('usage: compare-inputs <video> [<video> …] [--label person] [--min-score 0.5]');
    process.exit(2);
  }
  const c = await compareInputs(clips, label, minScore);
  const at = (q: number) => (c.differences.length ? c.differences[Math.min(c.differences.length - 1, Math.floor(q * c.differences.length))]!.toFixed(3) : 'n/a');
  const mean = c.differences.length ? (c.differences.reduce((s, d) => s + d, 0) / c.differences.length).toFixed(3) : 'n/a';
  console.log(`${c.pictures} pictures sent; ${label} >= ${minScore}: both ${c.both}, only square ${c.onlySquare}, only fitted ${c.onlyFitted}`);
  console.log(`fitted − square best ${label} score: mean ${mean}, p10 ${at(0.1)}, p50 ${at(0.5)}, p90 ${at(0.9)} (${c.differences.length} pictures)`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
