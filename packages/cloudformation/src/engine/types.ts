/** What packages/sandbox passes in: one stack, as the loaded template describes it (plain data). */
export interface StackConfig {
  stackName: string;
  stackId: string;
  description?: string;
  /** Resolved values; NoEcho ones are shown as "****", as CloudFormation shows them. */
  parameters: Array<{ key: string; value: string; noEcho?: boolean; /** An SSM-typed parameter's value read from Parameter Store (`value` is its name). */ resolvedValue?: string }>;
  outputs: Array<{ key: string; value: string; description?: string; exportName?: string }>;
  /** Resources as CloudFormation types them after transforms, with the sandbox's physical ids. */
  resources: Array<{ logicalId: string; type: string; physicalId: string }>;
  /** The template file's text, as given. */
  templateBody: string;
  /** The template after transforms (AWS's "Processed" stage); the original when not given. */
  processedTemplateBody?: string;
  capabilities?: string[];
  tags?: Array<{ Key: string; Value: string }>;
  /** A nested stack's: the stack id of the stack that declares it, and of the top-level stack. */
  parentId?: string;
  rootId?: string;
}

export type StackStatus = "CREATE_COMPLETE" | "UPDATE_COMPLETE";

/** When the stack was created and last updated, kept across restarts. */
export interface StackHistory {
  creationTime: number;
  lastUpdatedTime?: number;
  /** Fingerprint of the template and parameters the stack was last created or updated from. */
  fingerprint: string;
}
