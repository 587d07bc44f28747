/**
 * PartiQL limits. The request sizes (8192-character statements, 25 batch statements,
 * 100 transaction statements) are enforced from AWS's model at the wire.
 */

/** Collections nested 32 deep are refused ("Nesting Levels have exceeded supported limits"; ServiceQuotas: 32 levels). */
export const MAX_NESTING_DEPTH = 32;

/** A SELECT decomposes into at most 50 key reads (captured from DynamoDB: 51 reads are refused). */
export const MAX_DECOMPOSED_READS = 50;

/** Statement texts whose syntax trees are kept; far more than an application sends. */
export const STATEMENT_CACHE_CAPACITY = 1000;
