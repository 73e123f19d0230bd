/**
 * Builds one deliverable package (argus-edge, argus-cloud, argus-sim) to
 * JavaScript under `<package>/dist/`, for `npm pack`.
 *
 *   tsx ../scripts/build-package.ts <entry>... [--splitting] [--console]
 *
 * Run from the package folder (its `build` script does). Each entry becomes
 * an ESM bundle that carries the private workspace code (`@argus/*`:
 * TypeScript sources that no registry holds) and imports every third-party
 * package at run time. An entry is either a file under `src/`
 * (`src/main.ts` → `dist/main.js`) or `<name>=<module>`, a file or a package
 * path, built to `dist/<name>.js` (`detector-worker=@argus/models/detector-worker`:
 * a worker thread's module, which must be a file of its own beside the bundle).
 *
 * `--splitting` turns on esbuild's code splitting: code the entries share
 * goes to `dist/chunk-<hash>.js`, and a module reached only through a dynamic
 * `import()` to `dist/<its name>-<hash>.js`, so a lazy `import()` stays lazy
 * in the bundle (its third-party imports load on the first call, not at
 * start). Chunks sit beside the entries, flat in `dist/`: code that finds a
 * sibling entry from its own `import.meta.url` (models' detectorWorkerEntry)
 * relies on it. Without the flag, each entry is a single file and bundled
 * `import()`s are inlined (their third-party imports load at start). `--console`
 * also puts the built operator console in `dist/console` (the cloud serves it
 * at `/`).
 *
 * The build fails when the tarball would be broken once installed on its
 * own: a third-party package the bundle imports (or that a bundled workspace
 * package declares) missing from the package's `dependencies`, an `@argus/*`
 * package left in `dependencies` (npm would look it up in the registry), or
 * a `bin` that the build does not produce.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, cp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const WORKSPACE_SCOPE = '@argus/';
const SHEBANG = '#!/usr/bin/env node';
/**
 * Set to 1 to reuse an existing console/dist instead of rebuilding it: Vite
 * empties that folder while it builds, which tests that serve it at the
 * same moment would notice (used by tests/packaging).
 */
const REUSE_CONSOLE_ENV = 'ARGUS_BUILD_REUSE_CONSOLE';

interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly bin?: string | Readonly<Record<string, string>>;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
}

class BuildError extends Error {}

function readPackageJson(dir: string): PackageJson {
  return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
}

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

interface ThirdPartyImport {
  readonly name: string;
  /** File that imports it, relative to the package folder. */
  readonly importer: string;
}

/**
 * Bundles `@argus/*` (esbuild follows the workspace links in node_modules to
 * the sources) and leaves every other bare import to Node at run time,
 * recording which packages those are.
 */
function externalThirdParty(found: ThirdPartyImport[], packageDir: string): Plugin {
  return {
    name: 'argus-external-third-party',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith(WORKSPACE_SCOPE)) return undefined;
        if (!isBuiltin(args.path)) found.push({ name: packageName(args.path), importer: path.relative(packageDir, args.importer) });
        return { path: args.path, external: true };
      });
    },
  };
}

/** The nearest folder above `file` that has a package.json. */
function packageDirOf(file: string, cache: Map<string, string | undefined>): string | undefined {
  let dir = path.dirname(file);
  const visited: string[] = [];
  while (true) {
    if (cache.has(dir)) {
      const hit = cache.get(dir);
      for (const d of visited) cache.set(d, hit);
      return hit;
    }
    visited.push(dir);
    if (existsSync(path.join(dir, 'package.json'))) {
      for (const d of visited) cache.set(d, dir);
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      for (const d of visited) cache.set(d, undefined);
      return undefined;
    }
    dir = parent;
  }
}

/**
 * Third-party dependencies declared by the workspace packages whose code is
 * in the bundle. They count as imported even when esbuild cannot see the
 * import (runtime's `createRequire(...)('@ffmpeg-installer/ffmpeg')`).
 */
function bundledWorkspaceDependencies(metafile: Metafile, packageDir: string, own: PackageJson): Map<string, { range: string; from: string }> {
  const cache = new Map<string, string | undefined>();
  const out = new Map<string, { range: string; from: string }>();
  const seen = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const dir = packageDirOf(path.resolve(packageDir, input), cache);
    if (dir === undefined || seen.has(dir)) continue;
    seen.add(dir);
    const pkg = readPackageJson(dir);
    if (pkg.name === own.name || !pkg.name.startsWith(WORKSPACE_SCOPE)) continue;
    for (const [name, range] of Object.entries(pkg.dependencies ?? {})) {
      if (!name.startsWith(WORKSPACE_SCOPE)) out.set(name, { range, from: pkg.name });
    }
  }
  return out;
}

