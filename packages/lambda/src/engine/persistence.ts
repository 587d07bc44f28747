/**
 * What the Lambda API changed, kept through core's Store (DESIGN.md rule 5): functions
 * created with CreateFunction (with their versions, aliases, tags, policies, URLs and every
 * per-function setting), published layers, code signing configs and event source mappings.
 *
 * The state is a map of entries ("function:<name>", "layer:<name>", "csc:<arn>",
 * "esm:<uuid>"), each a JSON value. After each change the API makes, the entries that
 * differ from what is stored are journaled as one record before the API answers; a restart
 * loads them back. Code and layer zips are extracted under the build directory (in the data
 * directory when state is kept), and entries name those directories.
 *
 * The template's functions are re-created from the template at each start, as a deploy of
 * the stack would: the template is what is deployed. What the API changed on one of them
 * (configuration, code, versions, aliases, permissions, tags, URLs, settings) lasts until
 * the sandbox stops, and is not re-applied: a version or alias saved from an earlier run
 * could name code or configuration the template no longer has. A function created through
 * the API whose name the template now uses is dropped (the template wins), with a warning.
 * Event source mappings, layers and code signing configs made through the API are kept
 * whatever function they name, as they are resources of their own.
 */
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import type { DurableState, Logger, StateCodec, Store } from "@sam-sandbox/core";
import { packageZip } from "./codePackage.js";
import type { CodeSigningConfigRecord } from "./codeSigning.js";
import type { Concurrency } from "./concurrency.js";
import type { EventSourceMappingRecord } from "./eventSourceMappings.js";
import type { FunctionUrlRecord, FunctionUrlStore } from "./functionUrls.js";
import type { LayerVersionRecord, Layers } from "./layers.js";
import type { AliasRecord, EventInvokeConfig, FunctionRecord, FunctionRegistry, PolicyStatement, VersionRecord } from "./registry.js";
import { provisionedChanged } from "./provisionedConcurrency.js";

/** The collection's name in the Store. */
export const LAMBDA_COLLECTION = "lambda";

type Entries = Map<string, unknown>;

/** One journal record: entries written (whole) and entries removed. */
interface ChangeRecord {
  set?: Record<string, unknown>;
  delete?: string[];
}

const codec: StateCodec<Entries, ChangeRecord> = {
  empty: () => new Map(),
  fromSnapshot: (json) => new Map(Object.entries((json ?? {}) as Record<string, unknown>)),
  toSnapshot: (state) => Object.fromEntries(state),
  apply(state, record) {
    for (const [key, value] of Object.entries(record.set ?? {})) state.set(key, value);
    for (const key of record.delete ?? []) state.delete(key);
  },
};

/** A function as stored: its FunctionRecord, reserved concurrency and URLs. */
interface SavedFunction {
  latest: VersionRecord;
  versions: VersionRecord[];
  aliases: AliasRecord[];
  tags: Record<string, string>;
  eventInvokeConfigs: Array<[string, EventInvokeConfig]>;
  policies: Array<[string, PolicyStatement[]]>;
  provisionedConcurrency: Array<[string, { requested: number; lastModified: string }]>;
  recursiveLoop: string;
  runtimeManagement: Array<[string, { updateRuntimeOn: string; runtimeVersionArn?: string }]>;
  codeSigningConfigArn?: string;
  nextVersion: number;
  reservedConcurrency?: number;
  /** Without the URL itself, which names the edge port of the run that serves it. */
  urls: Array<Omit<FunctionUrlRecord, "owner" | "url">>;
}

interface SavedLayer {
  nextVersion: number;
  versions: LayerVersionRecord[];
}

/** The parts of the engine whose state is kept. */
export interface PersistedEngine {
  readonly registry: FunctionRegistry;
  readonly concurrency: Concurrency;
  readonly functionUrls: FunctionUrlStore;
  readonly layers: Layers;
  readonly codeSigningConfigs: Map<string, CodeSigningConfigRecord>;
  readonly eventSourceMappings: Map<string, EventSourceMappingRecord>;
  readonly logger: Logger;
  readonly buildDir: string;
}

