/**
 * Lambda event filtering (FilterCriteria) of stream mappings: the EventBridge pattern language
 * (core) applied to each stream record. DynamoDB numbers travel as strings ({"N": "5"}), and a
 * numeric condition does not match them (localstack test_dynamodb_event_filter[numeric_filter],
 * recorded on AWS); ApproximateCreationDateTime is a JSON number and does.
 */
import { parseFilterCriteria as parseCriteria, parseFilterPattern as parsePattern, type EventPattern, type FilterCriteriaOptions } from "@sam-sandbox/core";

export type FilterPattern = EventPattern;

const STREAM_RECORDS: FilterCriteriaOptions = { numericStrings: false, example: '{"dynamodb": {"NewImage": {"status": {"S": ["active"]}}}}' };

export const parseFilterPattern = (text: string): FilterPattern => parsePattern(text, STREAM_RECORDS);
export const parseFilterCriteria = (criteria: { Filters?: { Pattern?: string }[] } | undefined): FilterPattern | undefined =>
  parseCriteria(criteria, STREAM_RECORDS);
