// Imported before any schema is built. The page's CSP forbids eval; without `jitless`, zod probes
// `new Function` while building object schemas and the page reports a CSP violation.
import { config } from 'zod';

config({ jitless: true });
