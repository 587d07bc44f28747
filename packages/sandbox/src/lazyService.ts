import type { AwsService, AwsServiceRoute } from "@sam-sandbox/core";

/** A service created on first use: its edge route is known before its code is loaded. */
export interface LazyService<T> {
  /** Routes by `route`; the first request loads the service, the next go straight to it. */
  readonly service: AwsService;
  /** Loads and creates the service once; later calls return the same one. After close(), loads nothing. */
  load(): Promise<T>;
  /** Whether load() was ever called. */
  readonly started: boolean;
  /** Closes the service if it was loaded. */
  close(): Promise<void>;
}

export function lazyService<T extends { service: AwsService; close(): Promise<void> }>(
  name: string,
  route: AwsServiceRoute,
  create: () => Promise<T>,
): LazyService<T> {
  let loading: Promise<T> | undefined;
  let closed = false;
  // Once loaded, requests go straight to its handler (no await of the load per request).
  let handle: AwsService["handle"] | undefined;
  const load = (): Promise<T> => {
    // Closed before anything loaded it: a request or a log line arriving while the sandbox stops
    // starts nothing (it would open the store as it closes, and never be closed). Its caller waits
    // until the process ends, as a request does for a server that is going away.
    if (closed && loading === undefined) return new Promise<T>(() => undefined);
    return (loading ??= create().then((loaded) => {
      handle = loaded.service.handle;
      return loaded;
    }));
  };
  return {
    service: { name, route, handle: (req) => (handle ? handle(req) : load().then((loaded) => loaded.service.handle(req))) },
    load,
    get started() {
      return loading !== undefined;
    },
    close: async () => {
      closed = true;
      if (loading) await (await loading).close();
    },
  };
}