/** Everything wrong with the package's dependencies, one line each (empty: fine). */
function dependencyProblems(own: PackageJson, imports: readonly ThirdPartyImport[], declaredByWorkspace: Map<string, { range: string; from: string }>): string[] {
  const deps = own.dependencies ?? {};
  const problems: string[] = [];
  for (const name of Object.keys(deps).filter((n) => n.startsWith(WORKSPACE_SCOPE))) {
    problems.push(`${name} is in dependencies: it is bundled, so it belongs in devDependencies (npm install <tgz> would look it up in the registry)`);
  }
  const importers = new Map<string, string[]>();
  for (const { name, importer } of imports) importers.set(name, [...(importers.get(name) ?? []), importer]);
  for (const [name, files] of [...importers].sort(([a], [b]) => a.localeCompare(b))) {
    if (!(name in deps)) problems.push(`${name} is imported by ${[...new Set(files)].slice(0, 3).join(', ')} but is not in dependencies`);
  }
  for (const [name, { range, from }] of [...declaredByWorkspace].sort(([a], [b]) => a.localeCompare(b))) {
    if (!(name in deps) && importers.has(name)) continue; // reported above
    if (!(name in deps)) problems.push(`${name} (${range}) is a dependency of the bundled ${from} but not of ${own.name}`);
    else if (deps[name] !== range) problems.push(`${name} is ${deps[name]} here but ${range} in the bundled ${from}; use one range`);
  }
  return problems;
}

function binTargets(own: PackageJson): Map<string, string> {
  if (own.bin === undefined) return new Map();
  if (typeof own.bin === 'string') return new Map([[own.name, own.bin]]);
  return new Map(Object.entries(own.bin));
}

/** Makes `file` a plain-node executable: exactly one `#!/usr/bin/env node` line, mode 0755. */
async function makeExecutable(file: string): Promise<void> {
  const code = await readFile(file, 'utf8');
  // esbuild keeps an entry's own hashbang (argus-sim's source one runs tsx): replace it.
  const body = code.startsWith('#!') ? code.slice(code.indexOf('\n') + 1) : code;
  await writeFile(file, `${SHEBANG}\n${body}`);
  await chmod(file, 0o755);
}

/** Builds the console unless told to reuse a complete one, then copies it to `target`. */
async function copyConsole(target: string): Promise<void> {
  const built = path.join(REPO_ROOT, 'console', 'dist');
  const reuse = process.env[REUSE_CONSOLE_ENV] === '1' && existsSync(path.join(built, 'index.html'));
  if (!reuse) execFileSync('npm', ['run', 'build', '-w', '@argus/console'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (!existsSync(path.join(built, 'index.html'))) throw new BuildError(`${built}/index.html is missing after the console build`);
  await cp(built, target, { recursive: true });
}

const FLAGS = ['--console', '--splitting'] as const;
const USAGE = 'usage: build-package.ts <entry.ts | name=module>... [--splitting] [--console]';

/** `src/main.ts` as is (its output follows outbase `src`); `name=module` → `{ in: module, out: name }`. */
function entryPoint(arg: string): string | { in: string; out: string } {
  const eq = arg.indexOf('=');
  if (eq < 0) return arg;
  const out = arg.slice(0, eq);
  const module = arg.slice(eq + 1);
  if (!/^[A-Za-z0-9][\w.-]*$/.test(out) || module === '') throw new BuildError(`entry ${JSON.stringify(arg)}: expected <name>=<module>, name a plain file name without .js\n${USAGE}`);
  return { in: module, out };
}

async function main(argv: readonly string[]): Promise<void> {
  const withConsole = argv.includes('--console');
  const splitting = argv.includes('--splitting');
  const entries = argv.filter((a) => !a.startsWith('--')).map(entryPoint);
  const unknown = argv.filter((a) => a.startsWith('--') && !(FLAGS as readonly string[]).includes(a));
  if (entries.length === 0 || unknown.length > 0) throw new BuildError(USAGE);

  const packageDir = process.cwd();
  const own = readPackageJson(packageDir);
  const outdir = path.join(packageDir, 'dist');
  await rm(outdir, { recursive: true, force: true });

  const imports: ThirdPartyImport[] = [];
  const result = await build({
    absWorkingDir: packageDir,
    entryPoints: entries,
    outdir,
    outbase: 'src',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    splitting,
    metafile: true,
    logLevel: 'warning',
    plugins: [externalThirdParty(imports, packageDir)],
  });

  const problems = dependencyProblems(own, imports, bundledWorkspaceDependencies(result.metafile, packageDir, own));
  for (const [bin, target] of binTargets(own)) {
    const file = path.resolve(packageDir, target);
    if (!Object.keys(result.metafile.outputs).some((o) => path.resolve(packageDir, o) === file)) {
      problems.push(`bin ${bin} → ${target} is not an output of this build (outputs: ${Object.keys(result.metafile.outputs).join(', ')})`);
    } else {
      await makeExecutable(file);
    }
  }
  if (problems.length > 0) {
    await rm(outdir, { recursive: true, force: true });
    throw new BuildError(`${own.name}: the package would not install on its own:\n  - ${problems.join('\n  - ')}`);
  }

  if (withConsole) await copyConsole(path.join(outdir, 'console'));

  for (const output of Object.keys(result.metafile.outputs)) {
    const { size } = await stat(path.resolve(packageDir, output));
    console.log(`${own.name}: ${output} ${(size / 1024).toFixed(0)} kB`);
  }
  const external = [...new Set(imports.map((i) => i.name))].sort();
  console.log(`${own.name}: bundled ${WORKSPACE_SCOPE}*, external ${external.join(', ')}${withConsole ? '; console in dist/console' : ''}`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof BuildError ? err.message : err);
  process.exit(1);
});
