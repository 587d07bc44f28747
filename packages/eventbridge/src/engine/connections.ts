/**
 * Connections and API destinations (CreateConnection … DeleteApiDestination): kept through
 * the Store like rules, a connection's credentials in a Secrets Manager secret named
 * "events!connection/<name>/<uuid>" as AWS keeps them. Shapes and texts as localstack's
 * test_api_destinations_and_connection.snapshot.json recorded them on AWS; the
 * already-exists texts are localstack's (provider.py). Rule targets call API destinations
 * through delivery.ts.
 */
import { uuid, type Clock, type DurableState, type Logger } from "@sam-sandbox/core";
import { ResourceAlreadyExistsException, ResourceNotFoundException } from "../errors.js";
import { DEFAULT_INVOCATION_RATE_LIMIT } from "../limits.js";
import { exchangeClientCredentials, type TokenExchange } from "./oauth.js";
import { page, type Page } from "./views.js";
import { applyRecord, type ApiDestination, type Connection, type EventBridgeRecord, type EventBridgeState } from "./state.js";

/** Where connection secrets are kept (Secrets Manager in the sandbox). */
export interface ConnectionSecrets {
  /** Creates the secret; answers its ARN. */
  create(name: string, secret: string): Promise<string>;
  update(arn: string, secret: string): Promise<void>;
  delete(arn: string): Promise<void>;
}

type Params = Record<string, unknown>;

/** An API destination as a target calls it. */
export interface ApiInvocation {
  endpoint: string;
  method: string;
  /** Its connection is AUTHORIZED. */
  active: boolean;
  authorizationType: string;
  secretArn: string;
  /** An OAuth connection's access token. */
  token?: string;
  /** The connection's InvocationHttpParameters (HeaderParameters, QueryStringParameters, BodyParameters). */
  parameters: Params;
}

export interface ConnectionInput {
  Name: string;
  Description?: string;
  AuthorizationType?: string;
  AuthParameters?: Params;
}

export interface ApiDestinationInput {
  Name: string;
  Description?: string;
  ConnectionArn?: string;
  InvocationEndpoint?: string;
  HttpMethod?: string;
  InvocationRateLimitPerSecond?: number;
}

const connectionNotFound = (name: string) => new ResourceNotFoundException(`Failed to describe the connection(s). Connection '${name}' does not exist.`);
const destinationNotFound = (name: string) => new ResourceNotFoundException(`Failed to describe the api-destination(s). An api-destination '${name}' does not exist.`);
const seconds = (ms: number) => ms / 1000;
const obj = (value: unknown): Params => (typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Params) : {});

export class Connections {
  constructor(
    private readonly durable: DurableState<EventBridgeState, EventBridgeRecord>,
    private readonly clock: Clock,
    private readonly arnPrefix: string,
    private readonly secrets: ConnectionSecrets,
    private readonly logger?: Logger,
    private readonly exchange: TokenExchange = exchangeClientCredentials,
  ) {}

  /** OAuth connections' access tokens, by connection name (fetched again after a restart's update). */
  private readonly tokens = new Map<string, string>();
  /** The token exchanges under way. */
  private readonly exchanges = new Set<Promise<unknown>>();

  /** Resolves once every token exchange under way has ended (tests, close). */
  async settled(): Promise<void> {
    while (this.exchanges.size > 0) await Promise.all([...this.exchanges]);
  }

  /**
   * An OAuth connection is AUTHORIZING while EventBridge exchanges its client credentials for a
   * token, then AUTHORIZED, or DEAUTHORIZED when it got none ("Connection states" in the User Guide).
   */
  private authorize(connection: Connection, auth: Params): void {
    if (connection.authorizationType !== "OAUTH_CLIENT_CREDENTIALS") return;
    const exchange = this.exchange(obj(auth.OAuthParameters)).then(async (token) => {
      const current = this.state.connections.get(connection.name);
      // Deleted or changed again meanwhile: that change's exchange decides.
      if (current?.arn !== connection.arn || current.modified !== connection.modified) return;
      if (token === undefined) this.tokens.delete(connection.name);
      else this.tokens.set(connection.name, token);
      await this.commit({ t: "putConnection", connection: { ...current, state: token === undefined ? "DEAUTHORIZED" : "AUTHORIZED", authorized: this.clock.now() } });
    });
    const tracked = exchange
      .catch((error: unknown) => this.logger?.error(`EventBridge: connection ${connection.name}'s authorization could not be kept: ${String(error)}`))
      .finally(() => this.exchanges.delete(tracked));
    this.exchanges.add(tracked);
  }

