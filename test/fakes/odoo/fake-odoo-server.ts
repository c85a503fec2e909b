import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { capture, logged, seedState, type Rec } from './odoo-state';
import { PyFloat, pythonJsonDumps } from './python-json';

export interface FakeOdooOptions {
  /** Answers common.version like this major version (16, 17, 18, or 19 for current master). */
  version?: 16 | 17 | 18 | 19;
  /** l10n_sa_edi installed with the sa_zatca EDI format on the sales journal. */
  l10nSaEdiOnJournal?: boolean;
  /** The partner KSA fields are missing (l10n_sa only, no l10n_sa_edi). */
  withoutL10nSaEdi?: boolean;
  apiKey?: string;
  /** The database name (default `zatca`, as captured). */
  database?: string;
  /** base_automation not installed: no base.automation model. */
  withoutAutomation?: boolean;
  /**
   * As observed on 17, the "state set to Posted" rule also fires once on create while the
   * move is a draft (name "/"); the fake sends that delivery before the posted one. Default on.
   */
  webhookOnDraftCreate?: boolean;
}

/** One webhook POST the fake made, and how the receiver answered. */
export interface FakeOdooDelivery {
  url: string;
  headers: Record<string, string>;
  body: string;
  status?: number;
  error?: string;
}

type Context = Record<string, unknown>;

type ErrorBody = {
  code: number;
  message: string;
  data: { name: string; message: string; arguments: string[]; debug: string; context: object };
};

/**
 * A fake Odoo JSON-RPC server (POST /jsonrpc) answering as the captures of a real Odoo 17 show:
 * the same result shapes (many2one pairs, `false` for empty), the same error bodies (HTTP 200
 * with `error`), write_date bumped by every write. State is in memory; faults are switches.
 */
export class FakeOdoo {
  readonly models = seedState();
  readonly calls: {
    model: string;
    method: string;
    args: unknown[];
    kwargs: Record<string, unknown>;
  }[] = [];
  /** Webhook POSTs made by the automation rules, in order. */
  readonly deliveries: FakeOdooDelivery[] = [];
  private deliveryChain: Promise<void> = Promise.resolve();
  /** Every answer waits this long (a slow Odoo). */
  latencyMs = 0;
  /** All calls fail at the network level (connection reset). */
  down = false;
  /** The one database of this Odoo (the captures' `zatca`); others do not exist. */
  readonly database: string;
  /** False: the user may not read account.move (an AccessError, as for a user without Billing). */
  invoiceAccess = true;
  /** The next N write-back writes (account.move write of x_ fields) fail at the network level. */
  failWriteBacks = 0;
  /**
   * Invoices (account.move ids) whose `read` fails, while searches still list them: with a
   * record-rule AccessError as Odoo answers it, or at the network level (connection reset).
   */
  readonly moveReadFaults = new Map<number, 'access-error' | 'connection-reset'>();
  readonly apiKey: string;
  private server: Server | null = null;
  private clock = Date.parse('2026-11-21T10:50:15Z');
  private nextId = 1000;
  private readonly extraMoveFields = new Set<string>();

  constructor(readonly options: FakeOdooOptions = {}) {
    this.apiKey = options.apiKey ?? 'fake-odoo-api-key';
    this.database = options.database ?? 'zatca';
    if (options.l10nSaEdiOnJournal) {
      this.table('account.edi.format').set(1, { id: 1, code: 'sa_zatca', name: 'ZATCA' });
      this.table('account.journal').get(1)!.edi_format_ids = [1];
    }
    if ((options.version ?? 17) >= 19) this.renamePartnerFields();
    if (options.withoutL10nSaEdi) this.dropPartnerKsaFields();
    if (options.withoutAutomation) this.models.delete('base.automation');
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }

  table(model: string): Map<number, Rec> {
    if (!this.models.has(model)) this.models.set(model, new Map());
    return this.models.get(model)!;
  }

