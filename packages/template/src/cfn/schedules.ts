/**
 * AWS::Scheduler::Schedule resources written out in the template (rather than as a SAM
 * `ScheduleV2` event): a schedule whose Target is a function or a state machine of the
 * template runs like that event would, on the owner's `schedules`. One with another kind of
 * target (a queue, a topic, a bus, a universal target) is created through the Scheduler API
 * by packages/sandbox (schedulerResources.ts) from AppModel.resources.
 */
import type { FunctionIndex } from "../apis/functionIndex.js";
import type { StateMachineIndex } from "../apis/stateMachineIndex.js";
import { templateError } from "../errors.js";
import type { ResolvedResource } from "../model.js";
import { keyLineOf } from "../parse/located.js";
import { scheduleSpec } from "../sam/schedules.js";
import type { Stack } from "../stack.js";
import { isRecord } from "../util.js";

export const SCHEDULE_TYPE = "AWS::Scheduler::Schedule";

export function cfnSchedules(stack: Stack, resources: ResolvedResource[], functions: FunctionIndex, machines: StateMachineIndex): void {
  for (const resource of resources.filter((r) => r.type === SCHEDULE_TYPE)) {
    const props = resource.properties;
    const where = { file: stack.info.file, line: resource.line };
    const target = isRecord(props.Target) ? props.Target : undefined;
    for (const key of ["ScheduleExpression", "FlexibleTimeWindow", "Target"]) {
      // CloudFormation's resource schema check, in its words.
      if (props[key] === undefined) {
        throw templateError(`Properties validation failed for resource ${resource.logicalId} with message: #: required key [${key}] not found`, where);
      }
    }
    const fn = functions.find(target?.Arn);
    const machine = fn ? undefined : machines.find(target?.Arn);
    if (!fn && !machine && !isFunctionOrStateMachineArn(target?.Arn)) continue;
    if (!fn && !machine) {
      stack.warnings.add(`${SCHEDULE_TYPE} ${resource.logicalId} targets ${String(target?.Arn)}, which is not a function or state machine of this template; not emulated, skipped`);
      continue;
    }
    // Without Name, CloudFormation generates one from the stack and logical id (scheduleSpec's OmitName).
    const spec = scheduleSpec(stack, "ScheduleV2", {
      ScheduleExpression: props.ScheduleExpression,
      ...(props.Name !== undefined ? { Name: props.Name } : { OmitName: true }),
      ...(props.Description !== undefined ? { Description: props.Description } : {}),
      ...(props.ScheduleExpressionTimezone !== undefined ? { ScheduleExpressionTimezone: props.ScheduleExpressionTimezone } : {}),
      ...(props.State !== undefined ? { State: props.State } : {}),
      ...(target?.Input !== undefined ? { Input: target.Input } : {}),
    }, "", resource.logicalId, { ...where, line: keyLineOf(props, "ScheduleExpression") ?? resource.line });
    (fn ?? machine)?.schedules.push(spec);
  }
}

/** A Lambda function's or a state machine's ARN: such a target outside the template is not reached. */
function isFunctionOrStateMachineArn(arn: unknown): boolean {
  const service = typeof arn === "string" ? arn.split(":")[2] : undefined;
  return service === "lambda" || service === "states" || typeof arn !== "string";
}
