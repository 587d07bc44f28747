import { AsyncLocalStorage } from "node:async_hooks";
import { createAwsJsonHandler, type EdgeRequest, type EdgeResponse, type Logger } from "@sam-sandbox/core";
import type { CognitoEngine } from "./engine/engine.js";
import { InvalidParameterException } from "./errors.js";
import { cognitoIdpModel } from "./generated/cognitoidp.js";
import { COGNITO_PROTOCOL, cognitoValidator, jsonDocument, unknownActionOf, type CognitoAction } from "./jsonApi.js";
import { createHostedUi } from "./oauth/hostedUi.js";
import { hostedUiTarget } from "./oauth/match.js";
import { IMPORT_UPLOAD_PATH, importUpload } from "./importUpload.js";
import { TARGET_PREFIX } from "./route.js";

/** The client address of the request being answered (a device's last_ip_used). */
const sourceIp = new AsyncLocalStorage<string | undefined>();

/** AWS action name → engine method (awsJson 1.1, X-Amz-Target AWSCognitoIdentityProviderService.<Action>). */
const ACTIONS: Record<string, CognitoAction<CognitoEngine>> = {
  CreateUserPool: (e, i) => e.createUserPool(i),
  DescribeUserPool: (e, i) => e.describeUserPool(i),
  ListUserPools: (e, i) => e.listUserPools(i),
  UpdateUserPool: (e, i) => e.updateUserPool(i),
  DeleteUserPool: (e, i) => e.deleteUserPool(i),
  CreateUserPoolClient: (e, i) => e.createUserPoolClient(i),
  DescribeUserPoolClient: (e, i) => e.describeUserPoolClient(i),
  ListUserPoolClients: (e, i) => e.listUserPoolClients(i),
  UpdateUserPoolClient: (e, i) => e.updateUserPoolClient(i),
  DeleteUserPoolClient: (e, i) => e.deleteUserPoolClient(i),
  AddCustomAttributes: (e, i) => e.addCustomAttributes(i),
  GetCSVHeader: (e, i) => e.getCSVHeader(i),
  CreateUserImportJob: (e, i) => e.createUserImportJob(i),
  DescribeUserImportJob: (e, i) => e.describeUserImportJob(i),
  ListUserImportJobs: (e, i) => e.listUserImportJobs(i),
  StartUserImportJob: (e, i) => e.startUserImportJob(i),
  StopUserImportJob: (e, i) => e.stopUserImportJob(i),
  StartWebAuthnRegistration: (e, i) => e.startWebAuthnRegistration(i),
  CompleteWebAuthnRegistration: (e, i) => e.completeWebAuthnRegistration(i),
  ListWebAuthnCredentials: (e, i) => e.listWebAuthnCredentials(i),
  DeleteWebAuthnCredential: (e, i) => e.deleteWebAuthnCredential(i),
  TagResource: (e, i) => e.tagResource(i),
  UntagResource: (e, i) => e.untagResource(i),
  ListTagsForResource: (e, i) => e.listTagsForResource(i),
  SignUp: (e, i) => e.signUp(i),
  ConfirmSignUp: (e, i) => e.confirmSignUp(i),
  ResendConfirmationCode: (e, i) => e.resendConfirmationCode(i),
  AdminCreateUser: (e, i) => e.adminCreateUser(i),
  AdminConfirmSignUp: (e, i) => e.adminConfirmSignUp(i),
  AdminGetUser: (e, i) => e.adminGetUser(i),
  GetUser: (e, i) => e.getUser(i),
  AdminSetUserPassword: (e, i) => e.adminSetUserPassword(i),
  AdminDeleteUser: (e, i) => e.adminDeleteUser(i),
  DeleteUser: (e, i) => e.deleteUser(i),
  AdminUpdateUserAttributes: (e, i) => e.adminUpdateUserAttributes(i),
  UpdateUserAttributes: (e, i) => e.updateUserAttributes(i),
  AdminDeleteUserAttributes: (e, i) => e.adminDeleteUserAttributes(i),
  AdminDisableUser: (e, i) => e.adminDisableUser(i),
  AdminEnableUser: (e, i) => e.adminEnableUser(i),
  ListUsers: (e, i) => e.listUsers(i),
  AdminResetUserPassword: (e, i) => e.adminResetUserPassword(i),
  ForgotPassword: (e, i) => e.forgotPassword(i),
  ConfirmForgotPassword: (e, i) => e.confirmForgotPassword(i),
  ChangePassword: (e, i) => e.changePassword(i),
  GetUserAttributeVerificationCode: (e, i) => e.getUserAttributeVerificationCode(i),
  VerifyUserAttribute: (e, i) => e.verifyUserAttribute(i),
  InitiateAuth: (e, i) => e.initiateAuth(i, sourceIp.getStore()),
  AdminInitiateAuth: (e, i) => e.adminInitiateAuth(i),
  RespondToAuthChallenge: (e, i) => e.respondToAuthChallenge(i, sourceIp.getStore()),
  AdminRespondToAuthChallenge: (e, i) => e.adminRespondToAuthChallenge(i),
  GetTokensFromRefreshToken: (e, i) => e.getTokensFromRefreshToken(i),
  GlobalSignOut: (e, i) => e.globalSignOut(i),
  AdminUserGlobalSignOut: (e, i) => e.adminUserGlobalSignOut(i),
  RevokeToken: (e, i) => e.revokeToken(i),
  SetUserPoolMfaConfig: (e, i) => e.setUserPoolMfaConfig(i),
  GetUserPoolMfaConfig: (e, i) => e.getUserPoolMfaConfig(i),
  SetUserMFAPreference: (e, i) => e.setUserMFAPreference(i),
  AdminSetUserMFAPreference: (e, i) => e.adminSetUserMFAPreference(i),
  SetUserSettings: (e, i) => e.setUserSettings(i),
  AdminSetUserSettings: (e, i) => e.adminSetUserSettings(i),
  AssociateSoftwareToken: (e, i) => e.associateSoftwareToken(i),
  VerifySoftwareToken: (e, i) => e.verifySoftwareToken(i),
  ConfirmDevice: (e, i) => e.confirmDevice(i, sourceIp.getStore()),
  GetDevice: (e, i) => e.getDevice(i),
  ListDevices: (e, i) => e.listDevices(i),
  UpdateDeviceStatus: (e, i) => e.updateDeviceStatus(i),
  ForgetDevice: (e, i) => e.forgetDevice(i),
  AdminGetDevice: (e, i) => e.adminGetDevice(i),
  AdminListDevices: (e, i) => e.adminListDevices(i),
  AdminUpdateDeviceStatus: (e, i) => e.adminUpdateDeviceStatus(i),
  AdminForgetDevice: (e, i) => e.adminForgetDevice(i),
  CreateGroup: (e, i) => e.createGroup(i),
  UpdateGroup: (e, i) => e.updateGroup(i),
  GetGroup: (e, i) => e.getGroup(i),
  ListGroups: (e, i) => e.listGroups(i),
  DeleteGroup: (e, i) => e.deleteGroup(i),
  AdminAddUserToGroup: (e, i) => e.adminAddUserToGroup(i),
  AdminRemoveUserFromGroup: (e, i) => e.adminRemoveUserFromGroup(i),
  AdminListGroupsForUser: (e, i) => e.adminListGroupsForUser(i),
  ListUsersInGroup: (e, i) => e.listUsersInGroup(i),
  CreateUserPoolDomain: (e, i) => e.createUserPoolDomain(i),
  DescribeUserPoolDomain: (e, i) => e.describeUserPoolDomain(i),
  DeleteUserPoolDomain: (e, i) => e.deleteUserPoolDomain(i),
  UpdateUserPoolDomain: (e, i) => e.updateUserPoolDomain(i),
  CreateResourceServer: (e, i) => e.createResourceServer(i),
  DescribeResourceServer: (e, i) => e.describeResourceServer(i),
  ListResourceServers: (e, i) => e.listResourceServers(i),
  UpdateResourceServer: (e, i) => e.updateResourceServer(i),
  DeleteResourceServer: (e, i) => e.deleteResourceServer(i),
  CreateIdentityProvider: (e, i) => e.createIdentityProvider(i),
  DescribeIdentityProvider: (e, i) => e.describeIdentityProvider(i),
  UpdateIdentityProvider: (e, i) => e.updateIdentityProvider(i),
  ListIdentityProviders: (e, i) => e.listIdentityProviders(i),
  DeleteIdentityProvider: (e, i) => e.deleteIdentityProvider(i),
  GetIdentityProviderByIdentifier: (e, i) => e.getIdentityProviderByIdentifier(i),
  AdminLinkProviderForUser: (e, i) => e.adminLinkProviderForUser(i),
  AdminDisableProviderForUser: (e, i) => e.adminDisableProviderForUser(i),
  GetSigningCertificate: (e, i) => e.getSigningCertificate(i),
  DeleteUserAttributes: (e, i) => e.deleteUserAttributes(i),
  GetUserAuthFactors: (e, i) => e.getUserAuthFactors(i),
  SetUICustomization: (e, i) => e.setUICustomization(i),
  GetUICustomization: (e, i) => e.getUICustomization(i),
  CreateManagedLoginBranding: (e, i) => e.createManagedLoginBranding(i),
  DescribeManagedLoginBranding: (e, i) => e.describeManagedLoginBranding(i),
  DescribeManagedLoginBrandingByClient: (e, i) => e.describeManagedLoginBrandingByClient(i),
  UpdateManagedLoginBranding: (e, i) => e.updateManagedLoginBranding(i),
  DeleteManagedLoginBranding: (e, i) => e.deleteManagedLoginBranding(i),
  SetRiskConfiguration: (e, i) => e.setRiskConfiguration(i),
  DescribeRiskConfiguration: (e, i) => e.describeRiskConfiguration(i),
  SetLogDeliveryConfiguration: (e, i) => e.setLogDeliveryConfiguration(i),
  GetLogDeliveryConfiguration: (e, i) => e.getLogDeliveryConfiguration(i),
  AdminListUserAuthEvents: (e, i) => e.adminListUserAuthEvents(i),
  AdminUpdateAuthEventFeedback: (e, i) => e.adminUpdateAuthEventFeedback(i),
  UpdateAuthEventFeedback: (e, i) => e.updateAuthEventFeedback(i),
};

