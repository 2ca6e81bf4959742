// The app's secrets, in a Key Vault the app's identity may read (Azure RBAC, no access policies).
// The app settings refer to them by their versionless URIs, so a new version is picked up.

@description('Key Vault name: 3 to 24 letters, digits and hyphens, unique in Azure.')
param vaultName string

@description('Azure region.')
param location string

@description('Resource id of the app\'s identity (names its role assignments).')
param appIdentityId string

@description('Principal id of the app\'s identity, allowed to read secrets.')
param appPrincipalId string

@description('Intake:KeySecret: at least 32 random characters.')
@minLength(32)
@secure()
param intakeKeySecret string

@description('Surveys:TokenKey: at least 32 random bytes written in base64.')
@minLength(44)
@secure()
param surveyTokenKey string

@description('Inbound:ClientState: the secret Graph sends back with every notification, 16 to 128 characters.')
@minLength(16)
@maxLength(128)
@secure()
param graphClientState string

@description('A client secret of the Entra app registration that App Service Authentication signs staff in with.')
@secure()
param authClientSecret string

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: vaultName
  location: location
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
  }
}

resource intakeKey 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: 'intake-key-secret'
  properties: {
    value: intakeKeySecret
  }
}

resource surveyKey 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: 'survey-token-key'
  properties: {
    value: surveyTokenKey
  }
}

resource clientState 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: 'graph-client-state'
  properties: {
    value: graphClientState
  }
}

resource authSecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: 'auth-client-secret'
  properties: {
    value: authClientSecret
  }
}

resource readSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, appIdentityId, '4633458b-17de-408a-b874-0445c86b69e6')
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6') // Key Vault Secrets User.
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output intakeKeySecretUri string = intakeKey.properties.secretUri
output surveyTokenKeyUri string = surveyKey.properties.secretUri
output graphClientStateUri string = clientState.properties.secretUri
output authClientSecretUri string = authSecret.properties.secretUri
