import type { FormatLoader } from '../model';
import { armLoader } from './arm';
import { bicepLoader } from './bicep';
import { kubernetesLoader } from './kubernetes';
import { terraformLoader } from './terraform';

export const LOADERS: readonly FormatLoader[] = [terraformLoader, bicepLoader, armLoader, kubernetesLoader];

export function loaderFor(format: string): FormatLoader | undefined {
  return LOADERS.find((l) => l.format === format);
}
