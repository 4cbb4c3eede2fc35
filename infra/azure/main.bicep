// Partnership Workspace on Azure: Container Apps (two or more replicas, sticky sessions, WebSockets),
// Azure SQL Database, Azure Cache for Redis, Key Vault for the connection strings (Redis also
// holds the Data Protection key ring every replica shares), Log Analytics and Application Insights. infra/README.md, "Azure".

@description('Where everything is created.')
param location string = resourceGroup().location

@description('Prefix of every resource name; lower-case letters and digits.')
@minLength(3)
@maxLength(11)
param name string = 'workspace'

@description('The app image, e.g. myregistry.azurecr.io/partnership-workspace:1.0.')
param image string

@description('Registry server of the image when it is private (the identity needs AcrPull there); empty for a public image.')
param registryServer string = ''

@description('The address people open the app at, e.g. https://workspace.example.gov (bind that domain to the container app).')
param publicOrigin string

@description('SQL Server administrator login.')
param sqlAdministratorLogin string = 'workspaceadmin'

@description('SQL Server administrator password; it goes only into Key Vault and the server.')
@secure()
param sqlAdministratorPassword string

@minValue(2)
param minReplicas int = 2

@minValue(2)
param maxReplicas int = 4

@description('Browsers connect through Azure SignalR Service (sticky to the replica holding their circuit) instead of to the replicas directly.')
param azureSignalR bool = false

var suffix = uniqueString(resourceGroup().id)
var publicHost = split(split(publicOrigin, '://')[1], '/')[0]
var keyVaultSecretsUserRole = '4633458b-17de-408a-b874-0445c86b69e6'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${name}-identity'
  location: location
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${name}-logs-${suffix}'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${name}-insights-${suffix}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

resource sqlServer 'Microsoft.Sql/servers@2023-08-01' = {
  name: '${name}-sql-${suffix}'
  location: location
  properties: {
    administratorLogin: sqlAdministratorLogin
    administratorLoginPassword: sqlAdministratorPassword
    minimalTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

// Lets Azure services, the container apps among them, reach the server; nothing else is allowed in.
resource sqlAllowAzure 'Microsoft.Sql/servers/firewallRules@2023-08-01' = {
  parent: sqlServer
  name: 'AllowAllWindowsAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource database 'Microsoft.Sql/servers/databases@2023-08-01' = {
  parent: sqlServer
  name: 'Workspace'
  location: location
  sku: { name: 'S1', tier: 'Standard' }
}

resource redis 'Microsoft.Cache/redis@2024-03-01' = {
  name: '${name}-redis-${suffix}'
  location: location
  properties: {
    sku: { name: 'Standard', family: 'C', capacity: 1 }
    enableNonSslPort: false
    minimumTlsVersion: '1.2'
  }
}

resource signalR 'Microsoft.SignalRService/signalR@2024-03-01' = if (azureSignalR) {
  name: '${name}-signalr-${suffix}'
  location: location
  sku: { name: 'Standard_S1', capacity: 1 }
  kind: 'SignalR'
  properties: {
    features: [{ flag: 'ServiceMode', value: 'Default' }]
    tls: { clientCertEnabled: false }
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: '${name}-kv-${suffix}'
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 30
  }
}

resource databaseSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'workspace-database'
  properties: {
    value: 'Server=tcp:${sqlServer.properties.fullyQualifiedDomainName},1433;Database=${database.name};User Id=${sqlAdministratorLogin};Password=${sqlAdministratorPassword};Encrypt=True;TrustServerCertificate=False'
  }
}

resource redisSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'workspace-redis'
  properties: {
    value: '${redis.properties.hostName}:${redis.properties.sslPort},password=${redis.listKeys().primaryKey},ssl=True,abortConnect=False'
  }
}

resource signalRSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (azureSignalR) {
  parent: vault
  name: 'workspace-signalr'
  properties: {
    value: signalR!.listKeys().primaryConnectionString
  }
}

resource vaultReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, identity.id, keyVaultSecretsUserRole)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRole)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// A preview API: the environment's OpenTelemetry agent (appInsightsConfiguration, openTelemetryConfiguration) has no GA version yet.
resource environment 'Microsoft.App/managedEnvironments@2025-10-02-preview' = {
  name: '${name}-env'
  location: location
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logs.properties.customerId
        sharedKey: logs.listKeys().primarySharedKey
      }
    }
    // The environment's OpenTelemetry agent gives each app OTEL_EXPORTER_OTLP_ENDPOINT and forwards to Application Insights.
    appInsightsConfiguration: {
      connectionString: insights.properties.ConnectionString
    }
    openTelemetryConfiguration: {
      tracesConfiguration: { destinations: ['appInsights'] }
      logsConfiguration: { destinations: ['appInsights'] }
    }
  }
}

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: '${name}-app'
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  dependsOn: [vaultReader]
  properties: {
    managedEnvironmentId: environment.id
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: 8080
        transport: 'auto'
        allowInsecure: false
        // A circuit lives in one replica: every request of a browser must reach the same one.
        stickySessions: { affinity: 'sticky' }
      }
      secrets: concat([
        { name: 'workspace-database', keyVaultUrl: databaseSecret.properties.secretUri, identity: identity.id }
        { name: 'workspace-redis', keyVaultUrl: redisSecret.properties.secretUri, identity: identity.id }
      ], azureSignalR ? [{ name: 'workspace-signalr', keyVaultUrl: signalRSecret!.properties.secretUri, identity: identity.id }] : [])
      registries: empty(registryServer) ? [] : [{ server: registryServer, identity: identity.id }]
    }
    template: {
      containers: [
        {
          name: 'workspace'
          image: image
          resources: { cpu: json('1.0'), memory: '2Gi' }
          env: concat([
            { name: 'App__PublicOrigin', value: publicOrigin }
            { name: 'AllowedHosts', value: publicHost }
            { name: 'Database__Provider', value: 'SqlServer' }
            { name: 'Database__MigrateOnStartup', value: 'true' }
            { name: 'ConnectionStrings__Workspace', secretRef: 'workspace-database' }
            { name: 'ConnectionStrings__Redis', secretRef: 'workspace-redis' }
            // Only the environment's ingress reaches the container; its forwarded headers are the client's.
            { name: 'ForwardedHeaders__KnownNetworks', value: '0.0.0.0/0' }
            { name: 'OTEL_SERVICE_NAME', value: 'partnership-workspace' }
          ], azureSignalR ? [{ name: 'Azure__SignalR__ConnectionString', secretRef: 'workspace-signalr' }] : [])
          probes: [
            {
              type: 'Liveness'
              httpGet: { path: '/health/live', port: 8080, httpHeaders: [{ name: 'Host', value: publicHost }] }
              periodSeconds: 10
            }
            {
              type: 'Readiness'
              httpGet: { path: '/health/ready', port: 8080, httpHeaders: [{ name: 'Host', value: publicHost }] }
              periodSeconds: 10
            }
          ]
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
      }
    }
  }
}

output appUrl string = 'https://${app.properties.configuration.ingress.fqdn}'
output keyVaultName string = vault.name
