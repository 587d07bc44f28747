import { AwsError } from "@sam-sandbox/core";

/**
 * Amazon SES's errors. Codes are the v1 model's shape names (the Query wire answers each with its
 * awsQuery code: "TemplateDoesNotExist", "AlreadyExists", …); SESv2 answers the same failure with
 * its own code and status (toV2Error). Texts as AWS answers them: recorded by LocalStack's
 * snapshot tests against AWS (configuration sets, message tags) and quoted in AWS's SES developer
 * guide and users' reports (MessageRejected, TemplateDoesNotExist, rendering failures).
 */
export class MessageRejected extends AwsError {
  constructor(message: string) {
    super("MessageRejected", message, 400);
  }
}

export class TemplateDoesNotExistException extends AwsError {
  constructor(name: string) {
    super("TemplateDoesNotExistException", `Template ${name} does not exist.`, 400);
  }
}

export class AlreadyExistsException extends AwsError {
  constructor(message: string) {
    super("AlreadyExistsException", message, 400);
  }
}

export class ConfigurationSetDoesNotExistException extends AwsError {
  constructor(name: string) {
    super("ConfigurationSetDoesNotExistException", `Configuration set <${name}> does not exist.`, 400);
  }
}

export class ConfigurationSetAlreadyExistsException extends AwsError {
  constructor(name: string) {
    super("ConfigurationSetAlreadyExistsException", `Configuration set <${name}> already exists.`, 400);
  }
}

/** Recorded on AWS (localstack's test_deleting_non_existent_configuration_set_event_destination): the set's name, no brackets. */
export class EventDestinationDoesNotExistException extends AwsError {
  constructor(configurationSetName: string) {
    super("EventDestinationDoesNotExistException", `No EventDestination found for ${configurationSetName}`, 400);
  }
}

/** No AWS recording of this text was found: worded as the recorded configuration set texts are. */
export class EventDestinationAlreadyExistsException extends AwsError {
  constructor(name: string) {
    super("EventDestinationAlreadyExistsException", `Event destination <${name}> already exists.`, 400);
  }
}

/** Recorded on AWS (localstack's test_cannot_create_event_for_no_topic). */
export class InvalidSNSDestinationException extends AwsError {
  constructor(topicArn: string) {
    super("InvalidSNSDestinationException", `SNS topic <${topicArn}> not found.`, 400);
  }
}

export class MissingRenderingAttributeException extends AwsError {
  constructor(attribute: string) {
    // The text SES gives a Rendering Failure event ("Attribute 'x' is not present in the rendering data.").
    super("MissingRenderingAttributeException", `Attribute '${attribute}' is not present in the rendering data.`, 400);
  }
}

export class InvalidRenderingParameterException extends AwsError {
  constructor(message: string) {
    super("InvalidRenderingParameterException", message, 400);
  }
}

/** A common Query error (not in the model): a member's value SES refuses. */
export class InvalidParameterValue extends AwsError {
  constructor(message: string) {
    super("InvalidParameterValue", message, 400);
  }
}

/** SESv2's NotFoundException (404), for identities it names in its own words. */
export class NotFoundException extends AwsError {
  constructor(message: string) {
    super("NotFoundException", message, 404);
  }
}

// AWS's texts, in one place.
/** SES developer guide, "Amazon SES API sending errors"; the region upper-cased as AWS prints it. */
export const notVerified = (region: string, identities: string[]) =>
  new MessageRejected(`Email address is not verified. The following identities failed the check in region ${region.toUpperCase()}: ${identities.join(", ")}`);
/** An address with no domain part (SES: "Missing final '@domain'"). */
export const missingDomain = () => new InvalidParameterValue("Missing final '@domain'");
/** More than MAX_RECIPIENTS addresses (AWS's text, as the SDKs report it: "Recipient count exceeds 50."). */
export const tooManyRecipients = (max: number) => new InvalidParameterValue(`Recipient count exceeds ${max}.`);
/** A raw message with neither Source nor a From header. */
export const missingFrom = () => new InvalidParameterValue("Missing required header 'From'.");
export const templateExists = (name: string) => new AlreadyExistsException(`Template ${name} already exists.`);
/** SESv2 CreateEmailIdentity of an identity it has ("Email identity example.com already exist.", as AWS words it). */
export const identityExists = (name: string) => new AlreadyExistsException(`Email identity ${name} already exist.`);
export const identityNotFound = (name: string) => new NotFoundException(`Identity ${name} does not exist.`);
export const emailIdentityNotFound = (name: string) => new NotFoundException(`Email identity ${name} does not exist.`);
/** TemplateData that is no JSON object (v1's text as SDK users report it; v2 words it as toV2Error does). */
export class TemplateDataInvalid extends InvalidParameterValue {
  constructor() {
    super("The template data is invalid");
  }
}

/**
 * The same failure as SESv2 reports it: its model's codes (NotFoundException 404,
 * AlreadyExistsException, BadRequestException, MessageRejected), the text unchanged.
 */
export function toV2Error(error: AwsError): AwsError {
  if (error instanceof TemplateDataInvalid) return new AwsError("BadRequestException", "Unable to parse template data (invalid JSON).", 400);
  switch (error.code) {
    case "TemplateDoesNotExistException":
    case "ConfigurationSetDoesNotExistException":
    case "EventDestinationDoesNotExistException":
      return new AwsError("NotFoundException", error.message, 404);
    case "ConfigurationSetAlreadyExistsException":
    case "EventDestinationAlreadyExistsException":
      return new AwsError("AlreadyExistsException", error.message, 400);
    case "InvalidParameterValue":
    case "MissingRenderingAttributeException":
    case "InvalidRenderingParameterException":
    case "InvalidTemplateException":
    case "ValidationError":
    case "InvalidSNSDestinationException":
      return new AwsError("BadRequestException", error.message, 400);
    default:
      return error;
  }
}
