// Log Analytics workspace and workspace-based Application Insights, local (key) authentication off:
// telemetry is accepted only with an Entra ID token, so the app's identity gets
// 'Monitoring Metrics Publisher' on the component.

@description('Log Analytics workspace name.')
param logAnalyticsName string

@description('Application Insights component name.')
param appInsightsName string

@description('Region of the resources.')
param location string

@description('Tags of the resources.')
param tags object

@description('Days the logs are kept.')
@minValue(30)
@maxValue(730)
param retentionInDays int

@description('Resource id of the app\'s user-assigned identity (seeds the role assignment names).')
param identityId string

@description('Principal id of the app\'s user-assigned identity.')
param principalId string

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2026-03-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    retentionInDays: retentionInDays
    sku: {
      name: 'PerGB2018'
    }
    features: {
      disableLocalAuth: true
    }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    DisableLocalAuth: true
    IngestionMode: 'LogAnalytics'
  }
}

// Monitoring Metrics Publisher: lets the identity send telemetry to a component without local auth.
var metricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

resource publisherRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, identityId, metricsPublisher)
  scope: appInsights
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', metricsPublisher)
  }
}

@description('Application Insights component name.')
output appInsightsName string = appInsights.name
