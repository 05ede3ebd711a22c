import type { Random } from './random';

export interface GeneratedFile {
  /** Relative to the corpus root, forward slashes. */
  path: string;
  text: string;
}

export const TEAMS = [
  'payments',
  'checkout',
  'identity',
  'search',
  'catalog',
  'platform',
  'data',
  'ml',
  'risk',
  'ledger',
  'notifications',
  'mobile-api',
  'partner',
  'logistics',
  'pricing',
  'analytics',
  'billing',
  'support',
  'messaging',
  'iot',
  'media',
  'security',
  'devex',
  'observability',
  'growth',
  'loyalty',
  'fraud',
  'inventory',
  'reporting',
  'gateway',
] as const;

export const ENVIRONMENTS = ['dev', 'test', 'staging', 'prod', 'dr'] as const;

export const REGIONS = [
  { name: 'westeurope', code: 'weu' },
  { name: 'northeurope', code: 'neu' },
  { name: 'eastus2', code: 'eus2' },
  { name: 'uksouth', code: 'uks' },
  { name: 'swedencentral', code: 'sdc' },
  { name: 'germanywestcentral', code: 'gwc' },
] as const;

/** How carefully a deployment was hardened: the share of security settings left secure. */
export interface Posture {
  name: 'hardened' | 'mixed' | 'legacy';
  secureShare: number;
}

const POSTURES: Record<Posture['name'], Posture> = {
  hardened: { name: 'hardened', secureShare: 0.95 },
  mixed: { name: 'mixed', secureShare: 0.6 },
  legacy: { name: 'legacy', secureShare: 0.2 },
};

/** Production is mostly hardened, development mostly not, as in real estates. */
export function postureFor(rng: Random, environment: string): Posture {
  const roll = rng.next();
  const [hardened, mixed] =
    environment === 'prod' || environment === 'dr'
      ? [0.6, 0.95]
      : environment === 'staging'
        ? [0.35, 0.85]
        : [0.15, 0.65];
  return roll < hardened ? POSTURES.hardened : roll < mixed ? POSTURES.mixed : POSTURES.legacy;
}
