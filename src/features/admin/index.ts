// The service's contact details, for every page that tells people to contact the service.
export { serviceContact } from './admin.service';
