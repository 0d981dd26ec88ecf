// Alerts on the ingestions, from the traces the function app sends to Application Insights (one per run,
// IngestionTelemetry in the code: message « Exécution d'ingestion … », custom dimensions Source, Status,
// Version, ConsecutiveFailures), notifying one action group by e-mail.

@description('Application Insights component name (the alerts query its traces).')
param appInsightsName string

@description('Region of the alert rules (the component\'s).')
param location string

@description('Tags of the resources.')
param tags object

@description('Action group name.')
param actionGroupName string

@description('E-mail address the alerts are sent to.')
param alertEmail string

@description('Days without a new data version before alerting (the slowest schedule is monthly).')
@minValue(2)
param maxVersionAgeDays int

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: actionGroupName
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'ecarto'
    enabled: true
    emailReceivers: [
      {
        name: 'exploitation'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

var runTraces = 'traces | where message startswith "Exécution d\'ingestion"'

// A source whose last two runs failed (weekly and monthly sources too: the count comes from the run log).
resource sourceFailedTwice 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = {
  name: 'ecarto-source-failed-twice'
  location: location
  tags: tags
  properties: {
    displayName: 'eCarto : une source a échoué deux fois de suite'
    description: 'Les deux dernières exécutions d\'une source ont échoué : ses données publiées ne sont plus à jour. Voir la table runs (colonne Error) et le runbook « Exploiter » du README.'
    severity: 2
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT1H'
    windowSize: 'PT1H'
    autoMitigate: false
    criteria: {
      allOf: [
        {
          query: '${runTraces} | extend Source = tostring(customDimensions.Source), ConsecutiveFailures = toint(customDimensions.ConsecutiveFailures) | where ConsecutiveFailures >= 2 | summarize Failures = max(ConsecutiveFailures) by Source'
          timeAggregation: 'Count'
          dimensions: [
            {
              name: 'Source'
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}

// No run at all for 26 hours (the annuaire and the inventaire run daily), or the served version (its id is
// its publication time, vyyyyMMddHHmmssfff) older than maxVersionAgeDays: the schedule is not keeping up.
resource versionTooOld 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = {
  name: 'ecarto-version-too-old'
  location: location
  tags: tags
  properties: {
    displayName: 'eCarto : aucune version publiée depuis trop longtemps'
    description: 'Aucune exécution d\'ingestion depuis 26 heures, ou la version servie a plus de ${maxVersionAgeDays} jours. Voir le runbook « Exploiter » du README.'
    severity: 2
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT6H'
    windowSize: 'P1D'
    overrideQueryTimeRange: 'P2D'
    autoMitigate: false
    criteria: {
      allOf: [
        {
          query: 'let runs = ${runTraces} | where timestamp > ago(26h); let lastRun = toscalar(runs | summarize max(timestamp)); let version = toscalar(runs | summarize arg_max(timestamp, v = tostring(customDimensions.Version)) | project v); print LastRun = lastRun, Version = version | extend PublishedAt = todatetime(strcat(substring(Version, 1, 4), "-", substring(Version, 5, 2), "-", substring(Version, 7, 2), "T", substring(Version, 9, 2), ":", substring(Version, 11, 2), ":", substring(Version, 13, 2), "Z")) | where isnull(LastRun) or isempty(Version) or PublishedAt < ago(${maxVersionAgeDays}d)'
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}

@description('Action group id.')
output actionGroupId string = actionGroup.id
