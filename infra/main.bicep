// eCarto: the whole Azure platform (storage, Flex Consumption function app, static site, monitoring,
// Azure Maps), keyless: every service is reached through one user-assigned managed identity.
targetScope = 'resourceGroup'

import { scheduleSettings } from 'modules/functionapp.bicep'

@description('Environment name (azd AZURE_ENV_NAME, e.g. dev or prod): tags, and part of the unique resource suffix.')
@minLength(1)
@maxLength(32)
param environmentName string

@description('Region of the resources (Flex Consumption must be offered there).')
param location string = resourceGroup().location

@description('Region of the Static Web App (the service exists in a few regions only).')
@allowed([
  'centralus'
  'eastasia'
  'eastus2'
  'westeurope'
  'westus2'
])
param staticWebAppLocation string = 'westeurope'

@description('Region of the Azure Maps account (the service exists in a few regions only).')
@allowed([
  'eastus'
  'northeurope'
  'uksouth'
  'westcentralus'
  'westeurope'
  'westus2'
])
param mapsLocation string = 'westeurope'

@description('Memory of each function app instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Maximum number of function app instances.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('NCRONTAB schedules (6 fields, UTC) of the ingestion timers.')
param schedules scheduleSettings = {
  arcepMobile: '0 0 4 * * 1'
  arcepThd: '0 50 3 * * 1'
  arcepFixe: '0 40 3 * * 1'
  ips: '0 30 3 1 * *'
  effectifs: '0 20 3 1 * *'
  colleges: '0 10 3 * * 1'
  cog: '0 0 5 1 * *'
  inventaire: '0 30 3 * * *'
  annuaire: '0 0 3 * * *'
}

@description('Replication of the storage account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSkuName string = 'Standard_LRS'

@description('Object id of the Entra group (or user, or service principal) whose members drop inventaire numérique files: it gets Storage Blob Data Contributor on the « inventaires » container only. Empty: no assignment (add one later, see the README).')
param inventoryContributorsPrincipalId string = ''

@description('Type of the principal of inventoryContributorsPrincipalId.')
@allowed([
  'Group'
  'User'
  'ServicePrincipal'
])
param inventoryContributorsPrincipalType string = 'Group'

@description('E-mail address the alerts are sent to (a source failed twice in a row, no new data version for too long).')
@minLength(3)
param alertEmail string

@description('Days without a new data version before alerting (the slowest schedule is monthly).')
@minValue(2)
param maxVersionAgeDays int = 35

@description('Link the function app to the Static Web App as its /api backend. Off by default: the Static Web Apps documentation lists Consumption, Premium and Dedicated as linkable plans, not Flex Consumption. Off, the site calls the function app directly (CORS restricted to the site, API origin written to static-site/config.json at deployment).')
param linkApiToSite bool = false

@description('Days the logs are kept in Log Analytics.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var tags = {
  'azd-env-name': environmentName
  application: 'ecarto'
}
var appInsightsName = 'appi-ecarto-${resourceToken}'
var staticWebAppName = 'stapp-ecarto-${resourceToken}'
var deploymentContainerName = 'deployments'
// Where collectivités drop their inventories (StorageNames.InventoriesContainer in the code).
var inventoryContainerName = 'inventaires'
var tableNames = [
  'schools'
  'territories'
  'runs'
  'versions'
]
var containerNames = [
  'raw'
  'rejects'
  'snapshots'
  'exports'
  deploymentContainerName
]

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-ecarto-${resourceToken}'
  location: location
  tags: tags
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: 'stecarto${resourceToken}'
    location: location
    tags: tags
    skuName: storageSkuName
    tableNames: tableNames
    containerNames: containerNames
    inventoryContainerName: inventoryContainerName
    inventoryContributorsPrincipalId: inventoryContributorsPrincipalId
    inventoryContributorsPrincipalType: inventoryContributorsPrincipalType
    identityId: identity.id
    principalId: identity.properties.principalId
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: 'log-ecarto-${resourceToken}'
    appInsightsName: appInsightsName
    location: location
    tags: tags
    retentionInDays: logRetentionInDays
    identityId: identity.id
    principalId: identity.properties.principalId
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  dependsOn: [
    monitoring
  ]
  params: {
    appInsightsName: appInsightsName
    location: location
    tags: tags
    actionGroupName: 'ag-ecarto-${resourceToken}'
    alertEmail: alertEmail
    maxVersionAgeDays: maxVersionAgeDays
  }
}

module maps 'modules/maps.bicep' = {
  name: 'maps'
  params: {
    name: 'map-ecarto-${resourceToken}'
    location: mapsLocation
    tags: tags
    identityId: identity.id
    principalId: identity.properties.principalId
  }
}

module staticWebApp 'modules/staticwebapp.bicep' = {
  name: 'staticwebapp'
  params: {
    name: staticWebAppName
    location: staticWebAppLocation
    tags: union(tags, { 'azd-service-name': 'web' })
  }
}

// Created after storage, monitoring and maps (their outputs, and dependsOn for monitoring whose
// component it reads), so its identity already holds its roles when the host starts.
module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  dependsOn: [
    monitoring
  ]
  params: {
    name: 'func-ecarto-${resourceToken}'
    planName: 'plan-ecarto-${resourceToken}'
    location: location
    tags: tags
    appTags: union(tags, { 'azd-service-name': 'api' })
    identityId: identity.id
    identityClientId: identity.properties.clientId
    blobEndpoint: storage.outputs.blobEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: deploymentContainerName
    appInsightsName: appInsightsName
    mapsClientId: maps.outputs.clientId
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    schedules: schedules
    allowedOrigins: [
      'https://${staticWebApp.outputs.defaultHostname}'
    ]
  }
}

// Linked only on request (see linkApiToSite): then the site's /api/* is routed to the function app.
resource linkedSite 'Microsoft.Web/staticSites@2025-03-01' existing = if (linkApiToSite) {
  name: staticWebAppName
}

resource linkedBackend 'Microsoft.Web/staticSites/linkedBackends@2025-03-01' = if (linkApiToSite) {
  parent: linkedSite
  name: 'backend'
  properties: {
    backendResourceId: functionApp.outputs.id
    region: location
  }
  // After the site: the function app module waits for it (allowedOrigins reads its host name).
}

@description('Public URL of the site.')
output SITE_URL string = 'https://${staticWebApp.outputs.defaultHostname}'

// Origin the site prefixes its /api calls with, written to static-site/config.json by the azd
// predeploy hook (infra/hooks/write-site-config.sh): empty when linked (same origin as the site).
@description('Origin of the API as the site calls it: the function app (CORS allows the site only), or empty when it is linked to the site.')
output API_BASE_URL string = linkApiToSite ? '' : 'https://${functionApp.outputs.defaultHostName}'


// Read by azd and written to .azure/<env>/.env.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = resourceGroup().name
output AZURE_CLIENT_ID string = identity.properties.clientId
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_STATIC_WEB_APP_NAME string = staticWebApp.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output AZURE_INVENTORY_CONTAINER_NAME string = storage.outputs.inventoryContainerName
output AZURE_MAPS_ACCOUNT_NAME string = maps.outputs.name
output AZURE_MAPS_CLIENT_ID string = maps.outputs.clientId
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.appInsightsName
output SERVICE_API_NAME string = functionApp.outputs.name
output SERVICE_WEB_NAME string = staticWebApp.outputs.name
