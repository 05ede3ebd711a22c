// A union written one member per line, the first one after a '|' too.
@export()
@description('Tier of the cluster control plane.')
type tierType =
  | 'Free'
  | 'Standard'
  | 'Premium'

param tier tierType = 'Standard'
