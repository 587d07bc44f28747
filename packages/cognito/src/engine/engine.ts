/** Cognito user pools: one method per AWS action, behaviour in the files beside this one. */
import type { KeyObject } from "node:crypto";
import type { Clock, DurableState, LambdaInvoker, Logger } from "@sam-sandbox/core";
import * as auth from "./auth.js";
import * as authEvents from "./authEvents.js";
import { getUserAuthFactors } from "./authFactors.js";
import * as deleteAttributes from "./deleteUserAttributes.js";
import * as providerLinks from "./providerLinks.js";
import * as branding from "./settings/managedLoginBranding.js";
import * as logDelivery from "./settings/logDelivery.js";
import * as risk from "./settings/riskConfiguration.js";
import { getSigningCertificate } from "./settings/signingCertificate.js";
import * as ui from "./settings/uiCustomization.js";
import * as devices from "./devices/devices.js";
import * as domains from "./domains.js";
import { addCustomAttributes } from "./customAttributes.js";
import * as identityProviders from "./identityProviders.js";
import * as resourceServers from "./resourceServers.js";
import * as tags from "./tags.js";
import { getCSVHeader } from "./userImport.js";
import { UserImportJobs, type UserImportJobsOptions } from "./importJobs/jobs.js";
import { WebAuthnRegistrations } from "./webauthn/registration.js";
import type { CognitoContext, Input } from "./context.js";
import * as groups from "./groups.js";
import * as mfaPool from "./mfa/poolConfig.js";
import * as mfaPreferences from "./mfa/preferences.js";
import * as softwareToken from "./mfa/softwareToken.js";
import { listUsers } from "./listUsers.js";
import * as pools from "./pools.js";
import type { CognitoRecord, CognitoState } from "./state.js";
import { idTokenRevoked, jwks, verificationKey } from "./tokens.js";
import * as userAuth from "./userAuth.js";
import * as users from "./users.js";
import * as verifyAttributes from "./verifyAttributes.js";

type Output = Record<string, unknown>;

export class CognitoEngine {
  readonly ctx: CognitoContext;
  private readonly challenges: auth.Challenges = new Map();
  /** User import jobs (src/engine/importJobs/), kept in a collection of their own. */
  readonly importJobs: UserImportJobs;
  /** Passkey registrations waiting for their CompleteWebAuthnRegistration (src/engine/webauthn/). */
  private readonly webAuthn: WebAuthnRegistrations;

  constructor(
    options: { durable: DurableState<CognitoState, CognitoRecord>; clock: Clock; logger: Logger; region: string; accountId: string; issuer: (poolId: string) => string; invoker?: LambdaInvoker },
    importJobs: UserImportJobsOptions,
  ) {
    this.ctx = { ...options };
    this.importJobs = new UserImportJobs(this.ctx, importJobs);
    this.webAuthn = new WebAuthnRegistrations(this.ctx);
  }

  // Pools and app clients
  createUserPool = (i: Input, id?: string): Promise<Output> => pools.createUserPool(this.ctx, i, id);
  describeUserPool = (i: Input): Output => pools.describeUserPool(this.ctx, i);
  listUserPools = (i: Input): Output => pools.listUserPools(this.ctx, i);
  updateUserPool = (i: Input): Promise<Output> => pools.updateUserPool(this.ctx, i);
  deleteUserPool = async (i: Input): Promise<Output> => {
    const output = await pools.deleteUserPool(this.ctx, i);
    await this.importJobs.deletePoolJobs(String(i.UserPoolId));
    return output;
  };
  createUserPoolClient = (i: Input, fixed?: { id: string; secret?: string }): Promise<Output> => pools.createUserPoolClient(this.ctx, i, fixed);
  describeUserPoolClient = (i: Input): Output => pools.describeUserPoolClient(this.ctx, i);
  listUserPoolClients = (i: Input): Output => pools.listUserPoolClients(this.ctx, i);
  updateUserPoolClient = (i: Input): Promise<Output> => pools.updateUserPoolClient(this.ctx, i);
  deleteUserPoolClient = (i: Input): Promise<Output> => pools.deleteUserPoolClient(this.ctx, i);
  addCustomAttributes = (i: Input): Promise<Output> => addCustomAttributes(this.ctx, i);
  getCSVHeader = (i: Input): Output => getCSVHeader(this.ctx, i);

