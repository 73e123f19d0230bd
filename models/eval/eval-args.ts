/** Command line of `npm run eval` (pure). */
export interface EvalArgs {
  readonly json: boolean;
  /** Score this clip only, against `truth`. */
  readonly clip?: string;
  readonly truth?: string;
  /** Only clips and scenes with these names. */
  readonly only: readonly string[];
  /** Folder of the shared clips (default ../shared/testdata/videos beside the repository). */
  readonly videos?: string;
  /** Sensitivity override (default: the contract's default, 0.5). */
  readonly sensitivity?: number;
  /** Per-frame detector output on stderr. */
  readonly trace: boolean;
  /**
   * Object rows: `auto` for the clips whose truth has labels other than
   * motion, `on` (--objects) for every clip, `off` (--no-objects) for none
   * (the model is not loaded).
   */
  readonly objects: 'auto' | 'on' | 'off';
  readonly help: boolean;
}

export const EVAL_USAGE = `npm run eval [-- options]

Scores motion detection (detector + event tracker at the default settings)
against ground truth: the simulator's built-in scenes and the clips in
../shared/testdata/videos with truth in models/eval/truth/. Clips whose
truth has object labels (person, car, ...) are also run through the edge's
object stage with the shipped model, one row per label.

  --json                 print one JSON document { "clips": [...] } instead of the table
  --clip <video>         score this video only ...
  --truth <file.json>    ... against this truth: { "intervals": [ { "label": "motion", "start": s, "end": s } ] }
                         (labels other than motion, e.g. "person", are scored on the object events)
  --only <name>          only this scene or clip (repeatable)
  --videos <dir>         folder of the shared clips
  --sensitivity <0..1>   detect at this sensitivity instead of the default
  --trace                per-frame detector output on stderr
  --objects              object rows for every clip, whatever its truth holds
  --no-objects           no object rows (the model is not loaded)
  --help`;

export function parseEvalArgs(argv: readonly string[]): EvalArgs {
  let json = false;
  let trace = false;
  let help = false;
  let objects: EvalArgs['objects'] = 'auto';
  let clip: string | undefined;
  let truth: string | undefined;
  let videos: string | undefined;
  let sensitivity: number | undefined;
  const only: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--json':
        json = true;
        break;
      case '--trace':
        trace = true;
        break;
      case '--objects':
      case '--no-objects': {
        const wanted = arg === '--objects' ? 'on' : 'off';
        if (objects !== 'auto' && objects !== wanted) throw new Error('--objects and --no-objects exclude each other');
        objects = wanted;
        break;
      }
      case '--help':
      case '-h':
        help = true;
        break;
      case '--clip':
        clip = value();
        break;
      case '--truth':
        truth = value();
        break;
      case '--videos':
        videos = value();
        break;
      case '--only':
        only.push(value());
        break;
      case '--sensitivity': {
        const v = Number(value());
        if (!(v >= 0 && v <= 1)) throw new Error('--sensitivity must be a number from 0 to 1');
        sensitivity = v;
        break;
      }
      default:
        throw new Error(`unknown option ${arg} (see --help)`);
    }
  }
  if ((clip === undefined) !== (truth === undefined)) throw new Error('--clip and --truth go together');
  return { json, trace, help, objects, only, ...(clip === undefined ? {} : { clip }), ...(truth === undefined ? {} : { truth }), ...(videos === undefined ? {} : { videos }), ...(sensitivity === undefined ? {} : { sensitivity }) };
}