/** Where storeZip extracts function code and layers under the build directory. */
const ZIP_FOLDERS = [".code", ".layers"];

export class LambdaPersistence {
  /** The JSON text of each stored entry, to find what changed. */
  private readonly stored = new Map<string, string>();
  /** The last commit (settled): a change that found nothing new to write waits for it. */
  private pending: Promise<void> = Promise.resolve();

  private constructor(
    private readonly engine: PersistedEngine,
    private readonly durable: DurableState<Entries, ChangeRecord>,
    /** The template's function names: their state comes from the template, never from here. */
    private readonly templateFunctions: ReadonlySet<string>,
  ) {
    for (const [key, value] of durable.state) this.stored.set(key, JSON.stringify(value));
  }

  /** Opens the collection and loads what an earlier run kept into the engine. */
  static async open(store: Store, engine: PersistedEngine, templateFunctions: ReadonlySet<string>): Promise<LambdaPersistence> {
    const durable = await store.open(LAMBDA_COLLECTION, codec);
    const persistence = new LambdaPersistence(engine, durable, templateFunctions);
    persistence.restore();
    persistence.sweep();
    return persistence;
  }

  /**
   * Journals every entry that changed since the last call; resolves once it is durable
   * (or, when nothing changed, once the changes journaled before are). Called after each
   * API action that may change state, before the API answers.
   */
  save(): Promise<void> {
    const live = this.entries();
    const record: ChangeRecord = {};
    for (const [key, value] of live) {
      const text = JSON.stringify(value);
      if (this.stored.get(key) === text) continue;
      this.stored.set(key, text);
      (record.set ??= {})[key] = JSON.parse(text) as unknown;
    }
    for (const key of this.stored.keys()) {
      if (!live.has(key)) (record.delete ??= []).push(key);
    }
    for (const key of record.delete ?? []) this.stored.delete(key);
    if (!record.set && !record.delete) return this.pending;
    codec.apply(this.durable.state, record);
    const committed = this.durable.commit(record);
    this.pending = committed.catch(() => undefined);
    return committed;
  }

  /** Entries for the engine's current state. */
  private entries(): Entries {
    const { registry, layers, codeSigningConfigs, eventSourceMappings } = this.engine;
    const out: Entries = new Map();
    for (const record of registry.list()) {
      if (!this.templateFunctions.has(record.name)) out.set(`function:${record.name}`, this.savedFunction(record));
    }
    for (const layer of layers.saved()) out.set(`layer:${layer.name}`, { nextVersion: layer.nextVersion, versions: layer.versions } satisfies SavedLayer);
    for (const [arn, config] of codeSigningConfigs) out.set(`csc:${arn}`, config);
    for (const [uuid, mapping] of eventSourceMappings) if (!mapping.fromTemplate) out.set(`esm:${uuid}`, mapping);
    return out;
  }

  private savedFunction(record: FunctionRecord): SavedFunction {
    return {
      latest: record.latest,
      versions: [...record.versions.values()],
      aliases: [...record.aliases.values()],
      tags: record.tags,
      eventInvokeConfigs: [...record.eventInvokeConfigs],
      policies: [...record.policies],
      provisionedConcurrency: [...record.provisionedConcurrency],
      recursiveLoop: record.recursiveLoop,
      runtimeManagement: [...record.runtimeManagement],
      codeSigningConfigArn: record.codeSigningConfigArn,
      nextVersion: record.nextVersion,
      reservedConcurrency: this.engine.concurrency.reservedOf(record.name),
      urls: this.engine.functionUrls.of(record).map(({ owner: _owner, url: _url, ...config }) => config),
    };
  }

