/**
 * Terraform (hashicorp/aws provider, from a local mirror) declaring API Gateway and Cognito as
 * users write them, against a sandbox with no template: a REST API built resource by resource
 * (Lambda proxy, MOCK with templates, HTTP_PROXY, TOKEN and Cognito authorizers, models, request
 * validators, gateway responses, stage with access logs and method settings, API key and usage
 * plan) and one from an OpenAPI `body`; an HTTP API with a JWT authorizer on the Cognito pool, a
 * REQUEST Lambda authorizer and a `$default` stage, a quick-create HTTP API, a WebSocket API; a user
 * pool with custom attributes, clients, domain, resource server, group, user and an identity pool;
 * custom domain names with base path / API mappings.
 * apply → the deployed APIs answer (a Cognito sign-in's token opens the JWT route) → no drift →
 * an in-place update → no drift → `terraform import` of most resources (then no drift) → destroy
 * leaves nothing. The provider's own waits: ~5 s for the Lambda function to turn Active.
 */
import { createRequire } from "node:module";
import { randomBytes } from "node:crypto";
import { request } from "node:http";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as ApiGatewaySdk from "../../packages/apigateway-control/node_modules/@aws-sdk/client-api-gateway/dist-types/index.js";
import type * as ApiGatewayV2Sdk from "../../packages/apigateway-control/node_modules/@aws-sdk/client-apigatewayv2/dist-types/index.js";
import type * as CognitoSdk from "../../packages/cognito/node_modules/@aws-sdk/client-cognito-identity-provider/dist-types/index.js";
import type * as CognitoIdentitySdk from "../../packages/cognito/node_modules/@aws-sdk/client-cognito-identity/dist-types/index.js";
import { createSandbox, type RunningSandbox } from "sam-sandbox";
import { zipOf } from "../../packages/lambda/test/zips.js";
import { hasTerraform, TerraformDir, terraformSkipReason } from "../helpers/terraform.js";

// The SDK clients of the services under test are the packages' own devDependencies.
const fromApiGateway = createRequire(new URL("../../packages/apigateway-control/package.json", import.meta.url));
const fromCognito = createRequire(new URL("../../packages/cognito/package.json", import.meta.url));
const apigw = fromApiGateway("@aws-sdk/client-api-gateway") as typeof ApiGatewaySdk;
const apigwv2 = fromApiGateway("@aws-sdk/client-apigatewayv2") as typeof ApiGatewayV2Sdk;
const cognito = fromCognito("@aws-sdk/client-cognito-identity-provider") as typeof CognitoSdk;
const identity = fromCognito("@aws-sdk/client-cognito-identity") as typeof CognitoIdentitySdk;

const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const ROLE = "arn:aws:iam::000000000000:role/lambda-role";
const PASSWORD = "Passw0rdPassw0rd";

/**
 * One function for every part: the REST API's TOKEN authorizer, the HTTP API's REQUEST authorizer
 * (simple responses), the pool's pre sign-up trigger, WebSocket routes ($connect refused with
 * ?deny) and the proxy integrations, which answer what they were asked and who asked.
 */
const HANDLER = `exports.handler = async (event) => {
  if (event.triggerSource) return event;
  if (event.type === "TOKEN") {
    const effect = event.authorizationToken === "allow" ? "Allow" : "Deny";
    return { principalId: "token-user", policyDocument: { Version: "2012-10-17", Statement: [{ Action: "execute-api:Invoke", Effect: effect, Resource: event.methodArn }] } };
  }
  if (event.type === "REQUEST" && event.version === "2.0") return { isAuthorized: (event.headers || {})["x-token"] === "open" };
  const context = event.requestContext || {};
  if (context.connectionId) return { statusCode: context.eventType === "CONNECT" && (event.queryStringParameters || {}).deny ? 403 : 200 };
  const claims = (context.authorizer && context.authorizer.jwt && context.authorizer.jwt.claims) || (context.authorizer && context.authorizer.claims) || {};
  return { statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ path: event.rawPath || event.path, stage: context.stage, email: claims.email || null }) };
};
`;

interface Settings {
  description: string;
  backend: string;
  loggingLevel: string;
  quota: number;
  keyEnabled: boolean;
  validateParameters: boolean;
  minimumLength: number;
  poolEnv: string;
  accessTokenValidity: number;
  tenant: string;
  groupDescription: string;
  httpDescription: string;
  maxAge: number;
  burst: number;
  cache: boolean;
}

const V1: Settings = {
  description: "built one resource at a time", backend: "v1", loggingLevel: "INFO", quota: 1000, keyEnabled: true, validateParameters: false, minimumLength: 10,
  poolEnv: "dev", accessTokenValidity: 60, tenant: "acme", groupDescription: "administrators", httpDescription: "HTTP API", maxAge: 300, burst: 100, cache: false,
};
const V2: Settings = {
  description: "updated", backend: "v2", loggingLevel: "ERROR", quota: 2000, keyEnabled: false, validateParameters: true, minimumLength: 12,
  poolEnv: "prod", accessTokenValidity: 30, tenant: "globex", groupDescription: "admins group", httpDescription: "HTTP API v2", maxAge: 600, burst: 200, cache: true,
};

