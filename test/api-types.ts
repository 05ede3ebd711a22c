// Compiled by the type check (npm run typecheck), never run: the published declarations in
// types/index.d.ts must describe what src/index.ts does. A field the implementation drops or changes
// makes an assignment below fail to compile.
import type * as Published from '../types';
import * as implementation from '../src/index';

export const scan: typeof Published.scan = implementation.scan;
export const version: typeof Published.VERSION = implementation.VERSION;
