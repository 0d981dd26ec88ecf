// Static Web App serving static-site/. The function app is reached directly by default (CORS on the
// function app, API origin in static-site/config.json); main.bicep links it as the site's /api backend
// only when linkApiToSite is true (linked backends need the Standard plan).

@description('Static Web App name.')
param name string

@description('Region of the Static Web App (only some regions host it).')
param location string

@description('Tags (azd finds the service \'web\' by its azd-service-name tag).')
param tags object

resource site 'Microsoft.Web/staticSites@2025-03-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    // Content is pushed by azd / the SWA CLI, not built from a repository by the service.
    provider: 'Custom'
    stagingEnvironmentPolicy: 'Disabled'
    allowConfigFileUpdates: true
  }
}

@description('Static Web App name.')
output name string = site.name

@description('Default host name of the site.')
output defaultHostname string = site.properties.defaultHostname