  /** Odoo's write_date text, one second later on every change. */
  tick(): string {
    this.clock = Math.max(this.clock + 1000, Date.now() - 1000);
    return new Date(this.clock).toISOString().slice(0, 19).replace('T', ' ');
  }

  newId(): number {
    return this.nextId++;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.down) {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || req.url !== '/jsonrpc') {
      res.writeHead(404).end();
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      id: number;
      params: { service: string; method: string; args: unknown[] };
    };
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    const send = (payload: object) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ jsonrpc: '2.0', id: body.id, ...payload }));
    };
    const { service, method, args } = body.params;
    if (service === 'common' && method === 'version') return send({ result: this.versionInfo() });
    if ((service === 'common' && method === 'authenticate') || service === 'object') {
      if (args[0] !== this.database) return send({ error: noDatabase(String(args[0])) });
    }
    if (service === 'common' && method === 'authenticate') {
      return send({ result: args[1] === 'admin' && args[2] === this.apiKey ? 2 : false });
    }
    if (service !== 'object' || method !== 'execute_kw')
      return send({ error: unknownModel(String(method)) });
    if (args[1] !== 2 || args[2] !== this.apiKey) {
      return send({ error: capture<ErrorBody>('odoo-error-access-denied.json') });
    }
    if (!this.invoiceAccess && args[3] === 'account.move') {
      return send({ error: noAccess('Journal Entry', 'account.move') });
    }
    const [model, op, opArgs, kwargs = {}] = args.slice(3) as [
      string,
      string,
      unknown[],
      Record<string, unknown>,
    ];
    this.calls.push({ model, method: op, args: opArgs, kwargs });
    const readFault =
      model === 'account.move' && op === 'read'
        ? (opArgs[0] as number[]).map((id) => this.moveReadFaults.get(id)).find(Boolean)
        : undefined;
    if (readFault === 'connection-reset') {
      req.socket.destroy();
      return;
    }
    if (readFault === 'access-error') {
      return send({ error: recordRuleRefusal('Journal Entry', 'account.move') });
    }
    if (
      model === 'account.move' &&
      op === 'write' &&
      this.failWriteBacks > 0 &&
      isResultWrite(opArgs)
    ) {
      this.failWriteBacks -= 1;
      req.socket.destroy();
      return;
    }
    try {
      send({ result: this.execute(model, op, opArgs, kwargs) });
    } catch (err) {
      if (err instanceof FakeOdooError) send({ error: err.body });
      else throw err;
    }
  }

  private versionInfo(): object {
    const major = this.options.version ?? 17;
    const [capture17] = [logged('res.country', 'search_read')]; // the log proves the service shape
    void capture17;
    return {
      server_version: `${major}.0`,
      server_version_info: [major, 0, 0, 'final', 0, ''],
      server_serie: `${major}.0`,
      protocol_version: 1,
    };
  }

  private execute(
    model: string,
    op: string,
    args: unknown[],
    kwargs: Record<string, unknown>,
  ): unknown {
    const known =
      this.models.has(model) || (model === 'account.edi.format' && this.options.l10nSaEdiOnJournal);
    if (!known) throw new FakeOdooError(unknownModel(model));
    const table = this.table(model);
    const fields = kwargs.fields as string[] | undefined;
    switch (op) {
      case 'fields_get':
        return this.fieldsGet(model);
      case 'search':
        return this.search(table, args[0] as unknown[], kwargs).map((r) => r.id);
      case 'search_count':
        return this.search(table, args[0] as unknown[], kwargs).length;
      case 'search_read': {
        let rows = this.search(table, args[0] as unknown[], kwargs);
        if (kwargs.order === 'write_date asc, id asc') {
          rows = rows.sort(
            (a, b) => String(a.write_date).localeCompare(String(b.write_date)) || a.id - b.id,
          );
        }
        if (typeof kwargs.limit === 'number') rows = rows.slice(0, kwargs.limit);
        return rows.map((r) => pick(r, fields));
      }
      case 'read':
        return (args[0] as number[])
          .map((id) => table.get(id))
          .filter(Boolean)
          .map((r) =>
            pick(
              model === 'res.currency' ? this.withRate(r!, kwargs.context as Context) : r!,
              fields,
            ),
          );
      case 'create':
        return this.create(model, args[0] as Record<string, unknown>);
      case 'write':
        return this.write(model, args[0] as number[], args[1] as Record<string, unknown>);
      case 'message_post': {
        const id = this.newId();
        this.table('mail.message').set(id, {
          id,
          model,
          res_id: (args[0] as number[])[0],
          ...kwargs,
        });
        return id;
      }
      default:
        throw new FakeOdooError(unknownModel(`${model}.${op}`));
    }
  }

  private create(model: string, vals: Record<string, unknown>): number {
    if (model === 'ir.model.fields') {
      const existing = [...this.table(model).values()].find(
        (f) => f.name === vals.name && f.model === 'account.move',
      );
      if (existing) throw new FakeOdooError(validation(`Field names must be unique per model.`));
      this.extraMoveFields.add(String(vals.name));
      const id = this.newId();
      this.table(model).set(id, { id, model: 'account.move', ...vals });
      return id;
    }
    const id = this.newId();
    if (model === 'base.automation' || model === 'ir.actions.server') {
      // Configuration records: many2one ids read back as [id, name]; rules start active.
      const rec: Rec = { id, active: true, ...vals };
      if (typeof vals.base_automation_id === 'number') {
        const rule = this.table('base.automation').get(vals.base_automation_id);
        if (!rule) throw new FakeOdooError(missing('base.automation', vals.base_automation_id));
        rec.base_automation_id = [rule.id, String(rule.name)];
      }
      if (typeof vals.model_id === 'number') rec.model_id = [vals.model_id, 'Journal Entry'];
      this.table(model).set(id, rec);
      return id;
    }
    this.table(model).set(id, { id, ...vals, create_date: this.tick(), write_date: this.tick() });
    return id;
  }

  /**
   * What Odoo does after a move is posted: every active automation rule on account.move whose
   * trigger is "state set to Posted" and whose filter matches runs its webhook actions, each a
   * POST of `json.dumps(vals, sort_keys=True, default=str)` with a 1 s timeout, fire and
   * forget, after the commit (docs/erp-protocols.md 1.6). Deliveries go out one after the
   * other; `deliveriesSettled()` waits for them.
   */
  notifyPosted(moveId: number): void {
    const move = this.table('account.move').get(moveId);
    if (!move || !this.models.has('base.automation')) return;
    const posted = [...this.table('ir.model.fields.selection').values()].find(
      (s) => s.value === 'posted' && m2oIdOf(s.field_id) === 2,
    );
    const rules = [...this.table('base.automation').values()].filter(
      (r) =>
        r.active !== false &&
        m2oIdOf(r.model_id) === 427 &&
        r.trigger === 'on_state_set' &&
        r.trg_selection_field_id === posted?.id &&
        matchesDomain(
          move,
          pythonDomain(typeof r.filter_domain === 'string' ? r.filter_domain : '[]'),
        ),
    );
    for (const rule of rules) {
      const actions = [...this.table('ir.actions.server').values()].filter(
        (a) => m2oIdOf(a.base_automation_id) === rule.id && a.state === 'webhook',
      );
      for (const action of actions) {
        const bodies: string[] = [];
        if (this.options.webhookOnDraftCreate ?? true) {
          bodies.push(this.webhookPayload(action, { ...move, name: '/', state: 'draft' }));
        }
        bodies.push(this.webhookPayload(action, move));
        for (const body of bodies) {
          this.deliveryChain = this.deliveryChain.then(() =>
            this.deliver(String(action.webhook_url), body),
          );
        }
      }
    }
  }

  /** Waits for the webhook deliveries started so far. */
  deliveriesSettled(): Promise<void> {
    return this.deliveryChain;
  }

  private webhookPayload(action: Rec, move: Rec): string {
    const fieldIds = Array.isArray(action.webhook_field_ids)
      ? ((action.webhook_field_ids as unknown[][]).find((c) => c[0] === 6)?.[2] as number[])
      : [];
    const names = fieldIds.map((id) => String(this.table('ir.model.fields').get(id)?.name));
    const vals: Record<string, unknown> = {
      _model: 'account.move',
      _id: move.id,
      _action: `${String(action.name)}(#${action.id})`,
      id: move.id,
    };
    for (const name of names) {
      const value = move[name];
      // read(load=None): many2one as the bare id; monetary floats; datetimes with microseconds.
      if (name === 'write_date')
        vals[name] = `${String(value)}.${String(move.id).padStart(6, '4')}`;
      else if (name.startsWith('amount_')) vals[name] = new PyFloat(value as number);
      else vals[name] = Array.isArray(value) && typeof value[1] === 'string' ? value[0] : value;
    }
    return pythonJsonDumps(vals);
  }

  private async deliver(url: string, body: string): Promise<void> {
    const headers = {
      'User-Agent': 'python-requests/2.28.1',
      'Accept-Encoding': 'gzip, deflate',
      Accept: '*/*',
      'Content-Type': 'application/json',
    };
    const delivery: FakeOdooDelivery = { url, headers, body };
    this.deliveries.push(delivery);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(1000),
      });
      delivery.status = response.status;
      await response.arrayBuffer();
    } catch (err) {
      // Odoo only logs a failed delivery; it never retries.
      delivery.error = err instanceof Error ? err.message : String(err);
    }
  }

  private write(model: string, ids: number[], vals: Record<string, unknown>): boolean {
    for (const id of ids) {
      const rec = this.table(model).get(id);
      if (!rec) throw new FakeOdooError(missing(model, id));
      for (const field of Object.keys(vals)) {
        if (
          model === 'account.move' &&
          field.startsWith('x_') &&
          !this.extraMoveFields.has(field)
        ) {
          throw new FakeOdooError(keyError(field));
        }
        if (model === 'account.move' && field === 'l10n_sa_reason')
          throw new FakeOdooError(keyError(field));
        if (model === 'account.move' && rec.state === 'posted' && !field.startsWith('x_')) {
          throw new FakeOdooError(capture<ErrorBody>('odoo-error-posted-write.json'));
        }
      }
      for (const [field, value] of Object.entries(vals)) {
        if (field === 'edi_format_ids' && Array.isArray(value)) {
          const removed = (value as [number, number][]).filter((c) => c[0] === 3).map((c) => c[1]);
          rec.edi_format_ids = (rec.edi_format_ids as number[]).filter((f) => !removed.includes(f));
        } else rec[field] = value;
      }
      if ('write_date' in rec) rec.write_date = this.tick();
    }
    return true;
  }

  /** Archived records (active false) only with context active_test false or a domain on active. */
  private search(
    table: Map<number, Rec>,
    domain: unknown[],
    kwargs: Record<string, unknown> = {},
  ): Rec[] {
    const context = (kwargs.context ?? {}) as Context;
    const onActive = domain.some((term) => Array.isArray(term) && term[0] === 'active');
    return [...table.values()].filter(
      (rec) =>
        (rec.active !== false || context.active_test === false || onActive) &&
        matchesDomain(rec, domain),
    );
  }

  private fieldsGet(model: string): Record<string, object> {
    if (model === 'account.move') {
      const out: Record<string, object> = {
        ...capture<Record<string, object>>('odoo-account.move-fields_get.json'),
      };
      // Not in the captured answer (it was asked for other fields), but on account.move in
      // 16, 17 and 18; the stored invoice rate only from 18 on.
      out.amount_tax_signed = { type: 'monetary', string: 'Tax Signed', readonly: true };
      if ((this.options.version ?? 17) >= 18) {
        out.invoice_currency_rate = { type: 'float', string: 'Currency Rate', readonly: false };
      }
      for (const name of this.extraMoveFields)
        out[name] = { type: 'char', string: name, readonly: false };
      if (this.options.withoutL10nSaEdi) {
        for (const name of ['edi_state', 'l10n_sa_uuid', 'l10n_sa_chain_index']) delete out[name];
      }
      return out;
    }
    const sample = [...this.table(model).values()][0] ?? { id: 0 };
    return Object.fromEntries(
      Object.keys(sample).map((k) => [
        k,
        { type: typeof sample[k] === 'number' ? 'integer' : 'char', string: k },
      ]),
    );
  }

  /**
   * res.currency `rate` / `inverse_rate` as 17.0 computes them (_compute_current_rate): the
   * newest res.currency.rate row dated on or before the context's `date` (today without one),
   * 1.0 when there is none, divided by the company currency's; inverse_rate = 1 / rate.
   */
  private withRate(currency: Rec, context: Context = {}): Rec {
    const date = typeof context.date === 'string' ? context.date : this.today();
    const rate = this.currencyRate(currency.id, date, Number(context.company_id ?? 1));
    return { ...currency, rate, inverse_rate: 1 / rate };
  }

  /** Units of `currencyId` per unit of the company's currency on `date` (res.currency.rate). */
  currencyRate(currencyId: number, date: string, companyId = 1): number {
    const company = this.table('res.company').get(companyId);
    const companyCurrency = Array.isArray(company?.currency_id)
      ? (company.currency_id[0] as number)
      : 151;
    const rateOf = (id: number): number => {
      const rows = [...this.table('res.currency.rate').values()]
        .filter((r) => (r.currency_id as [number, string])[0] === id && String(r.name) <= date)
        .sort((a, b) => (String(a.name) < String(b.name) ? 1 : -1));
      return typeof rows[0]?.rate === 'number' ? rows[0].rate : 1.0;
    };
    return rateOf(currencyId) / rateOf(companyCurrency);
  }

  /** The fake's today (Odoo: context_today), from its clock. */
  today(): string {
    return new Date(this.clock).toISOString().slice(0, 10);
  }

  private renamePartnerFields(): void {
    for (const rec of this.table('res.partner').values()) {
      for (const suffix of ['scheme', 'number']) {
        rec[`l10n_sa_edi_additional_identification_${suffix}`] =
          rec[`l10n_sa_additional_identification_${suffix}`];
        delete rec[`l10n_sa_additional_identification_${suffix}`];
      }
    }
  }

  private dropPartnerKsaFields(): void {
    for (const rec of this.table('res.partner').values()) {
      for (const key of Object.keys(rec)) if (key.startsWith('l10n_sa')) delete rec[key];
    }
    for (const rec of this.table('account.move').values()) {
      for (const key of ['edi_state', 'l10n_sa_uuid', 'l10n_sa_chain_index']) delete rec[key];
    }
  }
}