const config = (s: Settings) => `
resource "aws_lambda_function" "fn" {
  function_name    = "tf-api-fn"
  filename         = "fn.zip"
  source_code_hash = filebase64sha256("fn.zip")
  handler          = "index.handler"
  runtime          = "nodejs20.x"
  role             = "${ROLE}"
}

resource "aws_lambda_permission" "apigw" {
  statement_id  = "AllowAPIGatewayInvoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.fn.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "arn:aws:execute-api:us-east-1:000000000000:*/*"
}

resource "aws_api_gateway_account" "this" {
  cloudwatch_role_arn = "arn:aws:iam::000000000000:role/apigateway-cloudwatch"
}

# REST API, one resource at a time
resource "aws_api_gateway_rest_api" "api" {
  name        = "tf-rest"
  description = "${s.description}"
  endpoint_configuration {
    types = ["REGIONAL"]
  }
  tags = { env = "dev" }
}

resource "aws_api_gateway_resource" "items" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_rest_api.api.root_resource_id
  path_part   = "items"
}

resource "aws_api_gateway_resource" "item" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_resource.items.id
  path_part   = "{id}"
}

resource "aws_api_gateway_method" "items_get" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_resource.items.id
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "items_get" {
  rest_api_id             = aws_api_gateway_rest_api.api.id
  resource_id             = aws_api_gateway_resource.items.id
  http_method             = aws_api_gateway_method.items_get.http_method
  integration_http_method = "POST"
  type                    = "AWS_PROXY"
  uri                     = aws_lambda_function.fn.invoke_arn
}

resource "aws_api_gateway_method" "item_get" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_resource.item.id
  http_method   = "GET"
  authorization = "CUSTOM"
  authorizer_id = aws_api_gateway_authorizer.token.id
  request_parameters = {
    "method.request.path.id" = true
  }
}

resource "aws_api_gateway_integration" "item_get" {
  rest_api_id             = aws_api_gateway_rest_api.api.id
  resource_id             = aws_api_gateway_resource.item.id
  http_method             = aws_api_gateway_method.item_get.http_method
  integration_http_method = "POST"
  type                    = "AWS_PROXY"
  uri                     = aws_lambda_function.fn.invoke_arn
}

resource "aws_api_gateway_method" "mock" {
  rest_api_id          = aws_api_gateway_rest_api.api.id
  resource_id          = aws_api_gateway_rest_api.api.root_resource_id
  http_method          = "POST"
  authorization        = "NONE"
  api_key_required     = true
  request_validator_id = aws_api_gateway_request_validator.body.id
  request_models = {
    "application/json" = aws_api_gateway_model.pet.name
  }
}

resource "aws_api_gateway_integration" "mock" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = aws_api_gateway_rest_api.api.root_resource_id
  http_method = aws_api_gateway_method.mock.http_method
  type        = "MOCK"
  request_templates = {
    "application/json" = jsonencode({ statusCode = 200 })
  }
}

resource "aws_api_gateway_method_response" "mock_200" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = aws_api_gateway_rest_api.api.root_resource_id
  http_method = aws_api_gateway_method.mock.http_method
  status_code = "200"
  response_models = {
    "application/json" = "Empty"
  }
  response_parameters = {
    "method.response.header.X-Mock" = true
  }
}

resource "aws_api_gateway_integration_response" "mock_200" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = aws_api_gateway_rest_api.api.root_resource_id
  http_method = aws_api_gateway_method.mock.http_method
  status_code = aws_api_gateway_method_response.mock_200.status_code
  response_templates = {
    "application/json" = jsonencode({ mocked = true })
  }
  response_parameters = {
    "method.response.header.X-Mock" = "'yes'"
  }
  depends_on = [aws_api_gateway_integration.mock]
}

resource "aws_api_gateway_resource" "ext" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_rest_api.api.root_resource_id
  path_part   = "ext"
}

resource "aws_api_gateway_method" "ext" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_resource.ext.id
  http_method   = "ANY"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "ext" {
  rest_api_id             = aws_api_gateway_rest_api.api.id
  resource_id             = aws_api_gateway_resource.ext.id
  http_method             = aws_api_gateway_method.ext.http_method
  integration_http_method = "ANY"
  type                    = "HTTP_PROXY"
  uri                     = "https://example.com/anything"
  timeout_milliseconds    = 5000
}

resource "aws_api_gateway_model" "pet" {
  rest_api_id  = aws_api_gateway_rest_api.api.id
  name         = "Pet"
  description  = "a pet"
  content_type = "application/json"
  schema = jsonencode({
    "$schema"  = "http://json-schema.org/draft-04/schema#"
    type       = "object"
    required   = ["name"]
    properties = { name = { type = "string" } }
  })
}

resource "aws_api_gateway_request_validator" "body" {
  rest_api_id                 = aws_api_gateway_rest_api.api.id
  name                        = "body"
  validate_request_body       = true
  validate_request_parameters = ${s.validateParameters}
}

resource "aws_api_gateway_authorizer" "token" {
  name                             = "token"
  rest_api_id                      = aws_api_gateway_rest_api.api.id
  authorizer_uri                   = aws_lambda_function.fn.invoke_arn
  identity_source                  = "method.request.header.Authorization"
  authorizer_result_ttl_in_seconds = 0
}

resource "aws_api_gateway_gateway_response" "unauthorized" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  status_code   = "401"
  response_type = "UNAUTHORIZED"
  response_templates = {
    "application/json" = "{\\"message\\":$context.error.messageString}"
  }
  response_parameters = {
    "gatewayresponse.header.WWW-Authenticate" = "'Bearer'"
  }
}

resource "aws_api_gateway_deployment" "api" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  triggers = {
    redeployment = sha1(jsonencode([
      aws_api_gateway_integration.items_get.id,
      aws_api_gateway_integration.item_get.id,
      aws_api_gateway_integration.mock.id,
      aws_api_gateway_integration_response.mock_200.id,
      aws_api_gateway_integration.ext.id,
    ]))
  }
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_cloudwatch_log_group" "rest" {
  name = "/aws/apigateway/tf-rest"
}

resource "aws_api_gateway_stage" "dev" {
  deployment_id        = aws_api_gateway_deployment.api.id
  rest_api_id          = aws_api_gateway_rest_api.api.id
  stage_name           = "dev"
  xray_tracing_enabled = true
  cache_cluster_enabled = ${s.cache}
  ${s.cache ? 'cache_cluster_size    = "0.5"' : ""}
  variables = {
    backend = "${s.backend}"
  }
  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.rest.arn
    format          = jsonencode({ requestId = "$context.requestId", status = "$context.status" })
  }
  tags = { env = "dev" }
}

resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  stage_name  = aws_api_gateway_stage.dev.stage_name
  method_path = "*/*"
  settings {
    metrics_enabled        = true
    logging_level          = "${s.loggingLevel}"
    throttling_burst_limit = 100
    throttling_rate_limit  = 50
  }
}

resource "aws_api_gateway_api_key" "key" {
  name    = "tf-key"
  enabled = ${s.keyEnabled}
}

resource "aws_api_gateway_usage_plan" "plan" {
  name = "tf-plan"
  api_stages {
    api_id = aws_api_gateway_rest_api.api.id
    stage  = aws_api_gateway_stage.dev.stage_name
  }
  quota_settings {
    limit  = ${s.quota}
    period = "DAY"
  }
  throttle_settings {
    burst_limit = 10
    rate_limit  = 5
  }
}

resource "aws_api_gateway_usage_plan_key" "key" {
  key_id        = aws_api_gateway_api_key.key.id
  key_type      = "API_KEY"
  usage_plan_id = aws_api_gateway_usage_plan.plan.id
}

# REST API from an OpenAPI body, with a Cognito-protected method added beside it
resource "aws_api_gateway_rest_api" "openapi" {
  name = "tf-openapi"
  body = jsonencode({
    openapi = "3.0.1"
    info    = { title = "tf-openapi", version = "1.0" }
    paths = {
      "/hello" = {
        get = {
          "x-amazon-apigateway-integration" = {
            type                 = "AWS_PROXY"
            httpMethod           = "POST"
            uri                  = aws_lambda_function.fn.invoke_arn
            payloadFormatVersion = "1.0"
          }
        }
      }
    }
  })
  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_api_gateway_authorizer" "cognito" {
  name            = "cognito"
  type            = "COGNITO_USER_POOLS"
  rest_api_id     = aws_api_gateway_rest_api.openapi.id
  provider_arns   = [aws_cognito_user_pool.pool.arn]
  identity_source = "method.request.header.Authorization"
}

resource "aws_api_gateway_resource" "secure" {
  rest_api_id = aws_api_gateway_rest_api.openapi.id
  parent_id   = aws_api_gateway_rest_api.openapi.root_resource_id
  path_part   = "secure"
}

resource "aws_api_gateway_method" "secure" {
  rest_api_id   = aws_api_gateway_rest_api.openapi.id
  resource_id   = aws_api_gateway_resource.secure.id
  http_method   = "GET"
  authorization = "COGNITO_USER_POOLS"
  authorizer_id = aws_api_gateway_authorizer.cognito.id
}

resource "aws_api_gateway_integration" "secure" {
  rest_api_id             = aws_api_gateway_rest_api.openapi.id
  resource_id             = aws_api_gateway_resource.secure.id
  http_method             = aws_api_gateway_method.secure.http_method
  integration_http_method = "POST"
  type                    = "AWS_PROXY"
  uri                     = aws_lambda_function.fn.invoke_arn
}

resource "aws_api_gateway_deployment" "openapi" {
  rest_api_id = aws_api_gateway_rest_api.openapi.id
  triggers = {
    redeployment = sha1(jsonencode([aws_api_gateway_rest_api.openapi.body, aws_api_gateway_integration.secure.id]))
  }
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_api_gateway_stage" "openapi" {
  deployment_id = aws_api_gateway_deployment.openapi.id
  rest_api_id   = aws_api_gateway_rest_api.openapi.id
  stage_name    = "v1"
}

resource "aws_api_gateway_rest_api_policy" "openapi" {
  rest_api_id = aws_api_gateway_rest_api.openapi.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "execute-api:Invoke", Resource = "\${aws_api_gateway_rest_api.openapi.execution_arn}/*" }]
  })
}

# Custom domain names (kept, not routed by Host)
resource "aws_api_gateway_domain_name" "rest" {
  domain_name              = "rest.example.com"
  regional_certificate_arn = "arn:aws:acm:us-east-1:000000000000:certificate/rest"
  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_api_gateway_base_path_mapping" "rest" {
  api_id      = aws_api_gateway_rest_api.api.id
  stage_name  = aws_api_gateway_stage.dev.stage_name
  domain_name = aws_api_gateway_domain_name.rest.domain_name
  base_path   = "v1"
}

resource "aws_apigatewayv2_domain_name" "http" {
  domain_name = "http.example.com"
  domain_name_configuration {
    certificate_arn = "arn:aws:acm:us-east-1:000000000000:certificate/http"
    endpoint_type   = "REGIONAL"
    security_policy = "TLS_1_2"
  }
}

resource "aws_apigatewayv2_api_mapping" "http" {
  api_id      = aws_apigatewayv2_api.http.id
  domain_name = aws_apigatewayv2_domain_name.http.id
  stage       = aws_apigatewayv2_stage.default.id
}

# Cognito
resource "aws_cognito_user_pool" "pool" {
  name                     = "tf-pool"
  username_attributes      = ["email"]
  auto_verified_attributes = ["email"]
  mfa_configuration        = "OPTIONAL"
  deletion_protection      = "INACTIVE"

  password_policy {
    minimum_length                   = ${s.minimumLength}
    require_lowercase                = true
    require_numbers                  = true
    require_symbols                  = false
    require_uppercase                = true
    temporary_password_validity_days = 3
  }

  software_token_mfa_configuration {
    enabled = true
  }

  account_recovery_setting {
    recovery_mechanism {
      name     = "verified_email"
      priority = 1
    }
  }

  verification_message_template {
    default_email_option = "CONFIRM_WITH_CODE"
    email_subject        = "Your code"
    email_message        = "Your code is {####}"
  }

  admin_create_user_config {
    allow_admin_create_user_only = false
    invite_message_template {
      email_subject = "Welcome"
      email_message = "Hi {username}, your password is {####}"
      sms_message   = "Hi {username}, {####}"
    }
  }

  user_attribute_update_settings {
    attributes_require_verification_before_update = ["email"]
  }

  schema {
    name                = "email"
    attribute_data_type = "String"
    required            = true
    mutable             = true
    string_attribute_constraints {
      min_length = 5
      max_length = 254
    }
  }

  schema {
    name                     = "tenant"
    attribute_data_type      = "String"
    developer_only_attribute = false
    mutable                  = true
    required                 = false
    string_attribute_constraints {
      min_length = 1
      max_length = 64
    }
  }

  schema {
    name                = "age"
    attribute_data_type = "Number"
    mutable             = true
    number_attribute_constraints {
      min_value = 0
      max_value = 150
    }
  }

  lambda_config {
    pre_sign_up = aws_lambda_function.fn.arn
  }

  tags = { env = "${s.poolEnv}" }
}

resource "aws_cognito_user_pool_client" "web" {
  name                          = "web"
  user_pool_id                  = aws_cognito_user_pool.pool.id
  explicit_auth_flows           = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
  prevent_user_existence_errors = "ENABLED"
  enable_token_revocation       = true
  access_token_validity         = ${s.accessTokenValidity}
  id_token_validity             = 60
  refresh_token_validity        = 30
  token_validity_units {
    access_token  = "minutes"
    id_token      = "minutes"
    refresh_token = "days"
  }
  read_attributes  = ["email", "custom:tenant"]
  write_attributes = ["email", "custom:tenant"]
}

resource "aws_cognito_user_pool_client" "server" {
  name                                 = "server"
  user_pool_id                         = aws_cognito_user_pool.pool.id
  generate_secret                      = true
  allowed_oauth_flows                  = ["code"]
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_scopes                 = ["openid", "email", "\${aws_cognito_resource_server.api.identifier}/read"]
  callback_urls                        = ["https://example.com/callback"]
  logout_urls                          = ["https://example.com/logout"]
  supported_identity_providers         = ["COGNITO"]
}

resource "aws_cognito_user_pool_domain" "domain" {
  domain       = "tf-sandbox-auth"
  user_pool_id = aws_cognito_user_pool.pool.id
}

resource "aws_cognito_user_pool_ui_customization" "ui" {
  user_pool_id = aws_cognito_user_pool_domain.domain.user_pool_id
  css          = ".label-customizable {font-weight: 400;}"
}

resource "aws_cognito_resource_server" "api" {
  identifier   = "https://api.example.com"
  name         = "api"
  user_pool_id = aws_cognito_user_pool.pool.id
  scope {
    scope_name        = "read"
    scope_description = "read things"
  }
  scope {
    scope_name        = "write"
    scope_description = "write things"
  }
}

resource "aws_cognito_user_group" "admins" {
  name         = "admins"
  user_pool_id = aws_cognito_user_pool.pool.id
  description  = "${s.groupDescription}"
  precedence   = 1
  role_arn     = "arn:aws:iam::000000000000:role/admins"
}

resource "aws_cognito_user" "alice" {
  user_pool_id = aws_cognito_user_pool.pool.id
  username     = "alice@example.com"
  password     = "${PASSWORD}"
  attributes = {
    email          = "alice@example.com"
    email_verified = true
    tenant         = "${s.tenant}"
  }
}

resource "aws_cognito_user_in_group" "alice_admin" {
  user_pool_id = aws_cognito_user_pool.pool.id
  group_name   = aws_cognito_user_group.admins.name
  username     = aws_cognito_user.alice.username
}

resource "aws_cognito_identity_pool" "ids" {
  identity_pool_name               = "tf_identities"
  allow_unauthenticated_identities = true
  cognito_identity_providers {
    client_id               = aws_cognito_user_pool_client.web.id
    provider_name           = aws_cognito_user_pool.pool.endpoint
    server_side_token_check = false
  }
}

resource "aws_cognito_identity_pool_roles_attachment" "ids" {
  identity_pool_id = aws_cognito_identity_pool.ids.id
  roles = {
    authenticated   = "arn:aws:iam::000000000000:role/authenticated"
    unauthenticated = "arn:aws:iam::000000000000:role/unauthenticated"
  }
}

# HTTP API: JWT (the pool above) and REQUEST Lambda authorizers, $default stage
resource "aws_apigatewayv2_api" "http" {
  name          = "tf-http"
  protocol_type = "HTTP"
  description   = "${s.httpDescription}"
  cors_configuration {
    allow_origins = ["https://example.com"]
    allow_methods = ["GET", "POST"]
    allow_headers = ["authorization", "content-type"]
    max_age       = ${s.maxAge}
  }
  tags = { env = "dev" }
}

resource "aws_apigatewayv2_integration" "lambda" {
  api_id                 = aws_apigatewayv2_api.http.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.fn.invoke_arn
  payload_format_version = "2.0"
  timeout_milliseconds   = 10000
}

resource "aws_apigatewayv2_authorizer" "jwt" {
  api_id           = aws_apigatewayv2_api.http.id
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]
  name             = "cognito"
  jwt_configuration {
    audience = [aws_cognito_user_pool_client.web.id]
    issuer   = "https://\${aws_cognito_user_pool.pool.endpoint}"
  }
}

resource "aws_apigatewayv2_authorizer" "lambda" {
  api_id                            = aws_apigatewayv2_api.http.id
  authorizer_type                   = "REQUEST"
  authorizer_uri                    = aws_lambda_function.fn.invoke_arn
  identity_sources                  = ["$request.header.x-token"]
  name                              = "lambda"
  authorizer_payload_format_version = "2.0"
  enable_simple_responses           = true
  authorizer_result_ttl_in_seconds  = 0
}

resource "aws_apigatewayv2_route" "public" {
  api_id    = aws_apigatewayv2_api.http.id
  route_key = "GET /public"
  target    = "integrations/\${aws_apigatewayv2_integration.lambda.id}"
}

resource "aws_apigatewayv2_route" "private" {
  api_id             = aws_apigatewayv2_api.http.id
  route_key          = "GET /private"
  target             = "integrations/\${aws_apigatewayv2_integration.lambda.id}"
  authorization_type = "JWT"
  authorizer_id      = aws_apigatewayv2_authorizer.jwt.id
}

resource "aws_apigatewayv2_route" "custom" {
  api_id             = aws_apigatewayv2_api.http.id
  route_key          = "GET /custom"
  target             = "integrations/\${aws_apigatewayv2_integration.lambda.id}"
  authorization_type = "CUSTOM"
  authorizer_id      = aws_apigatewayv2_authorizer.lambda.id
}

resource "aws_cloudwatch_log_group" "http" {
  name = "/aws/apigateway/tf-http"
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "$default"
  auto_deploy = true
  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.http.arn
    format          = jsonencode({ requestId = "$context.requestId", status = "$context.status" })
  }
  default_route_settings {
    throttling_burst_limit = ${s.burst}
    throttling_rate_limit  = 50
  }
  tags = { env = "dev" }
}

resource "aws_apigatewayv2_api" "quick" {
  name          = "tf-quick"
  protocol_type = "HTTP"
  target        = aws_lambda_function.fn.arn
  route_key     = "ANY /quick"
}

# WebSocket API
resource "aws_apigatewayv2_api" "ws" {
  name                       = "tf-ws"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
}

resource "aws_apigatewayv2_integration" "ws" {
  api_id           = aws_apigatewayv2_api.ws.id
  integration_type = "AWS_PROXY"
  integration_uri  = aws_lambda_function.fn.invoke_arn
}

resource "aws_apigatewayv2_route" "connect" {
  api_id    = aws_apigatewayv2_api.ws.id
  route_key = "$connect"
  target    = "integrations/\${aws_apigatewayv2_integration.ws.id}"
}

resource "aws_apigatewayv2_route" "default" {
  api_id    = aws_apigatewayv2_api.ws.id
  route_key = "$default"
  target    = "integrations/\${aws_apigatewayv2_integration.ws.id}"
}

resource "aws_apigatewayv2_model" "message" {
  api_id       = aws_apigatewayv2_api.ws.id
  content_type = "application/json"
  name         = "Message"
  schema       = jsonencode({ "$schema" = "http://json-schema.org/draft-04/schema#", type = "object" })
}

resource "aws_apigatewayv2_integration" "ws_send" {
  api_id                        = aws_apigatewayv2_api.ws.id
  integration_type              = "AWS"
  integration_method            = "POST"
  integration_uri               = aws_lambda_function.fn.invoke_arn
  template_selection_expression = "\\\\$default"
  request_templates = {
    "$default" = "{\\"body\\": $input.body}"
  }
}

resource "aws_apigatewayv2_integration_response" "ws_send" {
  api_id                   = aws_apigatewayv2_api.ws.id
  integration_id           = aws_apigatewayv2_integration.ws_send.id
  integration_response_key = "/200/"
}

resource "aws_apigatewayv2_route" "send" {
  api_id                              = aws_apigatewayv2_api.ws.id
  route_key                           = "send"
  target                              = "integrations/\${aws_apigatewayv2_integration.ws_send.id}"
  route_response_selection_expression = "$default"
  model_selection_expression          = "$request.body.type"
  request_models = {
    "$default" = aws_apigatewayv2_model.message.name
  }
}

resource "aws_apigatewayv2_route_response" "send" {
  api_id             = aws_apigatewayv2_api.ws.id
  route_id           = aws_apigatewayv2_route.send.id
  route_response_key = "$default"
}

resource "aws_apigatewayv2_deployment" "ws" {
  api_id = aws_apigatewayv2_api.ws.id
  triggers = {
    redeployment = sha1(jsonencode([aws_apigatewayv2_route.connect.id, aws_apigatewayv2_route.default.id, aws_apigatewayv2_route.send.id, aws_apigatewayv2_integration.ws.id]))
  }
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_apigatewayv2_stage" "ws" {
  api_id        = aws_apigatewayv2_api.ws.id
  name          = "prod"
  deployment_id = aws_apigatewayv2_deployment.ws.id
}

output "rest_id" { value = aws_api_gateway_rest_api.api.id }
output "openapi_id" { value = aws_api_gateway_rest_api.openapi.id }
output "http_id" { value = aws_apigatewayv2_api.http.id }
output "http_endpoint" { value = aws_apigatewayv2_api.http.api_endpoint }
output "quick_endpoint" { value = aws_apigatewayv2_api.quick.api_endpoint }
output "ws_id" { value = aws_apigatewayv2_api.ws.id }
output "pool_id" { value = aws_cognito_user_pool.pool.id }
output "client_id" { value = aws_cognito_user_pool_client.web.id }
output "identity_pool_id" { value = aws_cognito_identity_pool.ids.id }
output "key_id" { value = aws_api_gateway_api_key.key.id }
output "plan_id" { value = aws_api_gateway_usage_plan.plan.id }
`;

