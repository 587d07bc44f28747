import type { WebSocket } from "ws";
import type { Deadline } from "../deadlines.js";
import type { WebSocketApiConfig } from "./config.js";

/** What the events describe of a connection (one whose handshake is still pending included). */
export type ConnectionInfo = Pick<Connection, "id" | "api" | "connectedAt" | "lastActiveAt" | "sourceIp" | "userAgent" | "domainName" | "authorizer">;

/** One open WebSocket connection, as @connections and the events describe it. */
export interface Connection {
  /** "eHrdFcnvvHcCE-w=": API Gateway's 16-character connection id. */
  id: string;
  api: WebSocketApiConfig;
  socket: WebSocket;
  /** Epoch ms of the $connect request. */
  connectedAt: number;
  /** Epoch ms of the last message from the client. */
  lastActiveAt: number;
  sourceIp: string;
  userAgent: string;
  /** requestContext.domainName: the Host the client connected to ("127.0.0.1:3000"). */
  domainName: string;
  /** The API as its stage now serves it (APIs created through the control plane, redeployed while connections stay open). */
  refresh?: () => Promise<WebSocketApiConfig | undefined>;
  /** What $connect's authorizer answered (principalId, its context): requestContext.authorizer of every event. */
  authorizer?: Record<string, unknown>;
  /** Closes the connection after 10 idle minutes; re-armed by each message. */
  idle?: Deadline;
  /** Closes the connection 2 hours after it opened. */
  lifetime?: Deadline;
  /** Set once closing started: the code and reason $disconnect reports when API Gateway closed it. */
  closedBy?: { code: number; reason: string };
}
