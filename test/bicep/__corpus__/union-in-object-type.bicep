// Unions as property types of an object type: after the colon, in parentheses, nullable.
type poolType = {
  @description('Name of the pool.')
  name: string

  mode:
    | 'System'
    | 'User'

  osSku: (
    | 'Ubuntu'
    | 'AzureLinux'
  )?

  scaleDownMode: ('Delete'
    | 'Deallocate')?

  @description('A nullable union whose first member is null.')
  priority:
    | null
    | 'Regular'
    | 'Spot'
}

param pools poolType[] = []
