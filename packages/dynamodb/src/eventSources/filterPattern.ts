/**
 * Lambda event filtering (FilterCriteria) of stream mappings: the EventBridge pattern language
 * (core) applied to each stream record. DynamoDB numbers travel as strings ({"N": "5"}), so
 * numeric conditions also read numeric strings.
 */
import { parseFilterCriteria as parseCriteria, parseFilterPattern as parsePattern, type EventPattern, type FilterCriteriaOptions } from "@sam-sandbox/core";

export type FilterPattern = EventPattern;

const STREAM_RECORDS: FilterCriteriaOptions = { numericStrings: true, example: '{"dynamodb": {"NewImage": {"status": {"S": ["active"]}}}}' };

export const parseFilterPattern = (text: string): FilterPattern => parsePattern(text, STREAM_RECORDS);
export const parseFilterCriteria = (criteria: { Filters?: { Pattern?: string }[] } | undefined): FilterPattern | undefined =>
  parseCriteria(criteria, STREAM_RECORDS);
