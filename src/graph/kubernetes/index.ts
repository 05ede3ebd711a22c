import type { FormatLoader } from '../../model';

// Placeholder until the kubernetes loader lands: claims nothing.
export const kubernetesLoader: FormatLoader = {
  format: 'kubernetes',
  claims: () => false,
  load: async () => ({ resources: [], errors: [], skipped: [], files: [] }),
  parseOnly: async () => 0,
};
