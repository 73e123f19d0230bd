import { describe, expect, it } from 'vitest';
import { startDetectorPool, type DetectorRunner } from './detector-pool.js';
import { DetectorClosedError, WorkerExitedError } from './model-errors.js';
import { QueueFullError, type DetectionResult } from './object-detector.js';

const result: DetectionResult = { objects: [], imageWidth: 1, imageHeight: 1, inferenceMs: 1 };
const image = new Uint8Array([1]);

/** A runner whose calls finish when the test says so, and that can die. */
class FakeRunner implements DetectorRunner {
  readonly modelVersion = 'fake@1';
  readonly labels = ['person'];
  readonly backend = 'wasm' as const;
  readonly calls: { resolve: (r: DetectionResult) => void; reject: (e: unknown) => void }[] = [];
  closed = false;
  private die: (reason: Error) => void = () => {};
  readonly exited = new Promise<Error>((resolve) => {
    this.die = resolve;
  });

  detect(): Promise<DetectionResult> {
    return new Promise((resolve, reject) => this.calls.push({ resolve, reject }));
  }

  crash(): void {
    const reason = new WorkerExitedError('crashed');
    for (const call of this.calls.splice(0)) call.reject(reason);
    this.die(reason);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

function fakes() {
  const started: FakeRunner[] = [];
  const waiters: ((runner: FakeRunner) => void)[] = [];
  return {
    started,
    startRunner: async () => {
      const runner = new FakeRunner();
      started.push(runner);
      for (const waiter of waiters.splice(0)) waiter(runner);
      return runner;
    },
    nextStart: () => new Promise<FakeRunner>((resolve) => waiters.push(resolve)),
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('detector pool', () => {
  it('runs one call per runner and queues the rest up to the limit, then rejects at once', async () => {
    const { started, startRunner } = fakes();
    const pool = await startDetectorPool({ size: 2, queueLimit: 1, startRunner });
    const calls = [pool.detect(image), pool.detect(image), pool.detect(image)];
    await expect(pool.detect(image)).rejects.toBeInstanceOf(QueueFullError);
    await settle();
    expect(started.map((r) => r.calls.length)).toEqual([1, 1]);
    expect(pool.stats()).toMatchObject({ busy: 2, queued: 1, rejectedQueueFull: 1 });

    started[0]!.calls[0]!.resolve(result);
    await expect(calls[0]).resolves.toBe(result);
    await settle();
    expect(started[0]!.calls).toHaveLength(2); // the queued call moved onto the freed runner
    started[1]!.calls[0]!.resolve(result);
    started[0]!.calls[1]!.resolve(result);
    await expect(Promise.all(calls)).resolves.toHaveLength(3);
    await pool.close();
  });

  it('rejects the call of a runner that dies, replaces the runner and goes on with the queue', async () => {
    const { started, startRunner, nextStart } = fakes();
    const exits: Error[] = [];
    const pool = await startDetectorPool({ size: 1, queueLimit: 2, startRunner, onRunnerExit: (reason) => exits.push(reason) });
    const first = pool.detect(image);
    const second = pool.detect(image);
    await settle();
    const replacement = nextStart();
    started[0]!.crash();
    await expect(first).rejects.toBeInstanceOf(WorkerExitedError);
    const runner = await replacement;
    await settle();
    expect(runner.calls).toHaveLength(1);
    runner.calls[0]!.resolve(result);
    await expect(second).resolves.toBe(result);
    expect(exits).toHaveLength(1);
    expect(pool.stats()).toMatchObject({ alive: 1, restarts: 1 });
    await pool.close();
  });

  it('rejects calls in flight and waiting on close, and every call after it', async () => {
    const { started, startRunner } = fakes();
    const pool = await startDetectorPool({ size: 1, queueLimit: 1, startRunner });
    const running = pool.detect(image);
    const waiting = pool.detect(image);
    await pool.close();
    await expect(running).rejects.toBeInstanceOf(DetectorClosedError);
    await expect(waiting).rejects.toBeInstanceOf(DetectorClosedError);
    await expect(pool.detect(image)).rejects.toBeInstanceOf(DetectorClosedError);
    expect(started[0]!.closed).toBe(true);
    await pool.close(); // idempotent
  });

  it('fails waiting calls when no replacement can be started, and tries again on the next call', async () => {
    let failing = false;
    const { startRunner: startFake, started } = fakes();
    const startRunner = async () => {
      if (failing) throw new Error('model gone');
      return startFake();
    };
    const pool = await startDetectorPool({ size: 1, queueLimit: 1, startRunner });
    const first = pool.detect(image);
    const second = pool.detect(image);
    await settle();
    failing = true;
    started[0]!.crash();
    await expect(first).rejects.toBeInstanceOf(WorkerExitedError);
    await expect(second).rejects.toThrow('model gone');
    failing = false;
    const third = pool.detect(image);
    await settle();
    started[1]!.calls[0]!.resolve(result);
    await expect(third).resolves.toBe(result);
    await pool.close();
  });

  it('closes the runners that started when one of them cannot', async () => {
    let count = 0;
    const runner = new FakeRunner();
    const startRunner = async () => {
      if (count++ === 1) throw new Error('no model');
      return runner;
    };
    await expect(startDetectorPool({ size: 2, queueLimit: 1, startRunner })).rejects.toThrow('no model');
    expect(runner.closed).toBe(true);
  });
});
