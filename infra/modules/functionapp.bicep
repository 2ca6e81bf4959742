// The isolated-worker Function App on the Flex Consumption plan, running as the user-assigned
// identity, with App Service Authentication (Entra ID) in front of it.

@description('Function App name (also the start of its default host name).')
param name string

@description('Azure region.')
param location string

@description('Resource id of the app\'s user-assigned identity.')
param identityId string

@description('Blob endpoint of the storage account, ending in /.')
param storageBlobEndpoint string

@description('Container the app package is deployed to.')
param deploymentContainerName string

@description('Most instances the plan may scale out to.')
param maximumInstanceCount int

@description('Memory of each instance, in MB.')
param instanceMemoryMB int

@description('Entra ID tenant the staff sign in from.')
param authTenantId string

@description('Application (client) id of the Entra app registration staff sign in with.')
param authClientId string

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: '${name}-plan'
  location: location
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
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
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Everyone may reach the app: the public pages, POST /api/reports and Graph's webhook must work
// without signing in. Staff sign in with Entra ID (/.auth/login/aad); App Service then passes
// who they are, with their app roles, in X-MS-CLIENT-PRINCIPAL, which the app reads
// (Auth:TrustAppServiceHeader) and its staff routes require.
resource auth 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: app
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'AllowAnonymous'
    }
    httpSettings: {
      requireHttps: true
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: authClientId
          clientSecretSettingName: 'MICROSOFT_PROVIDER_AUTHENTICATION_SECRET'
          openIdIssuer: '${environment().authentication.loginEndpoint}${authTenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            'api://${authClientId}'
            authClientId
          ]
        }
      }
    }
  }
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
