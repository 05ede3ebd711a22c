// A cluster from a template spec that `bicep restore` cached (as its version resource).
module spec 'ts:00000000-0000-0000-0000-000000000000/rg-platform/AKS-Spec:1.0' = {
  name: 'spec'
  params: {
    name: 'aks-spec'
  }
}
