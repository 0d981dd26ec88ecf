// Azure Maps (Gen2) for geocoding, used without keys: local auth is off and the app's identity
// gets 'Azure Maps Data Reader'; the app sends the account's uniqueId as x-ms-client-id.

@description('Azure Maps account name.')
param name string

@description('Region of the Azure Maps account (only some regions host it).')
param location string

@description('Tags of the resources.')
param tags object

@description('Resource id of the app\'s user-assigned identity (seeds the role assignment names).')
param identityId string

@description('Principal id of the app\'s user-assigned identity.')
param principalId string

resource maps 'Microsoft.Maps/accounts@2023-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'Gen2'
  sku: {
    name: 'G2'
  }
  properties: {
    disableLocalAuth: true
  }
}

// Azure Maps Data Reader: read-only data-plane access (search, geocoding).
var mapsDataReader = '423170ca-a8f6-4b0f-8487-9e4eb8f49bfa'

resource readerRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(maps.id, identityId, mapsDataReader)
  scope: maps
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', mapsDataReader)
  }
}

@description('Azure Maps account name.')
output name string = maps.name

@description('Azure Maps client id (the account uniqueId), sent as x-ms-client-id.')
output clientId string = maps.properties.uniqueId
