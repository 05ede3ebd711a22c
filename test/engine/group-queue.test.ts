import { GroupQueue } from '../../src/engine/parallel';
import type { LoadUnit } from '../../src/engine/analyze';
import type { Format } from '../../src/model';

const KB = 1024;

/** A group of one unit of one file of `bytes` characters. */
const group = (format: Format, bytes: number): LoadUnit[] => [
  { format, entries: [{ path: `${format}-${bytes}`, text: 'x'.repeat(bytes) }] },
];

describe('the queue of groups the threads of a scan share', () => {
  // Terraform 20 groups of 100 KB to 290 KB, ARM 10 of 50 KB: about 4.4 MB.
  const groups = [
    ...Array.from({ length: 20 }, (_, i) => group('terraform', (100 + 10 * i) * KB)),
    ...Array.from({ length: 10 }, () => group('arm', 50 * KB)),
  ];

  it('gives every group once, workers Terraform first and largest first, this thread the rest from the back', () => {
    const queue = new GroupQueue(groups, 2);
    const toWorker: number[] = [];
    const here: number[] = [];
    // Turn about, as a worker and the main thread would take them.
    while (!queue.empty) {
      toWorker.push(...(queue.nextTask()?.groups ?? []));
      for (let i = 0; i < 3; i++) {
        const g = queue.lastGroup();
        if (g !== undefined) here.push(g);
      }
    }
    expect([...toWorker, ...here].sort((a, b) => a - b)).toEqual(groups.map((_, i) => i));
    expect(toWorker.slice(0, 3)).toEqual([19, 18, 17]);
    expect(here.slice(0, 10).every((g) => groups[g][0].format === 'arm')).toBe(true);
  });

  it("makes a worker's task a quarter of the text left over the threads, 128 KB at least", () => {
    const queue = new GroupQueue(groups, 2);
    const bytes = (g: number) => groups[g][0].entries[0].text.length + 1;
    let left = groups.reduce((n, _, g) => n + bytes(g), 0);
    const sizes: number[] = [];
    for (let task = queue.nextTask(); task; task = queue.nextTask()) {
      const size = task.groups.reduce((n, g) => n + bytes(g), 0);
      const target = Math.max(128 * KB, left / 8);
      // Whole groups: the target reached with the last one, not before.
      const last = bytes(task.groups[task.groups.length - 1]);
      if (size < left) expect(size).toBeGreaterThanOrEqual(target);
      expect(size - last).toBeLessThan(target);
      sizes.push(size);
      left -= size;
    }
    expect(left).toBe(0);
    // Large first, small toward the end.
    expect(sizes[0]).toBeGreaterThan(500 * KB);
    expect(sizes[sizes.length - 1]).toBeLessThan(300 * KB);
  });
});
