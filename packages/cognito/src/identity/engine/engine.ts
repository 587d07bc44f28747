/** Cognito identity pools: one method per AWS action, behaviour in the files beside this one. */
import type { Clock, DurableState, Logger } from "@sam-sandbox/core";
import type { IdentityContext, Input, Output, UserPoolKeys } from "./context.js";
import * as developer from "./developer.js";
import * as identities from "./identities.js";
import { openIdJwks } from "./openId.js";
import * as pools from "./pools.js";
import * as principalTags from "./principalTags.js";
import type { IdentityRecord, IdentityState } from "./state.js";
import * as tags from "./tags.js";

export class CognitoIdentityEngine {
  readonly ctx: IdentityContext;

  constructor(options: { durable: DurableState<IdentityState, IdentityRecord>; clock: Clock; logger: Logger; region: string; accountId: string; userPools: UserPoolKeys }) {
    this.ctx = { ...options };
  }

  // Identity pools
  createIdentityPool = (i: Input, id?: string): Promise<Output> => pools.createIdentityPool(this.ctx, i, id);
  describeIdentityPool = (i: Input): Output => pools.describeIdentityPool(this.ctx, i);
  listIdentityPools = (i: Input): Output => pools.listIdentityPools(this.ctx, i);
  updateIdentityPool = (i: Input): Promise<Output> => pools.updateIdentityPool(this.ctx, i);
  deleteIdentityPool = (i: Input): Promise<Output> => pools.deleteIdentityPool(this.ctx, i);
  setIdentityPoolRoles = (i: Input): Promise<Output> => pools.setIdentityPoolRoles(this.ctx, i);
  getIdentityPoolRoles = (i: Input): Output => pools.getIdentityPoolRoles(this.ctx, i);
  tagResource = (i: Input): Promise<Output> => tags.tagResource(this.ctx, i);
  untagResource = (i: Input): Promise<Output> => tags.untagResource(this.ctx, i);
  listTagsForResource = (i: Input): Output => tags.listTagsForResource(this.ctx, i);
  setPrincipalTagAttributeMap = (i: Input): Promise<Output> => principalTags.setPrincipalTagAttributeMap(this.ctx, i);
  getPrincipalTagAttributeMap = (i: Input): Output => principalTags.getPrincipalTagAttributeMap(this.ctx, i);

  // Identities and credentials
  getId = (i: Input): Promise<Output> => identities.getId(this.ctx, i);
  getCredentialsForIdentity = (i: Input): Promise<Output> => identities.getCredentialsForIdentity(this.ctx, i);
  getOpenIdToken = (i: Input): Promise<Output> => identities.getOpenIdToken(this.ctx, i);
  getOpenIdTokenForDeveloperIdentity = (i: Input): Promise<Output> => identities.getOpenIdTokenForDeveloperIdentity(this.ctx, i);
  describeIdentity = (i: Input): Output => identities.describeIdentity(this.ctx, i);
  listIdentities = (i: Input): Output => identities.listIdentities(this.ctx, i);
  deleteIdentities = (i: Input): Promise<Output> => identities.deleteIdentities(this.ctx, i);
  unlinkIdentity = (i: Input): Promise<Output> => identities.unlinkIdentity(this.ctx, i);
  unlinkDeveloperIdentity = (i: Input): Promise<Output> => identities.unlinkDeveloperIdentity(this.ctx, i);
  lookupDeveloperIdentity = (i: Input): Output => developer.lookupDeveloperIdentity(this.ctx, i);
  mergeDeveloperIdentities = (i: Input): Promise<Output> => developer.mergeDeveloperIdentities(this.ctx, i);

  /** The keys of GetOpenIdToken's tokens (<edge>/cognito-identity/.well-known/jwks_uri). */
  jwks = (): Promise<{ keys: Array<Record<string, string>> }> => openIdJwks(this.ctx);
}
