// HateCaseFunctions in Azure: the isolated-worker Function App on the Flex Consumption plan with
// everything it needs to start, in one resource group. See infra/README.md.
targetScope = 'resourceGroup'

@description('Base name for the resources, 3 to 20 lower-case letters, digits and hyphens; the Function App is called this.')
@minLength(3)
@maxLength(20)
param name string

@description('Azure region of the resources (one where the Flex Consumption plan is offered).')
param location string = resourceGroup().location

@description('The landlord\'s service profile: a built-in profile id.')
@allowed([
  'default'
  'milton-keynes'
  'reading'
  'livv'
  'peaks-and-plains'
])
param landlordProfile string

@description('The landlord\'s name, printed on every email and page.')
param landlordName string

@description('The landlord\'s telephone number for complainants.')
param landlordPhone string

@description('The landlord\'s email address for complainants.')
param landlordEmail string

@description('The landlord\'s web page about ASB and hate (https://...).')
param landlordWebsite string

@description('The landlord\'s postal address.')
param landlordAddress string

@description('Email address of the case officers\' team (cases nobody has yet).')
param caseOfficersEmail string

@description('Email address of the team leader (missed deadlines, closures to approve).')
param teamLeaderEmail string

@description('Email address of the post room (letters to send).')
param postRoomEmail string

@description('The ASB@ mailbox the app reads through Microsoft Graph (its address or object id).')
param inboundMailbox string

@description('The address people use to reach the app, for links in emails; empty for the Function App\'s own https address.')
param publicBaseUrl string = ''

@description('AzureManagedDomain for an Azure subdomain to send from, or the landlord\'s own domain (its DNS records are then added by hand).')
param emailDomainName string = 'AzureManagedDomain'

@description('The part before @ of the address emails are sent from.')
param emailSenderUsername string = 'DoNotReply'

@description('Where Azure Communication Services keeps its data at rest.')
param emailDataLocation string = 'UK'

@description('Entra ID tenant the staff sign in from.')
param authTenantId string = tenant().tenantId

@description('Application (client) id of the Entra app registration staff sign in with.')
param authClientId string

@description('A client secret of that app registration (kept in Key Vault).')
@secure()
param authClientSecret string

@description('Intake:KeySecret: at least 32 random characters (kept in Key Vault).')
@minLength(32)
@secure()
param intakeKeySecret string

@description('Surveys:TokenKey: at least 32 random bytes written in base64 (kept in Key Vault).')
@minLength(44)
@secure()
param surveyTokenKey string

@description('Inbound:ClientState: 16 to 128 random characters Graph sends back with each notification (kept in Key Vault).')
@minLength(16)
@maxLength(128)
@secure()
param graphClientState string

@description('Most instances the Flex Consumption plan may scale out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

var suffix = uniqueString(resourceGroup().id, name)
var deploymentContainerName = 'app-package'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: '${name}-identity'
  location: location
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    accountName: 'st${suffix}'
    location: location
    deploymentContainerName: deploymentContainerName
    appIdentityId: identity.id
    appPrincipalId: identity.properties.principalId
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    name: name
    location: location
    appIdentityId: identity.id
    appPrincipalId: identity.properties.principalId
  }
}

module email 'modules/email.bicep' = {
  name: 'email'
  params: {
    name: name
    dataLocation: emailDataLocation
    domainName: emailDomainName
    senderUsername: emailSenderUsername
    senderDisplayName: landlordName
    appIdentityId: identity.id
    appPrincipalId: identity.properties.principalId
  }
}

module secrets 'modules/keyvault.bicep' = {
  name: 'secrets'
  params: {
    vaultName: 'kv${suffix}'
    location: location
    appIdentityId: identity.id
    appPrincipalId: identity.properties.principalId
    intakeKeySecret: intakeKeySecret
    surveyTokenKey: surveyTokenKey
    graphClientState: graphClientState
    authClientSecret: authClientSecret
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionApp'
  params: {
    name: name
    location: location
    identityId: identity.id
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: deploymentContainerName
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    authTenantId: authTenantId
    authClientId: authClientId
  }
}

resource app 'Microsoft.Web/sites@2025-03-01' existing = {
  name: name
}

var baseUrl = empty(publicBaseUrl) ? 'https://${functionApp.outputs.defaultHostName}' : publicBaseUrl

// Every setting the app needs in Azure (README "Settings"); on Flex Consumption the worker
// runtime is functionAppConfig's, not an app setting. Secrets are Key Vault references.
resource appSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: app
  name: 'appsettings'
  properties: {
    AzureWebJobsStorage__accountName: storage.outputs.name
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identity.properties.clientId
    AZURE_CLIENT_ID: identity.properties.clientId
    APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'
    Landlord__Profile: landlordProfile
    Landlord__Name: landlordName
    Landlord__Phone: landlordPhone
    Landlord__Email: landlordEmail
    Landlord__Website: landlordWebsite
    Landlord__Address: landlordAddress
    Mail__Provider: 'AzureCommunicationServices'
    Mail__From: email.outputs.senderAddress
    Mail__Acs__Endpoint: email.outputs.endpoint
    Mail__Acs__UseManagedIdentity: 'true'
    'Staff__Teams__case-officers': caseOfficersEmail
    'Staff__Teams__team-leader': teamLeaderEmail
    'Staff__Teams__post-room': postRoomEmail
    App__PublicBaseUrl: baseUrl
    Intake__KeySecret: '@Microsoft.KeyVault(SecretUri=${secrets.outputs.intakeKeySecretUri})'
    Surveys__TokenKey: '@Microsoft.KeyVault(SecretUri=${secrets.outputs.surveyTokenKeyUri})'
    Inbound__Mailbox: inboundMailbox
    Inbound__NotificationUrl: '${baseUrl}/api/inbound/notifications'
    Inbound__ClientState: '@Microsoft.KeyVault(SecretUri=${secrets.outputs.graphClientStateUri})'
    Inbound__TenantId: authTenantId
    Auth__TrustAppServiceHeader: 'true'
    MICROSOFT_PROVIDER_AUTHENTICATION_SECRET: '@Microsoft.KeyVault(SecretUri=${secrets.outputs.authClientSecretUri})'
  }
}

output functionAppName string = functionApp.outputs.name
output publicBaseUrl string = baseUrl
output emailSenderAddress string = email.outputs.senderAddress
output identityPrincipalId string = identity.properties.principalId
