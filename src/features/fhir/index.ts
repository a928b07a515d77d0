// Front door of the FHIR API feature (issue 17).
export { registerFhirApi, FHIR_BASE } from './fhir.routes';
export { registerApiClientRoutes } from './clients.routes';
export { apiClientNames } from './clients.service';