/** The resources imported again after `terraform state rm`, by address → what `import` needs from the state's values. */
const IMPORTS: Record<string, (v: (address: string, attribute: string) => string) => string> = {
  "aws_api_gateway_rest_api.api": (v) => v("aws_api_gateway_rest_api.api", "id"),
  "aws_api_gateway_resource.item": (v) => `${v("aws_api_gateway_rest_api.api", "id")}/${v("aws_api_gateway_resource.item", "id")}`,
  "aws_api_gateway_method.item_get": (v) => `${v("aws_api_gateway_rest_api.api", "id")}/${v("aws_api_gateway_resource.item", "id")}/GET`,
  "aws_api_gateway_integration.item_get": (v) => `${v("aws_api_gateway_rest_api.api", "id")}/${v("aws_api_gateway_resource.item", "id")}/GET`,
  "aws_api_gateway_method_response.mock_200": (v) => `${v("aws_api_gateway_rest_api.api", "id")}/${v("aws_api_gateway_rest_api.api", "root_resource_id")}/POST/200`,
  "aws_api_gateway_integration_response.mock_200": (v) => `${v("aws_api_gateway_rest_api.api", "id")}/${v("aws_api_gateway_rest_api.api", "root_resource_id")}/POST/200`,
  "aws_api_gateway_model.pet": (v) => `${v("aws_api_gateway_rest_api.api", "id")}/Pet`,
  "aws_api_gateway_request_validator.body": (v) => `${v("aws_api_gateway_rest_api.api", "id")}/${v("aws_api_gateway_request_validator.body", "id")}`,
  "aws_api_gateway_authorizer.token": (v) => `${v("aws_api_gateway_rest_api.api", "id")}/${v("aws_api_gateway_authorizer.token", "id")}`,
  "aws_api_gateway_gateway_response.unauthorized": (v) => `${v("aws_api_gateway_rest_api.api", "id")}/UNAUTHORIZED`,
  "aws_api_gateway_stage.dev": (v) => `${v("aws_api_gateway_rest_api.api", "id")}/dev`,
  "aws_api_gateway_method_settings.all": (v) => `${v("aws_api_gateway_rest_api.api", "id")}/dev/*/*`,
  "aws_api_gateway_api_key.key": (v) => v("aws_api_gateway_api_key.key", "id"),
  "aws_api_gateway_usage_plan.plan": (v) => v("aws_api_gateway_usage_plan.plan", "id"),
  "aws_api_gateway_usage_plan_key.key": (v) => `${v("aws_api_gateway_usage_plan.plan", "id")}/${v("aws_api_gateway_api_key.key", "id")}`,
  "aws_apigatewayv2_api.http": (v) => v("aws_apigatewayv2_api.http", "id"),
  "aws_apigatewayv2_integration.lambda": (v) => `${v("aws_apigatewayv2_api.http", "id")}/${v("aws_apigatewayv2_integration.lambda", "id")}`,
  "aws_apigatewayv2_authorizer.jwt": (v) => `${v("aws_apigatewayv2_api.http", "id")}/${v("aws_apigatewayv2_authorizer.jwt", "id")}`,
  "aws_apigatewayv2_route.private": (v) => `${v("aws_apigatewayv2_api.http", "id")}/${v("aws_apigatewayv2_route.private", "id")}`,
  "aws_apigatewayv2_stage.default": (v) => `${v("aws_apigatewayv2_api.http", "id")}/$default`,
  "aws_apigatewayv2_api.ws": (v) => v("aws_apigatewayv2_api.ws", "id"),
  "aws_apigatewayv2_stage.ws": (v) => `${v("aws_apigatewayv2_api.ws", "id")}/prod`,
  "aws_cognito_user_pool.pool": (v) => v("aws_cognito_user_pool.pool", "id"),
  "aws_cognito_user_pool_client.web": (v) => `${v("aws_cognito_user_pool.pool", "id")}/${v("aws_cognito_user_pool_client.web", "id")}`,
  "aws_cognito_user_group.admins": (v) => `${v("aws_cognito_user_pool.pool", "id")}/admins`,
  "aws_cognito_resource_server.api": (v) => `${v("aws_cognito_user_pool.pool", "id")}|https://api.example.com`,
  "aws_cognito_user_pool_domain.domain": () => "tf-sandbox-auth",
  "aws_cognito_identity_pool.ids": (v) => v("aws_cognito_identity_pool.ids", "id"),
  "aws_api_gateway_domain_name.rest": () => "rest.example.com",
  "aws_api_gateway_base_path_mapping.rest": () => "rest.example.com/v1",
  "aws_apigatewayv2_domain_name.http": () => "http.example.com",
  "aws_apigatewayv2_api_mapping.http": (v) => `${v("aws_apigatewayv2_api_mapping.http", "id")}/http.example.com`,
  "aws_apigatewayv2_model.message": (v) => `${v("aws_apigatewayv2_api.ws", "id")}/${v("aws_apigatewayv2_model.message", "id")}`,
};