  // User import jobs (src/engine/importJobs/)
  createUserImportJob = (i: Input): Promise<Output> => this.importJobs.createUserImportJob(i);
  describeUserImportJob = (i: Input): Output => this.importJobs.describeUserImportJob(i);
  listUserImportJobs = (i: Input): Output => this.importJobs.listUserImportJobs(i);
  startUserImportJob = (i: Input): Promise<Output> => this.importJobs.startUserImportJob(i);
  stopUserImportJob = (i: Input): Promise<Output> => this.importJobs.stopUserImportJob(i);

  // Passkeys (src/engine/webauthn/; their sign-in is USER_AUTH's WEB_AUTHN)
  startWebAuthnRegistration = (i: Input): Promise<Output> => this.webAuthn.startWebAuthnRegistration(i);
  completeWebAuthnRegistration = (i: Input): Promise<Output> => this.webAuthn.completeWebAuthnRegistration(i);
  listWebAuthnCredentials = (i: Input): Promise<Output> => this.webAuthn.listWebAuthnCredentials(i);
  deleteWebAuthnCredential = (i: Input): Promise<Output> => this.webAuthn.deleteWebAuthnCredential(i);

  // Tags (a user pool's UserPoolTags)
  tagResource = (i: Input): Promise<Output> => tags.tagResource(this.ctx, i);
  untagResource = (i: Input): Promise<Output> => tags.untagResource(this.ctx, i);
  listTagsForResource = (i: Input): Output => tags.listTagsForResource(this.ctx, i);

  // Users
  signUp = (i: Input): Promise<Output> => authEvents.accountEvent(this.ctx, "SignUp", i, () => users.signUp(this.ctx, i));
  confirmSignUp = async (i: Input): Promise<Output> => ({ ...(await users.confirmSignUp(this.ctx, i)), ...userAuth.signUpSession(this.ctx, this.challenges, i) });
  resendConfirmationCode = (i: Input): Promise<Output> => authEvents.accountEvent(this.ctx, "ResendCode", i, () => users.resendConfirmationCode(this.ctx, i));
  adminCreateUser = (i: Input): Promise<Output> => users.adminCreateUser(this.ctx, i);
  adminConfirmSignUp = (i: Input): Promise<Output> => users.adminConfirmSignUp(this.ctx, i);
  adminGetUser = (i: Input): Output => users.adminGetUser(this.ctx, i);
  getUser = (i: Input): Promise<Output> => users.getUser(this.ctx, i);
  adminSetUserPassword = (i: Input): Promise<Output> => users.adminSetUserPassword(this.ctx, i);
  adminDeleteUser = (i: Input): Promise<Output> => users.adminDeleteUser(this.ctx, i);
  deleteUser = (i: Input): Promise<Output> => users.deleteUser(this.ctx, i);
  adminUpdateUserAttributes = (i: Input): Promise<Output> => users.adminUpdateUserAttributes(this.ctx, i);
  updateUserAttributes = (i: Input): Promise<Output> => users.updateUserAttributes(this.ctx, i);
  adminDeleteUserAttributes = (i: Input): Promise<Output> => deleteAttributes.adminDeleteUserAttributes(this.ctx, i);
  deleteUserAttributes = (i: Input): Promise<Output> => deleteAttributes.deleteUserAttributes(this.ctx, i);
  getUserAuthFactors = (i: Input): Promise<Output> => getUserAuthFactors(this.ctx, i);
  adminDisableUser = (i: Input): Promise<Output> => users.adminDisableUser(this.ctx, i);
  adminEnableUser = (i: Input): Promise<Output> => users.adminEnableUser(this.ctx, i);
  listUsers = (i: Input): Output => listUsers(this.ctx, i);
  adminResetUserPassword = (i: Input): Promise<Output> => users.adminResetUserPassword(this.ctx, i);
  forgotPassword = (i: Input): Promise<Output> => authEvents.accountEvent(this.ctx, "ForgotPassword", i, () => users.forgotPassword(this.ctx, i));
  confirmForgotPassword = (i: Input): Promise<Output> => authEvents.accountEvent(this.ctx, "PasswordChange", i, () => users.confirmForgotPassword(this.ctx, i));
  changePassword = (i: Input): Promise<Output> => this.passwordChanged(i, () => users.changePassword(this.ctx, i));
  getUserAttributeVerificationCode = (i: Input): Promise<Output> => verifyAttributes.getUserAttributeVerificationCode(this.ctx, i);
  verifyUserAttribute = (i: Input): Promise<Output> => verifyAttributes.verifyUserAttribute(this.ctx, i);

