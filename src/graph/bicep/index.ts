import type { FormatLoader } from '../../model';

// Placeholder until the bicep loader lands: claims nothing.
export const bicepLoader: FormatLoader = {
  format: 'bicep',
  claims: () => false,
  load: async () => ({ resources: [], errors: [], skipped: [], files: [] }),
  parseOnly: async () => 0,
};
