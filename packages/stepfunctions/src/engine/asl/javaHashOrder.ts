/**
 * Step Functions (Java) collects the ".$" fields of a JSONPath payload template in a
 * java.util.HashMap and writes them after the template's plain fields, in the map's
 * iteration order. LocalStack's AWS-recorded snapshots show it: QUERY_CONTEXT_OBJECT_VALUES
 * (13 ".$" fields, test_base test_query_context_object_values) and CONTEXT_OBJECT_RESULT_SELECTOR
 * ("LambdaOutput.$", "ContextObjectValue.$" come out as ContextObjectValue, LambdaOutput; the
 * plain "Payload" comes before "FunctionName.$").
 */

/** java.lang.String#hashCode over UTF-16 code units. */
function javaHashCode(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(31, h) + text.charCodeAt(i)) | 0;
  return h;
}

// java.util.HashMap: 16 buckets, doubled whenever the entries pass three quarters of them.
const INITIAL_BUCKETS = 16;
const LOAD_FACTOR = 0.75;

/** The keys in the order a HashMap filled with them in this order iterates them. */
export function javaHashMapOrder<T>(items: readonly T[], keyOf: (item: T) => string, initialBuckets = INITIAL_BUCKETS): T[] {
  if (items.length < 2) return [...items];
  let buckets = initialBuckets;
  while (items.length > buckets * LOAD_FACTOR) buckets *= 2;
  const indexed = items.map((item, position) => {
    const h = javaHashCode(keyOf(item));
    return { item, position, bucket: (h ^ (h >>> 16)) & (buckets - 1) };
  });
  // Within a bucket the entries stay in insertion order.
  indexed.sort((a, b) => a.bucket - b.bucket || a.position - b.position);
  return indexed.map((entry) => entry.item);
}

/** The buckets of `new HashMap<>(map)` for a map of `size` entries (HashMap's copy constructor). */
export function copiedHashMapBuckets(size: number): number {
  const wanted = Math.floor(size / LOAD_FACTOR + 1);
  let buckets = 1;
  while (buckets < wanted) buckets *= 2;
  return buckets;
}
