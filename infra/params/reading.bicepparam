// The app for Reading Borough Council (the 'reading' service profile). Replace every CHANGE-ME before deploying;
// the secrets are read from the environment of whoever deploys (infra/README.md).
using '../main.bicep'

param name = 'hatecase-reading'
param landlordProfile = 'reading'
param landlordName = 'Reading Borough Council'
param landlordPhone = 'CHANGE-ME'
param landlordEmail = 'CHANGE-ME'
param landlordWebsite = 'CHANGE-ME'
param landlordAddress = 'CHANGE-ME'
param caseOfficersEmail = 'CHANGE-ME'
param teamLeaderEmail = 'CHANGE-ME'
param postRoomEmail = 'CHANGE-ME'
param inboundMailbox = 'CHANGE-ME'
param authClientId = 'CHANGE-ME'

param authClientSecret = readEnvironmentVariable('HATECASE_AUTH_CLIENT_SECRET')
param intakeKeySecret = readEnvironmentVariable('HATECASE_INTAKE_KEY_SECRET')
param surveyTokenKey = readEnvironmentVariable('HATECASE_SURVEY_TOKEN_KEY')
param graphClientState = readEnvironmentVariable('HATECASE_GRAPH_CLIENT_STATE')
