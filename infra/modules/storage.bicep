// Storage account of the platform: the app's tables and containers, the Functions host storage
// (AzureWebJobsStorage) and the Flex Consumption deployment container. Keyless: shared keys are off,
// the app reaches it through its managed identity only.

@description('Storage account name (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Region of the storage account.')
param location string

@description('Tags of the resources.')
param tags object

@description('Replication of the storage account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param skuName string

@description('Tables the app writes (schools, territories, runs, versions).')
param tableNames string[]

@description('Blob containers: the app\'s own and the deployment package container.')
param containerNames string[]

@description('Blob container where collectivités drop their inventaire numérique files.')
param inventoryContainerName string

@description('Object id of the Entra principal (preferably a group) allowed to write into the inventory container; empty: no assignment.')
param inventoryContributorsPrincipalId string

@description('Type of that principal.')
@allowed([
  'Group'
  'User'
  'ServicePrincipal'
])
param inventoryContributorsPrincipalType string

@description('Resource id of the app\'s user-assigned identity (seeds the role assignment names).')
param identityId string

@description('Principal id of the app\'s user-assigned identity.')
param principalId string

resource storage 'Microsoft.Storage/storageAccounts@2026-09-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2026-09-01' = {
  parent: storage
  name: 'default'
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-09-01' = [
  for containerName in containerNames: {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

// The deposit container of the inventaire numérique: producers write there with their own Entra
// identity, and with a role on this container only (never on the account, nor on the other containers).
resource inventoryContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-09-01' = {
  parent: blobService
  name: inventoryContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2026-09-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2026-09-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

// Storage Blob Data Owner: the Functions host documents Owner for its own storage (it creates its
// containers and takes blob leases for timer/singleton locks); the app also reads and writes
// raw, rejects, snapshots and exports, and the deployment package is read with this identity.
var blobDataOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
// Storage Table Data Contributor: the app's tables, and the host's diagnostic events table.
var tableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
// No queue role: only HTTP and timer triggers exist, and timers lock with blobs, not queues.
// Grant 'Storage Queue Data Contributor' here the day a queue trigger or output is added.

resource blobRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identityId, blobDataOwner)
  scope: storage
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', blobDataOwner)
  }
}

resource tableRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identityId, tableDataContributor)
  scope: storage
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', tableDataContributor)
  }
}

// Storage Blob Data Contributor for the producers of inventories (collectivités, académies): read, write
// and delete blobs of the inventory container only, to drop their files and read their reports.
var blobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource inventoryContributorsRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(inventoryContributorsPrincipalId)) {
  name: guid(inventoryContainer.id, inventoryContributorsPrincipalId, blobDataContributor)
  scope: inventoryContainer
  properties: {
    principalId: inventoryContributorsPrincipalId
    principalType: inventoryContributorsPrincipalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', blobDataContributor)
    description: 'Dépôt des inventaires numériques (collectivités) : conteneur ${inventoryContainerName} seulement'
  }
}

@description('Storage account name.')
output name string = storage.name

@description('Name of the inventory deposit container.')
output inventoryContainerName string = inventoryContainer.name

@description('Blob service endpoint (ends with a slash).')
output blobEndpoint string = storage.properties.primaryEndpoints.blob

@description('Table service endpoint.')
output tableEndpoint string = storage.properties.primaryEndpoints.table

