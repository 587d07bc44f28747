/**
 * The EventBridge Scheduler API (2021-06-30) as core's validator reads a model: operations,
 * HTTP bindings and the constraints of the members the sandbox reads. Transcribed by hand from
 * AWS's model (botocore/data/scheduler/2021-06-30/service-2.json) — ../shared/aws-models has no
 * Scheduler model for tools/gen-models.mjs to generate from. Templated-target parameters the
 * sandbox does not use (ECS, Kinesis, SageMaker…) are left out: they pass unchecked.
 */
import type { ServiceModel, ShapeModel } from "@sam-sandbox/core";

const NAME = { type: "string", length: { min: 1, max: 64 }, pattern: "^[0-9a-zA-Z-_.]+$" } as const;
const SCHEDULE_INPUT: ShapeModel = {
  type: "structure",
  members: {
    ActionAfterCompletion: { target: "ActionAfterCompletion" },
    ClientToken: { target: "ClientToken" },
    Description: { target: "Description" },
    EndDate: { target: "Timestamp" },
    FlexibleTimeWindow: { target: "FlexibleTimeWindow", required: true },
    GroupName: { target: "ScheduleGroupName" },
    KmsKeyArn: { target: "KmsKeyArn" },
    Name: { target: "Name", required: true, label: true },
    ScheduleExpression: { target: "ScheduleExpression", required: true },
    ScheduleExpressionTimezone: { target: "ScheduleExpressionTimezone" },
    StartDate: { target: "Timestamp" },
    State: { target: "ScheduleState" },
    Target: { target: "Target", required: true },
  },
};

/** GetScheduleGroup's output and ListScheduleGroups' summaries. */
const SCHEDULE_GROUP_MEMBERS: ShapeModel["members"] = {
  Arn: { target: "ScheduleGroupArn" },
  CreationDate: { target: "Timestamp" },
  LastModificationDate: { target: "Timestamp" },
  Name: { target: "ScheduleGroupName" },
  State: { target: "ScheduleGroupState" },
};

const ERRORS = ["ConflictException", "InternalServerException", "ResourceNotFoundException", "ThrottlingException", "ValidationException"];

