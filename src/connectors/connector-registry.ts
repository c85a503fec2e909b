import { Inject, Injectable } from '@nestjs/common';
import { CONNECTORS, type Connector } from './connector';

/** The connector kinds this host serves, by `kind`. */
@Injectable()
export class ConnectorRegistry {
  private readonly byKind = new Map<string, Connector>();

  constructor(@Inject(CONNECTORS) connectors: Connector[]) {
    for (const connector of connectors) this.byKind.set(connector.kind, connector);
  }

  kinds(): string[] {
    return [...this.byKind.keys()];
  }

  get(kind: string): Connector | undefined {
    return this.byKind.get(kind);
  }
}
