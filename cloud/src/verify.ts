/**
 * argus-verify: checks an evidence export offline. The manifest's Ed25519
 * signature against the deployment's public key (a PEM file, or fetched
 * from a cloud), then the clip's size and sha256 against the manifest.
 *
 *   argus-verify <clip.mp4> <manifest.json> [--key <public key PEM>] [--url <cloud base URL>]
 *
 * Exit 0: everything holds. 1: a check failed (the clip or manifest was
 * changed, or another key signed it). 2: the command could not run (usage,
 * unreadable file, unreachable cloud).
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { EvidenceManifest } from '@argus/contracts';
import { canonicalJson, keyIdOf, verifyManifest } from './core/evidence-manifest.js';

const USAGE = `usage:
  argus-verify <clip.mp4> <manifest.json> --key <public-key.pem>
  argus-verify <clip.mp4> <manifest.json> --url <cloud base URL>

Checks an Argus evidence export: the manifest's signature (Ed25519, with the
deployment's public key: a PEM file, or GET <url>/api/evidence/public-key),
then the clip's size and sha256 against the signed manifest.
Exit 0 when all hold, 1 when a check fails, 2 when it cannot run.
`;

class UsageError extends Error {}
class Refused extends Error {}

interface Args {
  readonly clip: string;
  readonly manifest: string;
  readonly key: string | undefined;
  readonly url: string | undefined;
}

function parseArgs(argv: readonly string[]): Args | 'help' {
  const positional: string[] = [];
  let key: string | undefined;
  let url: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--key' || arg === '--url') {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      if (arg === '--key') key = value;
      else url = value;
    } else if (arg.startsWith('--')) {
      throw new UsageError(`unknown option ${arg}`);
    } else {
      positional.push(arg);
    }
  }
  if (positional.length !== 2) throw new UsageError('give the clip and the manifest');
  if (key === undefined && url === undefined) throw new UsageError('give the public key: --key <file> or --url <cloud>');
  return { clip: positional[0]!, manifest: positional[1]!, key, url };
}

async function publicKeyOf(args: Args): Promise<{ key: KeyObject; from: string }> {
  if (args.key !== undefined) {
    const pem = await readFile(args.key, 'utf8');
    try {
      return { key: createPublicKey(pem), from: args.key };
    } catch (err) {
      throw new UsageError(`${args.key} is not a PEM public key: ${(err as Error).message}`);
    }
  }
  const base = args.url!.replace(/\/+$/, '');
  const response = await fetch(`${base}/api/evidence/public-key`, { signal: AbortSignal.timeout(15_000) });
  if (!response.ok) throw new UsageError(`${base}/api/evidence/public-key answered HTTP ${response.status}`);
  const body = (await response.json()) as { algorithm?: unknown; keyId?: unknown; publicKeyPem?: unknown };
  if (body.algorithm !== 'ed25519' || typeof body.publicKeyPem !== 'string') throw new UsageError(`${base} did not send an Ed25519 public key`);
  const key = createPublicKey(body.publicKeyPem);
  if (body.keyId !== keyIdOf(key)) throw new UsageError(`${base} sent a key whose id does not match it`);
  return { key, from: `${base}/api/evidence/public-key` };
}

function readManifest(text: string, file: string): EvidenceManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Refused(`${file} is not JSON (${(err as Error).message}): not an intact manifest`);
  }
  const m = value as Partial<EvidenceManifest> | null;
  if (!m || typeof m !== 'object' || m.format !== 'argus-evidence/1') throw new Refused(`${file} is not an argus-evidence/1 manifest`);
  if (!m.clip || typeof m.clip.sha256 !== 'string' || typeof m.clip.bytes !== 'number') throw new Refused(`${file} names no clip (clip.sha256, clip.bytes)`);
  if (!m.signature || typeof m.signature.value !== 'string') throw new Refused(`${file} carries no signature`);
  // The cloud writes manifests in canonical form plus a newline: any other byte, even layout, is a change.
  if (text !== `${canonicalJson(m)}\n`) throw new Refused(`${file} is not byte for byte as the cloud wrote it (canonical JSON and a newline): it was changed`);
  return m as EvidenceManifest;
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const manifest = readManifest(await readFile(args.manifest, 'utf8'), args.manifest);
  const { key, from } = await publicKeyOf(args);

  const signature = verifyManifest(manifest, key);
  if (!signature.ok) throw new Refused(`manifest ${args.manifest}: ${signature.reason}`);

  const bytes = (await stat(args.clip)).size;
  if (bytes !== manifest.clip.bytes) throw new Refused(`clip ${args.clip} is ${bytes} bytes; the signed manifest says ${manifest.clip.bytes}: the clip was changed`);
  const sha256 = await sha256Of(args.clip);
  if (sha256 !== manifest.clip.sha256) throw new Refused(`clip ${args.clip} has sha256 ${sha256}; the signed manifest says ${manifest.clip.sha256}: the clip was changed`);

  const lines = [
    `argus-verify: OK, evidence export ${manifest.exportId} is intact and signed by the given key`,
    `  signature   ed25519 by key ${signature.keyId} (${from})`,
    `  clip        ${args.clip}: ${bytes} bytes, sha256 ${sha256}`,
    `  camera      ${manifest.camera.id} "${manifest.camera.name}", site ${manifest.camera.siteId}, stream ${manifest.stream} (organisation ${manifest.orgId})`,
    `  requested   ${manifest.requested.from} to ${manifest.requested.to}`,
    `  covered     ${manifest.covered.from} to ${manifest.covered.to}, ${manifest.segments.length} recorded segment(s), each sha256 as indexed`,
    `  exported    by ${manifest.exportedBy} at ${manifest.exportedAt}`,
    `  reason      ${manifest.reason}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof Refused) {
      process.stderr.write(`argus-verify: FAILED: ${err.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`argus-verify: ${err instanceof Error ? err.message : String(err)}\n${err instanceof UsageError ? `\n${USAGE}` : ''}`);
    process.exit(2);
  },
);
