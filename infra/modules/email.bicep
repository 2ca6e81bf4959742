// Azure Communication Services Email: the email service, its sending domain, the sender address,
// and the communication service linked to the domain that the app sends through with its identity.

@description('Base name of the deployment.')
param name string

@description('Where ACS keeps its data at rest.')
param dataLocation string

@description('AzureManagedDomain for an Azure subdomain, or the landlord\'s own domain (its DNS records must then be added and verified by hand).')
param domainName string

@description('The part before @ of the address emails are sent from.')
param senderUsername string

@description('The name recipients see as the sender.')
param senderDisplayName string

@description('Resource id of the app\'s identity (names its role assignments).')
param appIdentityId string

@description('Principal id of the app\'s identity, allowed to send.')
param appPrincipalId string

resource emailService 'Microsoft.Communication/emailServices@2025-09-01' = {
  name: '${name}-email'
  location: 'global'
  properties: {
    dataLocation: dataLocation
  }
}

resource domain 'Microsoft.Communication/emailServices/domains@2025-09-01' = {
  parent: emailService
  name: domainName
  location: 'global'
  properties: {
    domainManagement: domainName == 'AzureManagedDomain' ? 'AzureManaged' : 'CustomerManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource sender 'Microsoft.Communication/emailServices/domains/senderUsernames@2025-09-01' = {
  parent: domain
  name: toLower(senderUsername)
  properties: {
    username: senderUsername
    displayName: senderDisplayName
  }
}

resource communication 'Microsoft.Communication/communicationServices@2025-09-01' = {
  name: '${name}-acs'
  location: 'global'
  properties: {
    dataLocation: dataLocation
    linkedDomains: [
      domain.id
    ]
  }
}

resource send 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(communication.id, appIdentityId, '09976791-48a7-449e-bb21-39d1a415f350')
  scope: communication
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '09976791-48a7-449e-bb21-39d1a415f350') // Communication and Email Service Owner (lets the identity send email).
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output endpoint string = 'https://${communication.properties.hostName}'
output senderAddress string = '${sender.properties.username}@${domain.properties.mailFromSenderDomain}'
