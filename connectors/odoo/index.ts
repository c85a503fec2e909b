export { OdooConnector } from './odoo.connector';
export { RESOLVE_REMOVE_FROM_JOURNALS } from './odoo-competing-edi';