interface ShownState {
  values?: { root_module?: { resources?: Array<{ address: string; values: Record<string, unknown> }> } };
}

/** The status of a WebSocket opening handshake (101 when the $connect route lets the client in). */
function handshake(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { Connection: "Upgrade", Upgrade: "websocket", "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": randomBytes(16).toString("base64") } });
    req.on("upgrade", (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on("response", (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

describe.skipIf(!hasTerraform)(`terraform: API Gateway (REST, HTTP, WebSocket) and Cognito${hasTerraform ? "" : ` (skipped: ${terraformSkipReason})`}`, () => {
  let sandbox: RunningSandbox;
  let tf: TerraformDir;
  let out: Record<string, string>;
  let apiGateway: ApiGatewaySdk.APIGatewayClient;
  let apiGatewayV2: ApiGatewayV2Sdk.ApiGatewayV2Client;
  let userPools: CognitoSdk.CognitoIdentityProviderClient;
  let identityPools: CognitoIdentitySdk.CognitoIdentityClient;

  beforeAll(async () => {
    sandbox = await createSandbox({ template: false, port: 0, edgePort: 0, inMemory: true, logger: { info() {}, debug() {}, error() {}, warn() {} } });
    const clientConfig = { endpoint: sandbox.endpoint, region: "us-east-1", credentials, maxAttempts: 1 };
    apiGateway = new apigw.APIGatewayClient(clientConfig);
    apiGatewayV2 = new apigwv2.ApiGatewayV2Client(clientConfig);
    userPools = new cognito.CognitoIdentityProviderClient(clientConfig);
    identityPools = new identity.CognitoIdentityClient(clientConfig);
    tf = new TerraformDir(sandbox.endpoint);
    writeFileSync(join(tf.dir, "fn.zip"), zipOf([{ name: "index.js", data: HANDLER }]));
    tf.write(config(V1));
    await tf.init();
  }, 120_000);

  afterAll(async () => {
    tf?.remove();
    await sandbox?.stop();
  });

  const rest = (path: string, init?: RequestInit) => fetch(`${sandbox.endpoint}/restapis/${out.rest_id}/dev/_user_request_${path}`, init);
  const signIn = async () =>
    (await userPools.send(new cognito.InitiateAuthCommand({ ClientId: out.client_id, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "alice@example.com", PASSWORD } }))).AuthenticationResult?.IdToken ?? "";

  it("applies; the deployed APIs answer through the function, authorizers and Cognito", async () => {
    await tf.apply();
    out = (await tf.outputs()) as Record<string, string>;

    // REST API built resource by resource.
    expect(await (await rest("/items")).json()).toEqual({ path: "/items", stage: "dev", email: null });
    expect((await rest("/items/7", { headers: { Authorization: "allow" } })).status).toBe(200);
    expect((await rest("/items/7", { headers: { Authorization: "deny" } })).status).toBe(403);
    const key = (await apiGateway.send(new apigw.GetApiKeyCommand({ apiKey: out.key_id, includeValue: true }))).value ?? "";
    expect(key).toMatch(/^[A-Za-z0-9]{40}$/);
    const mocked = await rest("/", { method: "POST", headers: { "x-api-key": key, "content-type": "application/json" }, body: JSON.stringify({ name: "rex" }) });
    expect([mocked.status, mocked.headers.get("x-mock"), await mocked.json()]).toEqual([200, "yes", { mocked: true }]);
    const invalid = await rest("/", { method: "POST", headers: { "x-api-key": key, "content-type": "application/json" }, body: JSON.stringify({ nam: "rex" }) });
    expect([invalid.status, await invalid.json()]).toEqual([400, { message: "Invalid request body" }]);
    expect((await rest("/", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).status).toBe(403);

    // The state AWS would hold.
    const api = await apiGateway.send(new apigw.GetRestApiCommand({ restApiId: out.rest_id }));
    expect(api).toMatchObject({ name: "tf-rest", description: V1.description, endpointConfiguration: { types: ["REGIONAL"] }, tags: { env: "dev" } });
    const stage = await apiGateway.send(new apigw.GetStageCommand({ restApiId: out.rest_id, stageName: "dev" }));
    expect(stage).toMatchObject({ tracingEnabled: true, variables: { backend: "v1" }, tags: { env: "dev" } });
    expect(stage.accessLogSettings?.destinationArn).toBe("arn:aws:logs:us-east-1:000000000000:log-group:/aws/apigateway/tf-rest");
    expect(stage.methodSettings?.["*/*"]).toMatchObject({ metricsEnabled: true, loggingLevel: "INFO", throttlingBurstLimit: 100, throttlingRateLimit: 50 });
    expect((await apiGateway.send(new apigw.GetUsagePlanCommand({ usagePlanId: out.plan_id }))).quota).toMatchObject({ limit: 1000, period: "DAY" });
    expect((await apiGateway.send(new apigw.GetAccountCommand({}))).cloudwatchRoleArn).toBe("arn:aws:iam::000000000000:role/apigateway-cloudwatch");

    // Cognito: the pool as declared, and a sign-in with the user Terraform created.
    const pool = (await userPools.send(new cognito.DescribeUserPoolCommand({ UserPoolId: out.pool_id }))).UserPool;
    expect(pool?.Policies?.PasswordPolicy).toMatchObject({ MinimumLength: 10, RequireSymbols: false, RequireUppercase: true, TemporaryPasswordValidityDays: 3 });
    expect(pool?.SchemaAttributes?.find((a) => a.Name === "custom:tenant")?.StringAttributeConstraints).toEqual({ MinLength: "1", MaxLength: "64" });
    expect(pool?.MfaConfiguration).toBe("OPTIONAL");
    const user = await userPools.send(new cognito.AdminGetUserCommand({ UserPoolId: out.pool_id, Username: "alice@example.com" }));
    expect(user.UserAttributes?.find((a) => a.Name === "custom:tenant")?.Value).toBe("acme");
    expect((await userPools.send(new cognito.AdminListGroupsForUserCommand({ UserPoolId: out.pool_id, Username: "alice@example.com" }))).Groups?.map((g) => g.GroupName)).toEqual(["admins"]);
    expect((await identityPools.send(new identity.GetIdentityPoolRolesCommand({ IdentityPoolId: out.identity_pool_id }))).Roles).toEqual({
      authenticated: "arn:aws:iam::000000000000:role/authenticated", unauthenticated: "arn:aws:iam::000000000000:role/unauthenticated",
    });
    const token = await signIn();

    // HTTP API: public, JWT (the pool's id token) and REQUEST Lambda routes; quick create.
    expect(await (await fetch(`${out.http_endpoint}/public`)).json()).toEqual({ path: "/public", stage: "$default", email: null });
    expect((await fetch(`${out.http_endpoint}/private`)).status).toBe(401);
    expect(await (await fetch(`${out.http_endpoint}/private`, { headers: { Authorization: `Bearer ${token}` } })).json()).toMatchObject({ email: "alice@example.com" });
    expect((await fetch(`${out.http_endpoint}/custom`, { headers: { "x-token": "open" } })).status).toBe(200);
    expect((await fetch(`${out.http_endpoint}/custom`, { headers: { "x-token": "shut" } })).status).toBe(403);
    expect((await fetch(`${out.quick_endpoint}/quick`)).status).toBe(200);
    expect((await apiGatewayV2.send(new apigwv2.GetApiCommand({ ApiId: out.http_id }))).CorsConfiguration).toMatchObject({ AllowOrigins: ["https://example.com"], MaxAge: 300 });

    // REST API from OpenAPI, with the Cognito user pool authorizer beside it.
    const openapi = `${sandbox.endpoint}/restapis/${out.openapi_id}/v1/_user_request_`;
    expect(await (await fetch(`${openapi}/hello`)).json()).toEqual({ path: "/hello", stage: "v1", email: null });
    expect((await fetch(`${openapi}/secure`)).status).toBe(401);
    expect(await (await fetch(`${openapi}/secure`, { headers: { Authorization: token } })).json()).toMatchObject({ email: "alice@example.com" });

    // Custom domain names, one set for both control planes.
    expect((await apiGateway.send(new apigw.GetBasePathMappingsCommand({ domainName: "rest.example.com" }))).items).toEqual([{ basePath: "v1", restApiId: out.rest_id, stage: "dev" }]);
    expect((await apiGatewayV2.send(new apigwv2.GetApiMappingsCommand({ DomainName: "http.example.com" }))).Items?.[0]).toMatchObject({ ApiId: out.http_id, Stage: "$default" });
    expect((await apiGateway.send(new apigw.GetDomainNamesCommand({}))).items?.map((d) => d.domainName).sort()).toEqual(["http.example.com", "rest.example.com"]);

    // WebSocket: $connect runs the function, which lets the client in or not.
    expect(await handshake(`${sandbox.endpoint}/_aws/execute-api/${out.ws_id}/prod`)).toBe(101);
    expect(await handshake(`${sandbox.endpoint}/_aws/execute-api/${out.ws_id}/prod?deny=1`)).toBe(403);

    expect(await tf.drift()).toBe("");
  }, 120_000);

  it("updates arguments in place and finds no drift after", async () => {
    tf.write(config(V2));
    const applied = await tf.apply();
    expect(applied).toMatch(/Resources: 0 added, \d+ changed, 0 destroyed/);
    expect(await tf.drift()).toBe("");
    expect(await apiGateway.send(new apigw.GetStageCommand({ restApiId: out.rest_id, stageName: "dev" }))).toMatchObject({
      variables: { backend: "v2" }, cacheClusterEnabled: true, cacheClusterSize: "0.5", cacheClusterStatus: "AVAILABLE",
    });
    expect((await apiGateway.send(new apigw.GetRequestValidatorsCommand({ restApiId: out.rest_id }))).items?.[0]).toMatchObject({ validateRequestParameters: true });
    const pool = (await userPools.send(new cognito.DescribeUserPoolCommand({ UserPoolId: out.pool_id }))).UserPool;
    expect([pool?.Policies?.PasswordPolicy?.MinimumLength, pool?.UserPoolTags]).toEqual([12, { env: "prod" }]);
    const user = await userPools.send(new cognito.AdminGetUserCommand({ UserPoolId: out.pool_id, Username: "alice@example.com" }));
    expect(user.UserAttributes?.find((a) => a.Name === "custom:tenant")?.Value).toBe("globex");
    // The key is disabled now: the plan's stage refuses it.
    const key = (await apiGateway.send(new apigw.GetApiKeyCommand({ apiKey: out.key_id, includeValue: true }))).value ?? "";
    expect((await rest("/", { method: "POST", headers: { "x-api-key": key, "content-type": "application/json" }, body: JSON.stringify({ name: "rex" }) })).status).toBe(403);
  }, 120_000);

  it("imports what `terraform state rm` forgot, with nothing to change after", async () => {
    const shown = JSON.parse(await tf.ok("show", "-json")) as ShownState;
    const resources = shown.values?.root_module?.resources ?? [];
    const value = (address: string, attribute: string) => String(resources.find((r) => r.address === address)?.values[attribute] ?? "");
    const blocks = Object.entries(IMPORTS).map(([address, id]) => `import {\n  to = ${address}\n  id = ${JSON.stringify(id(value))}\n}\n`);
    await tf.ok("state", "rm", "-no-color", ...Object.keys(IMPORTS));
    writeFileSync(join(tf.dir, "imports.tf"), blocks.join(""));
    expect(await tf.apply()).toContain(`Resources: ${Object.keys(IMPORTS).length} imported, 0 added, 0 changed, 0 destroyed.`);
    expect(await tf.drift()).toBe("");
  }, 120_000);

  it("destroys everything it made", async () => {
    await tf.destroy();
    expect((await apiGateway.send(new apigw.GetRestApisCommand({}))).items).toEqual([]);
    expect((await apiGateway.send(new apigw.GetApiKeysCommand({}))).items).toEqual([]);
    expect((await apiGateway.send(new apigw.GetUsagePlansCommand({}))).items).toEqual([]);
    expect((await apiGatewayV2.send(new apigwv2.GetApisCommand({}))).Items).toEqual([]);
    expect((await apiGateway.send(new apigw.GetDomainNamesCommand({}))).items).toEqual([]);
    expect((await userPools.send(new cognito.ListUserPoolsCommand({ MaxResults: 10 }))).UserPools).toEqual([]);
    expect((await identityPools.send(new identity.ListIdentityPoolsCommand({ MaxResults: 10 }))).IdentityPools).toEqual([]);
  }, 120_000);
});
