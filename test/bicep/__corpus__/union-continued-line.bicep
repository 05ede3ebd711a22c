// The first member on the declaration's line, the others continued below it.
type upgradeChannel = 'none'
  | 'patch'
  | 'stable'
  | 'rapid'

type nodeOs = 'Ubuntu' | 'AzureLinux'
  | 'Windows2022'

output channel upgradeChannel = 'stable'
