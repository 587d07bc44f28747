/**
 * Lambda event filtering (FilterCriteria) of queue mappings: the EventBridge pattern language
 * (core) applied to each SQS record. Message attributes carry numbers as text, so numeric
 * conditions also read numeric strings.
 */
import { parseFilterCriteria as parseCriteria, type EventPattern, type FilterCriteriaOptions } from "@sam-sandbox/core";

export type FilterPattern = EventPattern;

const QUEUE_RECORDS: FilterCriteriaOptions = { numericStrings: true, example: '{"body": {"type": ["order"]}}' };

export const parseFilterCriteria = (criteria: { Filters?: { Pattern?: string }[] } | undefined): FilterPattern | undefined =>
  parseCriteria(criteria, QUEUE_RECORDS);