  // Authentication
  // Each records its outcome in threat protection's event history (authEvents.ts).
  initiateAuth = (i: Input, sourceIp?: string): Promise<Output> => authEvents.signInEvent(this.ctx, i, () => auth.initiateAuth(this.ctx, this.challenges, i, false), sourceIp);
  adminInitiateAuth = (i: Input): Promise<Output> => authEvents.signInEvent(this.ctx, i, () => auth.initiateAuth(this.ctx, this.challenges, i, true));
  respondToAuthChallenge = (i: Input, sourceIp?: string): Promise<Output> => authEvents.signInEvent(this.ctx, i, () => auth.respondToAuthChallenge(this.ctx, this.challenges, i, false, sourceIp), sourceIp);
  adminRespondToAuthChallenge = (i: Input): Promise<Output> => authEvents.signInEvent(this.ctx, i, () => auth.respondToAuthChallenge(this.ctx, this.challenges, i, true));
  getTokensFromRefreshToken = (i: Input): Promise<Output> => auth.getTokensFromRefreshToken(this.ctx, i);
  globalSignOut = (i: Input): Promise<Output> => auth.globalSignOut(this.ctx, i);
  adminUserGlobalSignOut = (i: Input): Promise<Output> => auth.adminUserGlobalSignOut(this.ctx, i);
  revokeToken = (i: Input): Promise<Output> => auth.revokeToken(this.ctx, i);

  // MFA (src/engine/mfa/)
  setUserPoolMfaConfig = (i: Input): Promise<Output> => mfaPool.setUserPoolMfaConfig(this.ctx, i);
  getUserPoolMfaConfig = (i: Input): Output => mfaPool.getUserPoolMfaConfig(this.ctx, i);
  setUserMFAPreference = (i: Input): Promise<Output> => mfaPreferences.setUserMFAPreference(this.ctx, i);
  adminSetUserMFAPreference = (i: Input): Promise<Output> => mfaPreferences.adminSetUserMFAPreference(this.ctx, i);
  setUserSettings = (i: Input): Promise<Output> => mfaPreferences.setUserSettings(this.ctx, i);
  adminSetUserSettings = (i: Input): Promise<Output> => mfaPreferences.adminSetUserSettings(this.ctx, i);
  associateSoftwareToken = (i: Input): Promise<Output> => softwareToken.associateSoftwareToken(this.ctx, this.challenges, i);
  verifySoftwareToken = (i: Input): Promise<Output> => softwareToken.verifySoftwareToken(this.ctx, this.challenges, i);

  // Devices (src/engine/devices/)
  confirmDevice = (i: Input, sourceIp?: string): Promise<Output> => devices.confirmDevice(this.ctx, i, sourceIp);
  getDevice = (i: Input): Promise<Output> => devices.getDevice(this.ctx, i);
  listDevices = (i: Input): Promise<Output> => devices.listDevices(this.ctx, i);
  updateDeviceStatus = (i: Input): Promise<Output> => devices.updateDeviceStatus(this.ctx, i);
  forgetDevice = (i: Input): Promise<Output> => devices.forgetDevice(this.ctx, i);
  adminGetDevice = (i: Input): Output => devices.adminGetDevice(this.ctx, i);
  adminListDevices = (i: Input): Output => devices.adminListDevices(this.ctx, i);
  adminUpdateDeviceStatus = (i: Input): Promise<Output> => devices.adminUpdateDeviceStatus(this.ctx, i);
  adminForgetDevice = (i: Input): Promise<Output> => devices.adminForgetDevice(this.ctx, i);