export const schedulerModel: ServiceModel = {
  service: { id: "AWSChronosService", sdkId: "Scheduler", version: "2021-06-30", protocol: "restJson1", signingName: "scheduler", endpointPrefix: "scheduler" },
  operations: {
    CreateSchedule: { input: "CreateScheduleInput", output: "CreateScheduleOutput", errors: ERRORS, http: { method: "POST", uri: "/schedules/{Name}", code: 200 } },
    GetSchedule: { input: "GetScheduleInput", output: "GetScheduleOutput", errors: ERRORS, http: { method: "GET", uri: "/schedules/{Name}", code: 200 } },
    UpdateSchedule: { input: "UpdateScheduleInput", output: "UpdateScheduleOutput", errors: ERRORS, http: { method: "PUT", uri: "/schedules/{Name}", code: 200 } },
    DeleteSchedule: { input: "DeleteScheduleInput", output: "DeleteScheduleOutput", errors: ERRORS, http: { method: "DELETE", uri: "/schedules/{Name}", code: 200 } },
    ListSchedules: { input: "ListSchedulesInput", output: "ListSchedulesOutput", errors: ERRORS, http: { method: "GET", uri: "/schedules", code: 200 } },
    CreateScheduleGroup: { input: "CreateScheduleGroupInput", output: "CreateScheduleGroupOutput", errors: ERRORS, http: { method: "POST", uri: "/schedule-groups/{Name}", code: 200 } },
    GetScheduleGroup: { input: "GetScheduleGroupInput", output: "GetScheduleGroupOutput", errors: ERRORS, http: { method: "GET", uri: "/schedule-groups/{Name}", code: 200 } },
    DeleteScheduleGroup: { input: "DeleteScheduleGroupInput", output: "DeleteScheduleGroupOutput", errors: ERRORS, http: { method: "DELETE", uri: "/schedule-groups/{Name}", code: 200 } },
    ListScheduleGroups: { input: "ListScheduleGroupsInput", output: "ListScheduleGroupsOutput", errors: ERRORS, http: { method: "GET", uri: "/schedule-groups", code: 200 } },
    TagResource: { input: "TagResourceInput", output: "TagResourceOutput", errors: ERRORS, http: { method: "POST", uri: "/tags/{ResourceArn}", code: 200 } },
    UntagResource: { input: "UntagResourceInput", output: "UntagResourceOutput", errors: ERRORS, http: { method: "DELETE", uri: "/tags/{ResourceArn}", code: 200 } },
    ListTagsForResource: { input: "ListTagsForResourceInput", output: "ListTagsForResourceOutput", errors: ERRORS, http: { method: "GET", uri: "/tags/{ResourceArn}", code: 200 } },
  },
  shapes: {
    CreateScheduleInput: SCHEDULE_INPUT,
    CreateScheduleOutput: { type: "structure", members: { ScheduleArn: { target: "ScheduleArn", required: true } } },
    // UpdateSchedule takes CreateSchedule's members, required the same way.
    UpdateScheduleInput: SCHEDULE_INPUT,
    UpdateScheduleOutput: { type: "structure", members: { ScheduleArn: { target: "ScheduleArn", required: true } } },
    GetScheduleInput: { type: "structure", members: { GroupName: { target: "ScheduleGroupName", query: "groupName" }, Name: { target: "Name", required: true, label: true } } },
    GetScheduleOutput: {
      type: "structure",
      members: {
        ActionAfterCompletion: { target: "ActionAfterCompletion" },
        Arn: { target: "ScheduleArn" },
        CreationDate: { target: "Timestamp" },
        Description: { target: "Description" },
        EndDate: { target: "Timestamp" },
        FlexibleTimeWindow: { target: "FlexibleTimeWindow" },
        GroupName: { target: "ScheduleGroupName" },
        KmsKeyArn: { target: "KmsKeyArn" },
        LastModificationDate: { target: "Timestamp" },
        Name: { target: "Name" },
        ScheduleExpression: { target: "ScheduleExpression" },
        ScheduleExpressionTimezone: { target: "ScheduleExpressionTimezone" },
        StartDate: { target: "Timestamp" },
        State: { target: "ScheduleState" },
        Target: { target: "Target" },
      },
    },
    DeleteScheduleInput: {
      type: "structure",
      members: { ClientToken: { target: "ClientToken", query: "clientToken" }, GroupName: { target: "ScheduleGroupName", query: "groupName" }, Name: { target: "Name", required: true, label: true } },
    },
    DeleteScheduleOutput: { type: "structure", members: {} },
    ListSchedulesInput: {
      type: "structure",
      members: {
        GroupName: { target: "ScheduleGroupName", query: "ScheduleGroup" },
        MaxResults: { target: "MaxResults", query: "MaxResults" },
        NamePrefix: { target: "NamePrefix", query: "NamePrefix" },
        NextToken: { target: "NextToken", query: "NextToken" },
        State: { target: "ScheduleState", query: "State" },
      },
    },
    ListSchedulesOutput: { type: "structure", members: { NextToken: { target: "NextToken" }, Schedules: { target: "ScheduleList", required: true } } },
    ScheduleList: { type: "list", member: "ScheduleSummary" },
    ScheduleSummary: {
      type: "structure",
      members: {
        Arn: { target: "ScheduleArn" },
        CreationDate: { target: "Timestamp" },
        GroupName: { target: "ScheduleGroupName" },
        LastModificationDate: { target: "Timestamp" },
        Name: { target: "Name" },
        State: { target: "ScheduleState" },
        Target: { target: "TargetSummary" },
      },
    },
    TargetSummary: { type: "structure", members: { Arn: { target: "TargetArn", required: true } } },
    CreateScheduleGroupInput: {
      type: "structure",
      members: { ClientToken: { target: "ClientToken" }, Name: { target: "ScheduleGroupName", required: true, label: true }, Tags: { target: "TagList" } },
    },
    CreateScheduleGroupOutput: { type: "structure", members: { ScheduleGroupArn: { target: "ScheduleGroupArn", required: true } } },
    GetScheduleGroupInput: { type: "structure", members: { Name: { target: "ScheduleGroupName", required: true, label: true } } },
    GetScheduleGroupOutput: { type: "structure", members: SCHEDULE_GROUP_MEMBERS },
    DeleteScheduleGroupInput: {
      type: "structure",
      members: { ClientToken: { target: "ClientToken", query: "clientToken" }, Name: { target: "ScheduleGroupName", required: true, label: true } },
    },
    DeleteScheduleGroupOutput: { type: "structure", members: {} },
    ListScheduleGroupsInput: {
      type: "structure",
      members: {
        MaxResults: { target: "MaxResults", query: "MaxResults" },
        NamePrefix: { target: "ScheduleGroupNamePrefix", query: "NamePrefix" },
        NextToken: { target: "NextToken", query: "NextToken" },
      },
    },
    ListScheduleGroupsOutput: { type: "structure", members: { NextToken: { target: "NextToken" }, ScheduleGroups: { target: "ScheduleGroupList", required: true } } },
    ScheduleGroupList: { type: "list", member: "ScheduleGroupSummary" },
    ScheduleGroupSummary: { type: "structure", members: SCHEDULE_GROUP_MEMBERS },
    ScheduleGroupArn: { type: "string" },
    ScheduleGroupState: { type: "enum", values: ["ACTIVE", "DELETING"] },
    TagResourceInput: { type: "structure", members: { ResourceArn: { target: "TagResourceArn", required: true, label: true }, Tags: { target: "TagList", required: true } } },
    TagResourceOutput: { type: "structure", members: {} },
    UntagResourceInput: {
      type: "structure",
      members: { ResourceArn: { target: "TagResourceArn", required: true, label: true }, TagKeys: { target: "TagKeyList", required: true, query: "TagKeys" } },
    },
    UntagResourceOutput: { type: "structure", members: {} },
    ListTagsForResourceInput: { type: "structure", members: { ResourceArn: { target: "TagResourceArn", required: true, label: true } } },
    ListTagsForResourceOutput: { type: "structure", members: { Tags: { target: "TagList" } } },

    ActionAfterCompletion: { type: "enum", values: ["NONE", "DELETE"] },
    ClientToken: { type: "string", length: { min: 1, max: 64 }, pattern: "^[a-zA-Z0-9-_]+$" },
    Description: { type: "string", length: { min: 0, max: 512 } },
    FlexibleTimeWindow: { type: "structure", members: { MaximumWindowInMinutes: { target: "MaximumWindowInMinutes" }, Mode: { target: "FlexibleTimeWindowMode", required: true } } },
    FlexibleTimeWindowMode: { type: "enum", values: ["OFF", "FLEXIBLE"] },
    KmsKeyArn: { type: "string", length: { min: 1, max: 2048 }, pattern: "^arn:aws(-[a-z]+)?:kms:[a-z0-9\\-]+:\\d{12}:(key|alias)\\/[0-9a-zA-Z-_]*$" },
    MaxResults: { type: "integer", range: { min: 1, max: 100 } },
    MaximumEventAgeInSeconds: { type: "integer", range: { min: 60, max: 86400 } },
    MaximumRetryAttempts: { type: "integer", range: { min: 0, max: 185 } },
    MaximumWindowInMinutes: { type: "integer", range: { min: 1, max: 1440 } },
    Name: NAME,
    NamePrefix: NAME,
    NextToken: { type: "string", length: { min: 1, max: 2048 } },
    RetryPolicy: {
      type: "structure",
      members: { MaximumEventAgeInSeconds: { target: "MaximumEventAgeInSeconds" }, MaximumRetryAttempts: { target: "MaximumRetryAttempts" } },
    },
    RoleArn: { type: "string", length: { min: 1, max: 1600 }, pattern: "^arn:aws(-[a-z]+)?:iam::\\d{12}:role\\/[\\w+=,.@\\/-]+$" },
    ScheduleArn: { type: "string" },
    ScheduleExpression: { type: "string", length: { min: 1, max: 256 } },
    ScheduleExpressionTimezone: { type: "string", length: { min: 1, max: 50 } },
    ScheduleGroupName: NAME,
    ScheduleGroupNamePrefix: NAME,
    ScheduleState: { type: "enum", values: ["ENABLED", "DISABLED"] },
    SqsParameters: { type: "structure", members: { MessageGroupId: { target: "MessageGroupId" } } },
    MessageGroupId: { type: "string", length: { min: 1, max: 128 } },
    DeadLetterConfig: { type: "structure", members: { Arn: { target: "DeadLetterConfigArnString" } } },
    DeadLetterConfigArnString: { type: "string", length: { min: 1, max: 1600 }, pattern: "^arn:aws(-[a-z]+)?:sqs:[a-z0-9\\-]+:\\d{12}:[a-zA-Z0-9\\-_]+$" },
    Tag: { type: "structure", members: { Key: { target: "TagKey", required: true }, Value: { target: "TagValue", required: true } } },
    TagKey: { type: "string", length: { min: 1, max: 128 } },
    TagKeyList: { type: "list", member: "TagKey", length: { min: 0, max: 200 } },
    TagList: { type: "list", member: "Tag", length: { min: 0, max: 200 } },
    TagResourceArn: { type: "string", length: { min: 1, max: 1011 }, pattern: "^arn:aws(-[a-z]+)?:scheduler:[a-z0-9\\-]+:\\d{12}:schedule-group\\/[0-9a-zA-Z-_.]+$" },
    TagValue: { type: "string", length: { min: 1, max: 256 } },
    Target: {
      type: "structure",
      members: {
        Arn: { target: "TargetArn", required: true },
        DeadLetterConfig: { target: "DeadLetterConfig" },
        EventBridgeParameters: { target: "EventBridgeParameters" },
        Input: { target: "TargetInput" },
        RetryPolicy: { target: "RetryPolicy" },
        RoleArn: { target: "RoleArn", required: true },
        SqsParameters: { target: "SqsParameters" },
      },
    },
    TargetArn: { type: "string", length: { min: 1, max: 1600 } },
    EventBridgeParameters: { type: "structure", members: { DetailType: { target: "DetailType", required: true }, Source: { target: "Source", required: true } } },
    DetailType: { type: "string", length: { min: 1, max: 128 } },
    Source: { type: "string", length: { min: 1, max: 256 }, pattern: "^(?=[/\\.\\-_A-Za-z0-9]+)((?!aws\\.).*)|(\\$(\\.[\\w_-]+(\\[(\\d+|\\*)\\])*)*)$" },
    TargetInput: { type: "string", length: { min: 1 } },
    Timestamp: { type: "timestamp" },
  },
};

