import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The cloud's bounded contexts (the folders of cloud/src) import each other
 * in one direction only: no cycle between contexts. Files at the top of
 * cloud/src are either shared (errors, config: they import no context) or
 * the composition root (app, server, main, index, cli), which may import
 * everything and is imported by nothing.
 */
const SRC = fileURLToPath(new URL('../src', import.meta.url));
const COMPOSITION = new Set(['app.ts', 'server.ts', 'main.ts', 'verify.ts', 'index.ts', 'cli-args.ts', 'admin-commands.ts', 'console-host.ts']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return files(full);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [full] : [];
  });
}

function unitOf(file: string): string {
  const rel = path.relative(SRC, file);
  const [first] = rel.split(path.sep);
  return rel.includes(path.sep) ? first! : COMPOSITION.has(first!) ? '(root)' : `(shared:${first})`;
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'(\.[^']+)'/g), ...text.matchAll(/import\('(\.[^']+)'\)/g)]
    .map((m) => path.resolve(path.dirname(file), m[1]!.replace(/\.js$/, '.ts')));
}

describe('cloud structure', () => {
  const graph = new Map<string, Set<string>>();
  for (const file of files(SRC)) {
    const from = unitOf(file);
    for (const target of importsOf(file)) {
      const to = unitOf(target);
      if (to === from) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from)!.add(to);
    }
  }

  it('has no import cycle between bounded contexts', () => {
    const cycles: string[] = [];
    const visit = (node: string, trail: string[]): void => {
      for (const next of graph.get(node) ?? []) {
        if (next.startsWith('(')) continue;
        const at = trail.indexOf(next);
        if (at >= 0) cycles.push([...trail.slice(at), next].join(' → '));
        else visit(next, [...trail, next]);
      }
    };
    for (const node of graph.keys()) if (!node.startsWith('(')) visit(node, [node]);
    expect([...new Set(cycles)]).toEqual([]);
    expect(graph.size).toBeGreaterThan(8);
  });

  it('keeps shared files free of contexts, and the composition root out of every context', () => {
    for (const [from, targets] of graph) {
      if (from.startsWith('(shared')) expect([...targets].filter((t) => !t.startsWith('(shared')), `${from} imports`).toEqual([]);
      if (!from.startsWith('(')) expect(targets.has('(root)'), `${from} imports the composition root`).toBe(false);
    }
  });
});
