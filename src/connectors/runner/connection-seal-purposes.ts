// The seal contexts' purposes of a connection's secrets, shared by ConnectionsService (which seals
// and opens them) and the master key re-seal (src/secrets/reseal), which must use the same ones.

/** The ERP API key. */
export const SECRET_PURPOSE = 'connector-secret';
/** The webhook token. */
export const TOKEN_PURPOSE = 'connector-webhook-token';
