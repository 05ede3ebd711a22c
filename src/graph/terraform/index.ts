import type { FormatLoader } from '../../model';

// Placeholder until the terraform loader lands: claims nothing.
export const terraformLoader: FormatLoader = {
  format: 'terraform',
  claims: () => false,
  load: async () => ({ resources: [], errors: [], skipped: [], files: [] }),
  parseOnly: async () => 0,
};
