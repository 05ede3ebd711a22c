import type { FormatLoader } from '../../model';

// Placeholder until the arm loader lands: claims nothing.
export const armLoader: FormatLoader = {
  format: 'arm',
  claims: () => false,
  load: async () => ({ resources: [], errors: [], skipped: [], files: [] }),
  parseOnly: async () => 0,
};