  // Domains and resource servers (the hosted UI and OAuth 2.0 endpoints: src/oauth/)
  createUserPoolDomain = (i: Input): Promise<Output> => domains.createUserPoolDomain(this.ctx, i);
  describeUserPoolDomain = (i: Input): Output => domains.describeUserPoolDomain(this.ctx, i);
  deleteUserPoolDomain = (i: Input): Promise<Output> => domains.deleteUserPoolDomain(this.ctx, i);
  updateUserPoolDomain = (i: Input): Promise<Output> => domains.updateUserPoolDomain(this.ctx, i);
  createResourceServer = (i: Input): Promise<Output> => resourceServers.createResourceServer(this.ctx, i);
  describeResourceServer = (i: Input): Output => resourceServers.describeResourceServer(this.ctx, i);
  listResourceServers = (i: Input): Output => resourceServers.listResourceServers(this.ctx, i);
  updateResourceServer = (i: Input): Promise<Output> => resourceServers.updateResourceServer(this.ctx, i);
  deleteResourceServer = (i: Input): Promise<Output> => resourceServers.deleteResourceServer(this.ctx, i);

  // Federated identity providers (stored and listed; federation is not emulated)
  createIdentityProvider = (i: Input): Promise<Output> => identityProviders.createIdentityProvider(this.ctx, i);
  describeIdentityProvider = (i: Input): Output => identityProviders.describeIdentityProvider(this.ctx, i);
  updateIdentityProvider = (i: Input): Promise<Output> => identityProviders.updateIdentityProvider(this.ctx, i);
  listIdentityProviders = (i: Input): Output => identityProviders.listIdentityProviders(this.ctx, i);
  deleteIdentityProvider = (i: Input): Promise<Output> => identityProviders.deleteIdentityProvider(this.ctx, i);
  getIdentityProviderByIdentifier = (i: Input): Output => identityProviders.getIdentityProviderByIdentifier(this.ctx, i);
  adminLinkProviderForUser = (i: Input): Promise<Output> => providerLinks.adminLinkProviderForUser(this.ctx, i);
  adminDisableProviderForUser = (i: Input): Promise<Output> => providerLinks.adminDisableProviderForUser(this.ctx, i);
  getSigningCertificate = (i: Input): Promise<Output> => getSigningCertificate(this.ctx, i);

  // Branding: hosted UI (classic) customization and managed login styles (src/engine/settings/)
  setUICustomization = (i: Input): Promise<Output> => ui.setUICustomization(this.ctx, i);
  getUICustomization = (i: Input): Output => ui.getUICustomization(this.ctx, i);
  createManagedLoginBranding = (i: Input, id?: string): Promise<Output> => branding.createManagedLoginBranding(this.ctx, i, id);
  describeManagedLoginBranding = (i: Input): Output => branding.describeManagedLoginBranding(this.ctx, i);
  describeManagedLoginBrandingByClient = (i: Input): Output => branding.describeManagedLoginBrandingByClient(this.ctx, i);
  updateManagedLoginBranding = (i: Input): Promise<Output> => branding.updateManagedLoginBranding(this.ctx, i);
  deleteManagedLoginBranding = (i: Input): Promise<Output> => branding.deleteManagedLoginBranding(this.ctx, i);

  // Threat protection and logging (src/engine/settings/, authEvents.ts)
  setRiskConfiguration = (i: Input): Promise<Output> => risk.setRiskConfiguration(this.ctx, i);
  describeRiskConfiguration = (i: Input): Output => risk.describeRiskConfiguration(this.ctx, i);
  setLogDeliveryConfiguration = (i: Input): Promise<Output> => logDelivery.setLogDeliveryConfiguration(this.ctx, i);
  getLogDeliveryConfiguration = (i: Input): Output => logDelivery.getLogDeliveryConfiguration(this.ctx, i);
  adminListUserAuthEvents = (i: Input): Output => authEvents.adminListUserAuthEvents(this.ctx, i);
  adminUpdateAuthEventFeedback = (i: Input): Promise<Output> => authEvents.adminUpdateAuthEventFeedback(this.ctx, i);
  updateAuthEventFeedback = (i: Input): Promise<Output> => authEvents.updateAuthEventFeedback(this.ctx, i);

