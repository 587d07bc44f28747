/**
 * CloudWatch's errors with AWS's texts. Sources: localstack's CloudWatch snapshot tests
 * recorded on AWS (tests/aws/services/cloudwatch/test_cloudwatch.snapshot.json: ValidationError
 * texts, SetAlarmState's bare ResourceNotFound) and the PutMetricData / GetMetricStatistics
 * texts moto and localstack copy from AWS.
 */
import { AwsError } from "@sam-sandbox/core";

const err = (code: string, message: string, status = 400) => new AwsError(code, message, status);

/** Request validation (the model's constraints, and the checks AWS words the same way). */
export const validationError = (message: string) => err("ValidationError", message);
export const invalidParameterValue = (message: string) => err("InvalidParameterValue", message);
export const invalidParameterCombination = (message: string) => err("InvalidParameterCombination", message);
export const missingParameter = (message: string) => err("MissingParameter", message);
/** SetAlarmState of an unknown alarm: 404 with no message (recorded on AWS). */
export const alarmNotFound = () => err("ResourceNotFound", "", 404);
export const resourceNotFoundException = (message: string) => err("ResourceNotFoundException", message, 404);
/** GetDashboard / DeleteDashboards of a dashboard CloudWatch does not have (DashboardNotFoundError, Query code ResourceNotFound). */
export const dashboardNotFound = (message: string) => err("ResourceNotFound", message, 404);
/** PutDashboard of a body that is no JSON object (DashboardInvalidInputError, Query code InvalidParameterInput). */
export const dashboardInvalidInput = (message: string) => err("InvalidParameterInput", message);
export const invalidNextToken = () => err("InvalidNextToken", "The service cannot process the NextToken.");
export const invalidFormat = (message: string) => err("InvalidFormat", message);
export const limitExceeded = (message: string) => err("LimitExceeded", message);
/**
 * A request past the size limit: 413, "Request size 45305 exceeded 40960 bytes" as AWS answered it
 * (aws/aws-sdk-go#4441, micrometer#2302). A gzip body is not inflated past MAX_INFLATED_BYTES, so
 * its size is then unknown and left out of the text.
 */
export const requestEntityTooLarge = (size: number | undefined, limit: number) =>
  err("RequestEntityTooLarge", size === undefined ? `Request size exceeded ${limit} bytes` : `Request size ${size} exceeded ${limit} bytes`, 413);
export const notEmulated = (action: string) => err("UnsupportedOperation", `The sandbox does not emulate the CloudWatch action ${action}.`);
