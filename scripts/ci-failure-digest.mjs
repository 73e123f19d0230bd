// After a failed `npm test` in CI: the failed tests and unhandled errors,
// printed last so they are what a CI log's tail shows.
import { existsSync, readFileSync } from 'node:fs';

const strip = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');
const report = 'test-results/vitest.json';
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  for (const file of r.testResults ?? []) {
    const failed = (file.assertionResults ?? []).filter((a) => a.status === 'failed');
    if (file.status === 'failed' && failed.length === 0) console.log(`FAILED FILE ${file.name}: ${strip(file.message ?? '').slice(0, 1500)}`);
    for (const a of failed) {
      console.log(`FAILED ${file.name} > ${a.fullName} (${a.duration ?? '?'} ms)`);
      for (const m of a.failureMessages ?? []) console.log(strip(m).split('\n').slice(0, 25).map((l) => `    ${l}`).join('\n'));
    }
  }
}
const log = 'test-results/npm-test.log';
if (existsSync(log)) {
  const lines = strip(readFileSync(log, 'utf8')).split('\n');
  const start = lines.findIndex((l) => /Unhandled (Errors?|Rejection)/.test(l));
  if (start >= 0) console.log(['UNHANDLED:', ...lines.slice(start, start + 60)].join('\n'));
}
