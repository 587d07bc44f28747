/** User import jobs' errors (the user pools' own are in ../../errors.ts). */
import { CognitoError, ResourceNotFoundException } from "../../errors.js";

/**
 * Start or stop of a job not in a state for it, a pool that auto-verifies nothing. AWS's texts for
 * these are nowhere quoted; the API reference's description of the exception stands in (as
 * DeviceKeyExistsException's does).
 */
export class PreconditionNotMetException extends CognitoError {
  constructor(message = "This exception is thrown when a precondition is not met.") {
    super("PreconditionNotMetException", message);
  }
}

/** A JobId the pool has no job for (no AWS text quoted anywhere: the pool's own text's shape). */
export const jobNotFound = (jobId: string) => new ResourceNotFoundException(`Job ${jobId} does not exist.`);