  private restore(): void {
    const { engine } = this;
    for (const [key, value] of this.durable.state) {
      const [kind, ...rest] = key.split(":");
      const id = rest.join(":");
      if (kind === "layer") {
        const layer = value as SavedLayer;
        engine.layers.restore(id, layer.nextVersion, layer.versions);
      } else if (kind === "csc") {
        engine.codeSigningConfigs.set(id, value as CodeSigningConfigRecord);
      } else if (kind === "function") {
        this.restoreFunction(id, value as SavedFunction);
      } else if (kind === "esm") {
        engine.eventSourceMappings.set(id, value as EventSourceMappingRecord);
      }
    }
  }

  /**
   * Removes the extracted zips nothing kept names: code replaced or deleted in an earlier run,
   * a DryRun's, or one extracted just before the process was killed (never acknowledged).
   */
  private sweep(): void {
    const kept = new Set<string>();
    for (const record of this.engine.registry.list()) {
      if (this.templateFunctions.has(record.name)) continue;
      for (const version of [record.latest, ...record.versions.values()]) {
        kept.add(version.config.codeDir);
        if (existsSync(packageZip(version.config.codeDir))) kept.add(packageZip(version.config.codeDir));
      }
    }
    for (const layer of this.engine.layers.saved()) {
      for (const version of layer.versions) {
        kept.add(version.dir);
        kept.add(version.zipFile);
      }
    }
    const buildDir = resolve(this.engine.buildDir);
    const here = (path: string) => ZIP_FOLDERS.some((folder) => path.startsWith(join(buildDir, folder)) && existsSync(path));
    // State naming code elsewhere (the data directory moved) or code gone: remove nothing.
    if (![...kept].every(here)) return;
    for (const folder of ZIP_FOLDERS) {
      const root = join(buildDir, folder);
      for (const owner of existsSync(root) ? readdirSync(root, { withFileTypes: true }) : []) {
        if (!owner.isDirectory()) continue;
        for (const entry of readdirSync(join(root, owner.name))) {
          const path = join(root, owner.name, entry);
          if (!kept.has(path)) rmSync(path, { recursive: true, force: true });
        }
      }
    }
  }

  private restoreFunction(name: string, saved: SavedFunction): void {
    const { engine } = this;
    if (this.templateFunctions.has(name)) {
      engine.logger.warn(`lambda: the function ${name} created through the API in an earlier run is not restored: the template defines a function of that name.`);
      return;
    }
    if (!existsSync(saved.latest.config.codeDir)) {
      engine.logger.warn(`lambda: ${name}: its code (${saved.latest.config.codeDir}) is gone from the data directory; invocations will fail until UpdateFunctionCode.`);
    }
    const record = engine.registry.add(saved.latest.config, saved.latest);
    record.latest = saved.latest;
    for (const version of saved.versions) record.versions.set(version.version, version);
    for (const alias of saved.aliases) record.aliases.set(alias.name, alias);
    record.tags = saved.tags;
    for (const [qualifier, config] of saved.eventInvokeConfigs) record.eventInvokeConfigs.set(qualifier, config);
    for (const [qualifier, statements] of saved.policies) record.policies.set(qualifier, statements);
    for (const [qualifier, config] of saved.provisionedConcurrency) record.provisionedConcurrency.set(qualifier, config);
    record.recursiveLoop = saved.recursiveLoop;
    for (const [qualifier, config] of saved.runtimeManagement) record.runtimeManagement.set(qualifier, config);
    record.codeSigningConfigArn = saved.codeSigningConfigArn;
    record.nextVersion = saved.nextVersion;
    if (saved.reservedConcurrency !== undefined) engine.concurrency.setReserved(name, saved.reservedConcurrency);
    provisionedChanged(engine.concurrency, record);
    for (const config of saved.urls) engine.functionUrls.set({ ...config, url: engine.functionUrls.urlOf(config.urlId), owner: record });
  }
}
