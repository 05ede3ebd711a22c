using './main.bicep'

param environment = 'prod'
param adminGroupObjectIds = [
  '00000000-0000-0000-0000-000000000001'
]