/**
 * The model's "^(?s)" is a Java inline flag JavaScript's RegExp refuses; it constrains nothing.
 * SmsVerificationMessageType's "\{####\}" is a search ("Your code is {####}" is accepted); AWS's
 * older models spelled it whole, ".*\{####\}.*". DomainType's pattern is a prefix domain's; a custom
 * domain ("auth.example.com", the awscli examples of create/update-user-pool-domain) has dots.
 */
const validate = cognitoValidator(cognitoIdpModel, "com.amazonaws.cognitoidentityprovider", {
  shapeOverrides: {
    SmsInviteMessageType: { pattern: undefined },
    DomainType: { pattern: "^[a-z0-9](?:[a-z0-9.\\-]{0,61}[a-z0-9])?$" },
    SmsVerificationMessageType: { pattern: ".*\\{####\\}.*" },
  },
});

/** "/<poolId>/.well-known/jwks.json" and "/<poolId>/.well-known/openid-configuration", served by GET. */
const WELL_KNOWN = /^\/([\w-]+_[0-9A-Za-z]+)\/\.well-known\/(jwks\.json|openid-configuration)$/;

/** "/<poolId>/ui/<ALL or client id>/<version>/logo": a classic hosted UI logo (GetUICustomization's ImageUrl). */
const UI_LOGO = /^\/([\w-]+_[0-9A-Za-z]+)\/ui\/([\w]+)\/\d+\/logo$/;