  /** ChangePassword, recorded as a PasswordChange event for the token's user. */
  private async passwordChanged(i: Input, run: () => Promise<Output>): Promise<Output> {
    const output = await run();
    const owner = authEvents.accessTokenUser(this.ctx, i);
    if (owner) await authEvents.recordAuthEvent(this.ctx, owner.pool, owner.username, { type: "PasswordChange", response: "Pass" });
    return output;
  }

  // Groups
  createGroup = (i: Input): Promise<Output> => groups.createGroup(this.ctx, i);
  updateGroup = (i: Input): Promise<Output> => groups.updateGroup(this.ctx, i);
  getGroup = (i: Input): Output => groups.getGroup(this.ctx, i);
  listGroups = (i: Input): Output => groups.listGroups(this.ctx, i);
  deleteGroup = (i: Input): Promise<Output> => groups.deleteGroup(this.ctx, i);
  adminAddUserToGroup = (i: Input): Promise<Output> => groups.adminAddUserToGroup(this.ctx, i);
  adminRemoveUserFromGroup = (i: Input): Promise<Output> => groups.adminRemoveUserFromGroup(this.ctx, i);
  adminListGroupsForUser = (i: Input): Output => groups.adminListGroupsForUser(this.ctx, i);
  listUsersInGroup = (i: Input): Output => groups.listUsersInGroup(this.ctx, i);

  /** A classic hosted UI logo (SetUICustomization's ImageFile) of "ALL" or a client, or undefined. */
  uiLogo(poolId: string, key: string): Buffer | undefined {
    const pool = this.ctx.durable.state.pools.get(poolId);
    return pool && ui.uiLogo(pool, key);
  }

  /** The pool's public keys, or undefined for an unknown pool. */
  jwks(poolId: string): { keys: Array<Record<string, string>> } | undefined {
    const pool = this.ctx.durable.state.pools.get(poolId);
    return pool ? jwks(pool) : undefined;
  }

  /** The public key `kid` of the pool, or undefined for an unknown pool or key. */
  publicKey(poolId: string, kid: string | undefined): KeyObject | undefined {
    const pool = this.ctx.durable.state.pools.get(poolId);
    return pool && verificationKey(pool, kid);
  }

  /** Whether an ID token's sign-in was revoked or its user (or pool) deleted (an identity pool's ServerSideTokenCheck). */
  idTokenRevoked(poolId: string, claims: Record<string, unknown>): boolean {
    const pool = this.ctx.durable.state.pools.get(poolId);
    return !pool || idTokenRevoked(this.ctx, pool, claims);
  }

  /**
   * The pool's OpenID Connect discovery document, its members in the alphabetical order AWS answers
   * them (a recorded document of 2025 in localstack#12914); the hosted UI's endpoints only with a domain.
   */
  openidConfiguration(poolId: string): Record<string, unknown> | undefined {
    if (!this.ctx.durable.state.pools.has(poolId)) return undefined;
    const issuer = this.ctx.issuer(poolId);
    const document: Record<string, unknown> = {
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      response_types_supported: ["code", "token"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["RS256"],
      scopes_supported: ["openid", "email", "phone", "profile"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
      ...this.hostedUiEndpoints(poolId, issuer),
    };
    return Object.fromEntries(Object.entries(document).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /** With a domain, the discovery document names its OAuth 2.0 endpoints (served by the edge under /<domain>.auth.<region>.amazoncognito.com). */
  private hostedUiEndpoints(poolId: string, issuer: string): Record<string, string> {
    const domain = this.ctx.durable.state.pools.get(poolId)?.pool.config.Domain;
    if (typeof domain !== "string") return {};
    const host = `${domain}.auth.${this.ctx.region}.amazoncognito.com`;
    const edge = issuer.startsWith("https://cognito-idp.") ? undefined : issuer.slice(0, issuer.length - poolId.length - 1);
    const base = edge === undefined ? `https://${host}` : `${edge}/${host}`;
    return {
      authorization_endpoint: `${base}/oauth2/authorize`,
      end_session_endpoint: `${base}/logout`,
      revocation_endpoint: `${base}/oauth2/revoke`,
      token_endpoint: `${base}/oauth2/token`,
      userinfo_endpoint: `${base}/oauth2/userInfo`,
    };
  }
}
