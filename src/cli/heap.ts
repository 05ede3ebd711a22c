import * as v8 from 'node:v8';

/**
 * Past this much source, V8 is told to grow its heap by half at most between full collections (it grows
 * it up to 4 times when collection is quick): on the bench's largest scans the peak falls by a third for
 * a tenth more CPU (README, Performance: Memory). Smaller scans keep V8's default.
 */
export const LEAN_HEAP_BYTES = 32 * 1024 * 1024;

export function leanHeapForLargeScans(bytes: number): void {
  if (bytes >= LEAN_HEAP_BYTES) v8.setFlagsFromString('--heap-growing-percent=50');
}
