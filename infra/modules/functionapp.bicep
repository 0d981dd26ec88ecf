// Function app on Flex Consumption (FC1), .NET 10 isolated worker. Runs as a user-assigned identity:
// host storage, app storage, deployment package, telemetry and Azure Maps are all reached without keys.

@description('Function app name.')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Region of the plan and the app (Flex Consumption must be offered there).')
param location string

@description('Tags of the plan.')
param tags object

@description('Tags of the function app (azd finds the service \'api\' by its azd-service-name tag).')
param appTags object

@description('Resource id of the user-assigned identity.')
param identityId string

@description('Client id of the user-assigned identity.')
param identityClientId string

@description('Blob service endpoint of the storage account.')
param blobEndpoint string

@description('Table service endpoint of the storage account.')
param tableEndpoint string

@description('Blob container that holds the deployment package.')
param deploymentContainerName string

@description('Application Insights component name.')
param appInsightsName string

@description('Azure Maps client id (account uniqueId).')
param mapsClientId string

@description('Memory of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Maximum number of instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('NCRONTAB schedules (6 fields, UTC) of the ingestion timers.')
param schedules scheduleSettings

@description('Origins (scheme and host) whose pages may call the API from a browser: the static site only.')
param allowedOrigins string[]

@export()
@description('NCRONTAB schedules (6 fields: second minute hour day month weekday) of the ingestion timers.')
type scheduleSettings = {
  @description('Arcep mobile sites ingestion.')
  arcepMobile: string
  @description('Arcep FttH observatory ingestion.')
  arcepThd: string
  @description('Arcep Ma connexion internet ingestion.')
  arcepFixe: string
  @description('IPS of collèges ingestion.')
  ips: string
  @description('Pupils of lycées ingestion.')
  effectifs: string
  @description('National collèges file (addresses, coordinates) ingestion.')
  colleges: string
  @description('Code officiel géographique (communes) ingestion.')
  cog: string
  @description('Inventaire numérique (equipment, connectivity, services) ingestion.')
  inventaire: string
  @description('Annuaire de l\'éducation (schools directory) ingestion.')
  annuaire: string
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: appTags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      // Flex Consumption takes the worker runtime here; the FUNCTIONS_WORKER_RUNTIME app setting
      // is not allowed on this plan.
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      // The site calls the API from its own origin (the Static Web App's host name): browsers may do
      // so from that origin only. No credentials: the API is anonymous and read-only.
      cors: {
        allowedOrigins: allowedOrigins
        supportCredentials: false
      }
      // A literal list, so that the CI test can check every setting in the compiled template.
      appSettings: [
        // Host storage through the identity: no connection string, no key.
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: identityClientId
        }
        {
          name: 'AzureWebJobsStorage__blobServiceUri'
          value: blobEndpoint
        }
        {
          name: 'AzureWebJobsStorage__tableServiceUri'
          value: tableEndpoint
        }
        // No queueServiceUri: the app has no queue trigger or output, and its identity holds no queue role.
        // DefaultAzureCredential in the app picks the user-assigned identity with this.
        {
          name: 'AZURE_CLIENT_ID'
          value: identityClientId
        }
        // The connection string holds no secret (instrumentation key and endpoints); ingestion
        // is authenticated with the identity because local auth is off.
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsights.properties.ConnectionString
        }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'ClientId=${identityClientId};Authorization=AAD'
        }
        {
          name: 'AZURE_MAPS_CLIENT_ID'
          value: mapsClientId
        }
        {
          name: 'ECARTO_SCHEDULE_ANNUAIRE'
          value: schedules.annuaire
        }
        {
          name: 'ECARTO_SCHEDULE_INVENTAIRE'
          value: schedules.inventaire
        }
        {
          name: 'ECARTO_SCHEDULE_COG'
          value: schedules.cog
        }
        {
          name: 'ECARTO_SCHEDULE_COLLEGES'
          value: schedules.colleges
        }
        {
          name: 'ECARTO_SCHEDULE_EFFECTIFS'
          value: schedules.effectifs
        }
        {
          name: 'ECARTO_SCHEDULE_IPS'
          value: schedules.ips
        }
        {
          name: 'ECARTO_SCHEDULE_ARCEP_FIXE'
          value: schedules.arcepFixe
        }
        {
          name: 'ECARTO_SCHEDULE_ARCEP_THD'
          value: schedules.arcepThd
        }
        {
          name: 'ECARTO_SCHEDULE_ARCEP_MOBILE'
          value: schedules.arcepMobile
        }
        // The GC's gen0 budget, 32 MiB: left to itself the runtime derives it from the CPU's largest cache, which
        // varies with the machine (≈ 75 MiB on the 2-core machine of the load benchmark). The runtime reads it from
        // the environment only, not from runtimeconfig.json; the local host's launch profile sets the same value
        // (README « Servir à l'échelle nationale »).
        {
          name: 'DOTNET_GCgen0size'
          value: '0x2000000'
        }
        // The timers never run on startup (fixed in their attributes); the admin endpoint stays off.
        {
          name: 'ECARTO_ADMIN_ENABLED'
          value: 'false'
        }
      ]
    }
  }
}

// No basic-auth (publishing profile) deployments: azd and the az CLI deploy with Entra ID.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

@description('Function app name.')
output name string = functionApp.name

@description('Function app resource id.')
output id string = functionApp.id

@description('Function app default host name.')
output defaultHostName string = functionApp.properties.defaultHostName