/**
 * GetTokensFromRefreshToken is newer than the Smithy model the project carries: its members are
 * checked here as AWS's validation would ("Value null at 'refreshToken' …").
 */
function validatorFor(action: string): ((input: Record<string, unknown>) => void) | undefined {
  if (action !== "GetTokensFromRefreshToken") return validate.forOperation(action);
  return (input) => {
    const missing = ["RefreshToken", "ClientId"].filter((m) => typeof input[m] !== "string" || input[m] === "");
    if (missing.length === 0) return;
    const details = missing.map((m) => `Value null at '${m.charAt(0).toLowerCase()}${m.slice(1)}' failed to satisfy constraint: Member must not be null`);
    throw new InvalidParameterException(`${details.length} validation error${details.length > 1 ? "s" : ""} detected: ${details.join("; ")}`);
  };
}

/** The logo's bytes as an image (PNG or JPEG, by their signature), or 404. */
function logoResponse(image: Buffer | undefined): EdgeResponse {
  if (!image) return jsonDocument(404, { message: "Not Found" });
  const type = image[0] === 0x89 && image[1] === 0x50 ? "image/png" : "image/jpeg";
  return { status: 200, headers: { "content-type": type, "access-control-allow-origin": "*" }, body: image };
}

export function createCognitoWire(engine: CognitoEngine, logger: Logger): (req: EdgeRequest) => Promise<EdgeResponse> {
  const api = createAwsJsonHandler(
    engine,
    { protocol: COGNITO_PROTOCOL, label: "Cognito", actions: ACTIONS, validatorFor, targetPrefix: TARGET_PREFIX, unknownAction: unknownActionOf(cognitoIdpModel, "Cognito user pools") },
    logger,
  );
  const hostedUi = createHostedUi(engine.ctx);
  return (req) => {
    const hosted = req.headers["x-amz-target"] === undefined ? hostedUiTarget(req) : undefined;
    if (hosted) return hostedUi(req, hosted);
    // A user import job's PreSignedUrl (curl -T users.csv …).
    const upload = req.headers["x-amz-target"] === undefined ? IMPORT_UPLOAD_PATH.exec(req.path) : null;
    if (upload) return importUpload(engine.importJobs, req, upload, () => engine.ctx.clock.now());
    const logo = req.method === "GET" ? UI_LOGO.exec(req.path) : null;
    if (logo) return Promise.resolve(logoResponse(engine.uiLogo(logo[1] ?? "", logo[2] ?? "")));
    const wellKnown = req.method === "GET" || req.method === "HEAD" ? WELL_KNOWN.exec(req.path) : null;
    if (!wellKnown) return sourceIp.run(req.sourceIp, () => api(req));
    const [, poolId, document] = wellKnown;
    const body = document === "jwks.json" ? engine.jwks(poolId) : engine.openidConfiguration(poolId);
    if (!body) return Promise.resolve(jsonDocument(404, { message: `User pool ${poolId} does not exist.` }));
    return Promise.resolve(jsonDocument(200, body));
  };
}
