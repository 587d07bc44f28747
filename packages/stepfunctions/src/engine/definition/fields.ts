/** Which fields each state type carries, per query language ("Amazon States Language"). */
export const STATE_TYPES = ["Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"] as const;

const COMMON = ["Type", "Comment", "QueryLanguage"];

export const FIELDS: Record<string, readonly string[]> = {
  Pass: [...COMMON, "Next", "End", "InputPath", "OutputPath", "Parameters", "Result", "ResultPath", "Output", "Assign"],
  Task: [
    ...COMMON, "Next", "End", "InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "Retry", "Catch",
    "Resource", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath", "Credentials",
    "Arguments", "Output", "Assign",
  ],
  Choice: [...COMMON, "InputPath", "OutputPath", "Choices", "Default", "Output", "Assign"],
  Wait: [...COMMON, "Next", "End", "InputPath", "OutputPath", "Seconds", "Timestamp", "SecondsPath", "TimestampPath", "Output", "Assign"],
  Succeed: [...COMMON, "InputPath", "OutputPath", "Output"],
  Fail: [...COMMON, "Error", "Cause", "ErrorPath", "CausePath"],
  Parallel: [
    ...COMMON, "Next", "End", "InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "Retry", "Catch",
    "Branches", "Arguments", "Output", "Assign",
  ],
  Map: [
    ...COMMON, "Next", "End", "InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "Retry", "Catch",
    "Iterator", "ItemProcessor", "ItemsPath", "Items", "ItemSelector", "MaxConcurrency", "MaxConcurrencyPath",
    "ItemReader", "ItemBatcher", "ResultWriter", "ToleratedFailureCount", "ToleratedFailureCountPath",
    "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", "Label", "Arguments", "Output", "Assign",
  ],
};

export const JSONPATH_ONLY = [
  "InputPath", "OutputPath", "ResultPath", "ResultSelector", "Parameters", "Result", "ItemsPath", "MaxConcurrencyPath",
  "TimeoutSecondsPath", "HeartbeatSecondsPath", "SecondsPath", "TimestampPath", "ErrorPath", "CausePath",
  "ToleratedFailureCountPath", "ToleratedFailurePercentagePath",
];
export const JSONATA_ONLY = ["Arguments", "Output", "Items"];

export const TOP_LEVEL_FIELDS = ["Comment", "StartAt", "States", "Version", "TimeoutSeconds", "QueryLanguage"];
export const PROCESSOR_FIELDS = ["Comment", "StartAt", "States", "ProcessorConfig"];

export const TERMINAL_TYPES = new Set(["Succeed", "Fail"]);
