using './main.bicep'

param disableLocal = true
