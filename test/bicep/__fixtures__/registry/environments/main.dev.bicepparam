using './main.bicep'

param disableLocal = false