  private get state(): EventBridgeState {
    return this.durable.state;
  }

  private async commit(record: EventBridgeRecord): Promise<void> {
    applyRecord(this.state, record);
    await this.durable.commit(record);
  }

  private connection(name: string): Connection {
    const connection = this.state.connections.get(name);
    if (!connection) throw connectionNotFound(name);
    return connection;
  }

  private destination(name: string): ApiDestination {
    const destination = this.state.apiDestinations.get(name);
    if (!destination) throw destinationNotFound(name);
    return destination;
  }

  // ---- Connections ----

  async createConnection(input: ConnectionInput): Promise<Params> {
    if (this.state.connections.has(input.Name)) throw new ResourceAlreadyExistsException(`Connection ${input.Name} already exists.`);
    const type = input.AuthorizationType ?? "";
    const auth = obj(input.AuthParameters);
    const secretArn = await this.secrets.create(`events!connection/${input.Name}/${uuid()}`, secretText(type, auth));
    const now = this.clock.now();
    const connection: Connection = {
      name: input.Name,
      arn: `${this.arnPrefix}:connection/${input.Name}/${uuid()}`,
      authorizationType: type,
      authParameters: publicAuth(auth),
      state: stateOf(type),
      secretArn,
      created: now,
      modified: now,
      authorized: now,
      ...(input.Description !== undefined ? { description: input.Description } : {}),
    };
    await this.commit({ t: "putConnection", connection });
    this.authorize(connection, auth);
    return { ConnectionArn: connection.arn, ConnectionState: connection.state, CreationTime: seconds(now), LastModifiedTime: seconds(now) };
  }

  describeConnection(input: { Name: string }): Params {
    const c = this.connection(input.Name);
    return {
      AuthParameters: c.authParameters,
      AuthorizationType: c.authorizationType,
      ConnectionArn: c.arn,
      ConnectionState: c.state,
      CreationTime: seconds(c.created),
      ...(c.description !== undefined ? { Description: c.description } : {}),
      LastAuthorizedTime: seconds(c.authorized),
      LastModifiedTime: seconds(c.modified),
      Name: c.name,
      SecretArn: c.secretArn,
    };
  }

  listConnections(input: { NamePrefix?: string; ConnectionState?: string } & Page): Params {
    const all = [...this.state.connections.values()]
      .filter((c) => (input.NamePrefix === undefined || c.name.startsWith(input.NamePrefix)) && (input.ConnectionState === undefined || c.state === input.ConnectionState))
      .sort((a, b) => a.name.localeCompare(b.name));
    const { items, next } = page(all, input);
    const view = (c: Connection) => ({
      AuthorizationType: c.authorizationType, ConnectionArn: c.arn, ConnectionState: c.state, CreationTime: seconds(c.created),
      LastAuthorizedTime: seconds(c.authorized), LastModifiedTime: seconds(c.modified), Name: c.name,
    });
    return { Connections: items.map(view), ...(next ? { NextToken: next } : {}) };
  }

  async updateConnection(input: ConnectionInput): Promise<Params> {
    const old = this.connection(input.Name);
    const type = input.AuthorizationType ?? old.authorizationType;
    const now = this.clock.now();
    let connection: Connection = { ...old, authorizationType: type, state: stateOf(type), modified: now, ...(input.Description !== undefined ? { description: input.Description } : {}) };
    let secretAuth: Params = old.authParameters;
    if (input.AuthParameters !== undefined) {
      const auth = merged(old.authParameters, obj(input.AuthParameters));
      secretAuth = mergedSecret(auth, obj(input.AuthParameters));
      await this.secrets.update(old.secretArn, secretText(type, secretAuth));
      connection = { ...connection, authParameters: publicAuth(auth), authorized: now };
    }
    await this.commit({ t: "putConnection", connection });
    this.authorize(connection, secretAuth);
    return timesOf(connection);
  }