class FakeOdooError extends Error {
  constructor(readonly body: ErrorBody) {
    super(body.data.message);
  }
}

function m2oIdOf(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

/** A domain as Odoo stores it in filter_domain (Python literal) → the JSON form. */
function pythonDomain(text: string): unknown[] {
  return JSON.parse(
    text
      .replace(/'/g, '"')
      .replace(/\(/g, '[')
      .replace(/\)/g, ']')
      .replace(/\bTrue\b/g, 'true')
      .replace(/\bFalse\b/g, 'false')
      .replace(/\bNone\b/g, 'null'),
  ) as unknown[];
}

function isResultWrite(args: unknown[]): boolean {
  return Object.keys(args[1] ?? {}).some((k) => k.startsWith('x_zatca'));
}

function pick(rec: Rec, fields?: string[]): Rec {
  if (!fields?.length) return { ...rec };
  const out: Rec = { id: rec.id };
  for (const f of fields) if (f in rec) out[f] = rec[f];
  return out;
}

/**
 * An Odoo domain: a list in prefix (Polish) notation of leaves `[field, op, value]` and the
 * operators '&', '|' (two operands) and '!' (one); consecutive top-level terms are and-ed.
 */
function matchesDomain(rec: Rec, domain: unknown[]): boolean {
  let at = 0;
  const term = (): boolean => {
    const item = domain[at++];
    // Both operands are always read, so the next term starts where this one ends.
    if (item === '&' || item === '|') {
      const left = term();
      const right = term();
      return item === '&' ? left && right : left || right;
    }
    if (item === '!') return !term();
    return matches(rec, item as [string, string, unknown]);
  };
  let all = true;
  while (at < domain.length) all = term() && all;
  return all;
}

function matches(rec: Rec, [field, op, value]: [string, string, unknown]): boolean {
  const actual = rec[field];
  const id =
    Array.isArray(actual) && typeof actual[0] === 'number' && typeof actual[1] === 'string'
      ? actual[0]
      : actual;
  switch (op) {
    case '=':
      return id === value || (value === false && (actual === undefined || actual === false));
    case '!=':
      return id !== value;
    case 'in':
      return Array.isArray(actual) && !(typeof actual[1] === 'string')
        ? (actual as unknown[]).some((a) => (value as unknown[]).includes(a))
        : (value as unknown[]).includes(id);
    case '>=':
      return compare(id, value) >= 0;
    case '>':
      return compare(id, value) > 0;
    default:
      return false;
  }
}

/** Numbers by value (ids); everything else by code point, as PostgreSQL compares dates' text. */
function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const [x, y] = [String(a), String(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * A database that does not exist. Not captured: the shape of every Odoo error (capture
 * odoo-error-unknown-model.json) with psycopg2's words, as Odoo 17 fails to open the registry.
 */
function noDatabase(database: string): ErrorBody {
  return fromTemplate(
    'psycopg2.OperationalError',
    `connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: FATAL:  database "${database}" does not exist\n`,
  );
}

/** Not captured either: Odoo 17's ACL refusal (ir.model.access check) in its words. */
function noAccess(description: string, model: string): ErrorBody {
  return fromTemplate(
    'odoo.exceptions.AccessError',
    `You are not allowed to access '${description}' (${model}) records.\n\nThis operation is allowed for the following groups:\n\t- Accounting/Billing\n\t- Accounting/Read-only\n\nContact your administrator to request access if necessary.`,
  );
}

/**
 * Not captured either: Odoo 17's record-rule refusal (ir.rule _make_access_error, as a user
 * outside debug mode reads it) for records of `model` a rule hides from this user.
 */
function recordRuleRefusal(description: string, model: string): ErrorBody {
  return fromTemplate(
    'odoo.exceptions.AccessError',
    `Due to security restrictions, you are not allowed to access '${description}' (${model}) records.\n\nContact your administrator to request access if necessary.`,
  );
}

function fromTemplate(name: string, message: string): ErrorBody {
  const template = capture<ErrorBody>('odoo-error-unknown-model.json');
  return {
    ...template,
    data: {
      ...template.data,
      name,
      message,
      arguments: [message],
      debug: `Traceback (most recent call last):\n${name}: ${message}\n`,
    },
  };
}

function unknownModel(model: string): ErrorBody {
  const template = capture<ErrorBody>('odoo-error-unknown-model.json');
  const message = `Object ${model} doesn't exist`;
  return {
    ...template,
    data: {
      ...template.data,
      message,
      arguments: [message],
      debug: template.data.debug.replace(/no\.such\.model/g, model),
    },
  };
}

function keyError(field: string): ErrorBody {
  const entry = logged('account.move', 'write');
  void entry;
  return fromTemplate('builtins.KeyError', `'${field}'`);
}

function missing(model: string, id: number): ErrorBody {
  return fromTemplate(
    'odoo.exceptions.MissingError',
    `Record does not exist or has been deleted.\n(Record: ${model}(${id},), User: 2)`,
  );
}

function validation(message: string): ErrorBody {
  return fromTemplate('odoo.exceptions.ValidationError', message);
}
