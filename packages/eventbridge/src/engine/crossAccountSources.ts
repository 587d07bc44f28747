/**
 * The EventBridge resources that live beyond one account and Region: global endpoints (two
 * Regions behind a Route 53 health check) and partner event sources (created by SaaS partners
 * for the account). The sandbox is one account in one Region and does not emulate
 * Create/Describe/Update/DeleteEndpoint nor the partner actions, so neither list ever holds an
 * item: the model's checks on NamePrefix, HomeRegion and paging still apply first.
 */

export interface ListEndpointsInput {
  NamePrefix?: string;
  HomeRegion?: string;
  NextToken?: string;
  MaxResults?: number;
}

export interface ListEventSourcesInput {
  /** "aws.partner/…" names only (EventSourceNamePrefix pattern). */
  NamePrefix?: string;
  NextToken?: string;
  Limit?: number;
}

export function listEndpoints(_input: ListEndpointsInput): { Endpoints: never[] } {
  return { Endpoints: [] };
}

export function listEventSources(_input: ListEventSourcesInput): { EventSources: never[] } {
  return { EventSources: [] };
}