  async deleteConnection(input: { Name: string }): Promise<Params> {
    const connection = this.connection(input.Name);
    await this.commit({ t: "deleteConnection", name: connection.name });
    this.tokens.delete(connection.name);
    await this.secrets.delete(connection.secretArn);
    return { ...timesOf(connection), ConnectionState: "DELETING" };
  }

  // ---- API destinations ----

  async createApiDestination(input: ApiDestinationInput): Promise<Params> {
    if (this.state.apiDestinations.has(input.Name)) throw new ResourceAlreadyExistsException(`An api-destination '${input.Name}' already exists.`);
    const connection = this.connectionByArn(input.ConnectionArn ?? "");
    const now = this.clock.now();
    const destination: ApiDestination = {
      name: input.Name,
      arn: `${this.arnPrefix}:api-destination/${input.Name}/${uuid()}`,
      connectionArn: connection.arn,
      invocationEndpoint: input.InvocationEndpoint ?? "",
      httpMethod: input.HttpMethod ?? "",
      rateLimit: input.InvocationRateLimitPerSecond ?? DEFAULT_INVOCATION_RATE_LIMIT,
      created: now,
      modified: now,
      ...(input.Description !== undefined ? { description: input.Description } : {}),
    };
    await this.commit({ t: "putApiDestination", destination });
    return this.destinationTimes(destination);
  }

  describeApiDestination(input: { Name: string }): Params {
    const d = this.destination(input.Name);
    return { ...this.destinationView(d), ...(d.description !== undefined ? { Description: d.description } : {}) };
  }

  listApiDestinations(input: { NamePrefix?: string; ConnectionArn?: string } & Page): Params {
    const all = [...this.state.apiDestinations.values()]
      .filter((d) => (input.NamePrefix === undefined || d.name.startsWith(input.NamePrefix)) && (input.ConnectionArn === undefined || d.connectionArn === input.ConnectionArn))
      .sort((a, b) => a.name.localeCompare(b.name));
    const { items, next } = page(all, input);
    return { ApiDestinations: items.map((d) => this.destinationView(d)), ...(next ? { NextToken: next } : {}) };
  }

  async updateApiDestination(input: ApiDestinationInput): Promise<Params> {
    const old = this.destination(input.Name);
    const connectionArn = input.ConnectionArn === undefined ? old.connectionArn : this.connectionByArn(input.ConnectionArn).arn;
    const destination: ApiDestination = {
      ...old,
      connectionArn,
      invocationEndpoint: input.InvocationEndpoint ?? old.invocationEndpoint,
      httpMethod: input.HttpMethod ?? old.httpMethod,
      rateLimit: input.InvocationRateLimitPerSecond ?? old.rateLimit,
      modified: this.clock.now(),
      ...(input.Description !== undefined ? { description: input.Description } : {}),
    };
    await this.commit({ t: "putApiDestination", destination });
    return this.destinationTimes(destination);
  }

  async deleteApiDestination(input: { Name: string }): Promise<Record<string, never>> {
    await this.commit({ t: "deleteApiDestination", name: this.destination(input.Name).name });
    return {};
  }

  /** What calling an API destination needs (undefined: no such destination). */
  invocation(arn: string): ApiInvocation | undefined {
    const destination = [...this.state.apiDestinations.values()].find((d) => d.arn === arn);
    if (!destination) return undefined;
    const connection = [...this.state.connections.values()].find((c) => c.arn === destination.connectionArn);
    return {
      endpoint: destination.invocationEndpoint,
      method: destination.httpMethod,
      active: connection?.state === "AUTHORIZED",
      ...(connection && this.tokens.has(connection.name) ? { token: this.tokens.get(connection.name) } : {}),
      authorizationType: connection?.authorizationType ?? "",
      secretArn: connection?.secretArn ?? "",
      parameters: obj(connection?.authParameters.InvocationHttpParameters),
    };
  }

  /** The connection an ARN names ("…:connection/<name>/<uuid>"). */
  private connectionByArn(arn: string): Connection {
    const name = arn.split(":connection/")[1]?.split("/")[0] ?? arn;
    const connection = this.connection(name);
    if (connection.arn !== arn) throw connectionNotFound(name);
    return connection;
  }

