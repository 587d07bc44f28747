import { LimitExceededException, ResourceNotFoundException } from "../errors.js";
import { MAX_METRIC_FILTERS_PER_GROUP } from "../limits.js";
import type { LogsEngine } from "./engine.js";
import { compileFilterPattern, extractedValues } from "./filterPattern.js";
import { page } from "./policies.js";
import { configOf, GROUP_KEY_SEPARATOR } from "./state.js";

type Input = Record<string, unknown>;

interface MetricFilter {
  filterName: string;
  filterPattern: string;
  metricTransformations: Array<Record<string, unknown>>;
  creationTime: number;
  logGroupName: string;
  applyOnTransformedLogs: boolean;
  fieldSelectionCriteria?: string;
  emitSystemFieldDimensions?: string[];
}

/** Metric filters: stored per log group, matched with the FilterLogEvents pattern engine. */
export class MetricFilters {
  constructor(private readonly engine: LogsEngine) {}

  private get filters(): Map<string, MetricFilter> {
    return configOf<MetricFilter>(this.engine.state, "metricFilter");
  }

  async putMetricFilter(input: Input): Promise<Input> {
    const group = this.engine.group({ logGroupName: input.logGroupName });
    const pattern = input.filterPattern as string;
    compileFilterPattern(pattern);
    const key = group.name + GROUP_KEY_SEPARATOR + (input.filterName as string);
    const existing = this.filters.get(key);
    const inGroup = [...this.filters.keys()].filter((k) => k.startsWith(group.name + GROUP_KEY_SEPARATOR)).length;
    if (!existing && inGroup >= MAX_METRIC_FILTERS_PER_GROUP) throw new LimitExceededException();
    const filter: MetricFilter = {
      filterName: input.filterName as string,
      filterPattern: pattern,
      metricTransformations: input.metricTransformations as Array<Record<string, unknown>>,
      creationTime: existing?.creationTime ?? this.engine.now(),
      logGroupName: group.name,
      applyOnTransformedLogs: (input.applyOnTransformedLogs as boolean | undefined) ?? false,
      ...(input.fieldSelectionCriteria !== undefined ? { fieldSelectionCriteria: input.fieldSelectionCriteria as string } : {}),
      ...(input.emitSystemFieldDimensions !== undefined ? { emitSystemFieldDimensions: input.emitSystemFieldDimensions as string[] } : {}),
    };
    await this.engine.change({ t: "config", kind: "metricFilter", key, value: filter });
    return {};
  }

  describeMetricFilters(input: Input): Input {
    if (input.logGroupName !== undefined) this.engine.group({ logGroupName: input.logGroupName });
    const prefix = input.filterNamePrefix as string | undefined;
    const all = [...this.filters.values()]
      .filter((f) => input.logGroupName === undefined || f.logGroupName === input.logGroupName)
      .filter((f) => prefix === undefined || f.filterName.startsWith(prefix))
      .filter((f) => input.metricName === undefined || f.metricTransformations.some((t) => t.metricName === input.metricName))
      .filter((f) => input.metricNamespace === undefined || f.metricTransformations.some((t) => t.metricNamespace === input.metricNamespace))
      // ASCII order of filter name (DescribeMetricFilters API reference).
      .sort((a, b) => cmp(a.filterName, b.filterName) || cmp(a.logGroupName, b.logGroupName));
    return page(all, input, "metricFilters");
  }

  async deleteMetricFilter(input: Input): Promise<Input> {
    const group = this.engine.group({ logGroupName: input.logGroupName });
    const key = group.name + GROUP_KEY_SEPARATOR + (input.filterName as string);
    if (!this.filters.has(key)) throw new ResourceNotFoundException("The specified metric filter does not exist.");
    await this.engine.change({ t: "config", kind: "metricFilter", key });
    return {};
  }

  testMetricFilter(input: Input): Input {
    const pattern = input.filterPattern as string;
    const match = compileFilterPattern(pattern);
    const messages = input.logEventMessages as Array<string | null>;
    const matches: Input[] = [];
    messages.forEach((given, i) => {
      // A null in the list (the JSON deserializer lets it through) is an empty message.
      const message = given ?? "";
      if (match(message)) matches.push({ eventNumber: i + 1, eventMessage: message, extractedValues: extractedValues(pattern, message) });
    });
    return { matches };
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
