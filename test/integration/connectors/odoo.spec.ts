import { runConnectorConformance } from '../../connectors/conformance-kit';
import { odooSetup } from './odoo-erp';

runConnectorConformance('odoo', odooSetup());