  /** ACTIVE while its connection is authorized (an OAuth connection AUTHORIZING or DEAUTHORIZED: INACTIVE, as recorded). */
  private destinationState(d: ApiDestination): string {
    const connection = [...this.state.connections.values()].find((c) => c.arn === d.connectionArn);
    return connection?.state === "AUTHORIZED" ? "ACTIVE" : "INACTIVE";
  }

  private destinationTimes(d: ApiDestination): Params {
    return { ApiDestinationArn: d.arn, ApiDestinationState: this.destinationState(d), CreationTime: seconds(d.created), LastModifiedTime: seconds(d.modified) };
  }

  private destinationView(d: ApiDestination): Params {
    return {
      ApiDestinationArn: d.arn, ApiDestinationState: this.destinationState(d), ConnectionArn: d.connectionArn, CreationTime: seconds(d.created),
      HttpMethod: d.httpMethod, InvocationEndpoint: d.invocationEndpoint, InvocationRateLimitPerSecond: d.rateLimit, LastModifiedTime: seconds(d.modified), Name: d.name,
    };
  }
}

/** An OAuth connection is AUTHORIZING until its token exchange ends (authorize); the others AUTHORIZED. */
function stateOf(type: string): Connection["state"] {
  return type === "OAUTH_CLIENT_CREDENTIALS" ? "AUTHORIZING" : "AUTHORIZED";
}

function timesOf(c: Connection): Params {
  return { ConnectionArn: c.arn, ConnectionState: c.state, CreationTime: seconds(c.created), LastAuthorizedTime: seconds(c.authorized), LastModifiedTime: seconds(c.modified) };
}

/** AuthParameters without their secret members, as DescribeConnection shows them. */
function publicAuth(auth: Params): Params {
  const out: Params = {};
  for (const [key, value] of Object.entries(auth)) {
    const v = obj(value);
    if (key === "BasicAuthParameters") out[key] = { Username: v.Username };
    else if (key === "ApiKeyAuthParameters") out[key] = { ApiKeyName: v.ApiKeyName };
    else if (key === "OAuthParameters") {
      const { ClientParameters, ...rest } = v;
      out[key] = { ...rest, ClientParameters: { ClientID: obj(ClientParameters).ClientID } };
    } else out[key] = value;
  }
  return out;
}

/** The public parameters after an update: each given group's members replace the old ones. */
function merged(old: Params, update: Params): Params {
  const out: Params = { ...old };
  for (const [key, value] of Object.entries(update)) out[key] = { ...obj(old[key]), ...obj(value) };
  return out;
}

/** The parameters the secret is written from: the update's (with its secret members) over the kept ones. */
function mergedSecret(auth: Params, update: Params): Params {
  const out: Params = { ...auth };
  for (const [key, value] of Object.entries(update)) {
    if (key === "OAuthParameters") {
      const v = obj(value);
      out[key] = { ...obj(auth[key]), ...v, ClientParameters: { ...obj(obj(auth[key]).ClientParameters), ...obj(v.ClientParameters) } };
    } else out[key] = { ...obj(auth[key]), ...obj(value) };
  }
  return out;
}

/** The secret's JSON (recorded: username/password, api_key_name/api_key_value, client_id/client_secret/authorization_endpoint/http_method). */
function secretText(type: string, auth: Params): string {
  const basic = obj(auth.BasicAuthParameters);
  const key = obj(auth.ApiKeyAuthParameters);
  const oauth = obj(auth.OAuthParameters);
  const client = obj(oauth.ClientParameters);
  const secret: Params =
    type === "BASIC"
      ? { username: basic.Username, password: basic.Password }
      : type === "API_KEY"
        ? { api_key_name: key.ApiKeyName, api_key_value: key.ApiKeyValue }
        : { client_id: client.ClientID, client_secret: client.ClientSecret, authorization_endpoint: oauth.AuthorizationEndpoint, http_method: oauth.HttpMethod };
  if (auth.InvocationHttpParameters !== undefined) secret.invocation_http_parameters = auth.InvocationHttpParameters;
  return JSON.stringify(secret);
}
