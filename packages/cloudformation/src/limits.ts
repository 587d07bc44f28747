/** CloudFormation limits (AWS CloudFormation API Reference). */

/** DescribeStackResources: "Only the first 100 resources will be returned." */
export const MAX_DESCRIBED_RESOURCES = 100;
/** ListStackResources / ListStacks / ListExports / DescribeStackEvents: entries per page. */
export const PAGE_SIZE = 100;
