/**
 * The edge agent as `npm pack` ships it, for `npm run bench:detect`: one
 * esbuild bundle of `edge-agent/src/main.ts` with the workspace code inside
 * and third-party packages imported at run time (as scripts/build-package.ts
 * builds `argus-edge`'s bin). Built once at the start of a run, so the agent
 * measured is the same code for every camera count even while the tree
 * changes, and no TypeScript loader runs inside the measured process.
 *
 * With a git revision, the workspace sources are taken from that commit
 * (`git archive`) instead of the working tree: the committed agent, whatever
 * is being edited beside it.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** Beside the sources (ignored by git as `dist/`), so Node finds the third-party packages in the repository's node_modules. */
const OUT_DIR = fileURLToPath(new URL('./dist/', import.meta.url));
/** The workspace packages the agent is made of: `@argus/<name>` is `<name>/src/index.ts`. */
const WORKSPACE = ['core', 'contracts', 'runtime'];

export interface AgentBundle {
  readonly file: string;
  /** The commit the sources came from, or `working tree`. */
  readonly source: string;
  remove(): Promise<void>;
}

export async function bundleAgent(rev?: string): Promise<AgentBundle> {
  await mkdir(OUT_DIR, { recursive: true });
  const outfile = `${OUT_DIR}detect-bench-agent-${process.pid}.mjs`;
  let root = REPO;
  let snapshot: string | undefined;
  let source = 'working tree';
  if (rev !== undefined) {
    const commit = execFileSync('git', ['rev-parse', '--short', `${rev}^{commit}`], { cwd: REPO, encoding: 'utf8' }).trim();
    snapshot = await mkdtemp(join(tmpdir(), 'argus-detect-bench-src-'));
    const tar = execFileSync('git', ['archive', '--format=tar', commit, 'edge-agent/src', ...WORKSPACE.map((w) => `${w}/src`)], { cwd: REPO, maxBuffer: 256 * 1024 * 1024 });
    execFileSync('tar', ['-x', '-C', snapshot], { input: tar });
    root = `${snapshot}/`;
    source = `commit ${commit}`;
  }
  try {
    await build({
      entryPoints: [join(root, 'edge-agent/src/main.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      logLevel: 'error',
      plugins: [
        {
          name: 'workspace-inside-the-rest-outside',
          setup(b) {
            // `@argus/*` is bundled from the chosen sources; node: built-ins and npm packages stay imports.
            b.onResolve({ filter: /^[^./]/ }, (args) => {
              const workspace = /^@argus\/([a-z-]+)$/.exec(args.path)?.[1];
              if (workspace && WORKSPACE.includes(workspace)) return { path: join(root, workspace, 'src/index.ts') };
              return { path: args.path, external: true };
            });
          },
        },
      ],
    });
  } finally {
    if (snapshot) await rm(snapshot, { recursive: true, force: true });
  }
  return { file: outfile, source, remove: () => rm(outfile, { force: true }) };
}
