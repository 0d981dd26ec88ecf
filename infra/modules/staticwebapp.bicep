// Static Web App serving static-site/, with the function app linked as its backend: the site's
// /api/* requests are routed to the function app. Linked backends need the Standard plan.

@description('Static Web App name.')
param name string

@description('Region of the Static Web App (only some regions host it).')
param location string

@description('Tags (azd finds the service \'web\' by its azd-service-name tag).')
param tags object

@description('Resource id of the function app linked as backend.')
param backendResourceId string

@description('Region of the function app linked as backend.')
param backendLocation string

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

resource backend 'Microsoft.Web/staticSites/linkedBackends@2025-03-01' = {
  parent: site
  name: 'backend'
  properties: {
    backendResourceId: backendResourceId
    region: backendLocation
  }
}

@description('Static Web App name.')
output name string = site.name

@description('Default host name of the site.')
output defaultHostname string = site.properties.defaultHostname
