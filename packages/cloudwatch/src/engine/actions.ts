/**
 * Alarm actions, metric and composite alike: each action of the new state runs through the
 * dispatcher port (SNS Publish of the notification, Lambda Invoke of the alarm event) and leaves
 * an Action history item saying whether it ran.
 */
import { historyItem } from "./alarms.js";
import type { CloudWatchContext } from "./context.js";
import { addHistory, type AlarmType, type StateValue } from "./state.js";

/** The actions of the alarm's current state. */
export const actionsOf = (alarm: { StateValue: StateValue; AlarmActions: string[]; OKActions: string[]; InsufficientDataActions: string[] }): string[] =>
  alarm.StateValue === "ALARM" ? alarm.AlarmActions : alarm.StateValue === "OK" ? alarm.OKActions : alarm.InsufficientDataActions;

export interface ActionRun {
  alarm: { AlarmName: string; StateUpdatedTimestamp: number };
  alarmType?: AlarmType;
  actions: readonly string[];
  /** The SNS notification's Subject and Message. */
  sns: () => { subject: string; message: string };
  /** The event a Lambda action is invoked with. */
  lambda: () => Record<string, unknown>;
}

export async function runActions(ctx: CloudWatchContext, run: ActionRun): Promise<void> {
  const { alarm } = run;
  for (const action of run.actions) {
    const service = action.split(":")[2];
    let failure: string | undefined;
    try {
      if (!ctx.dispatcher) throw new Error("no services to deliver to");
      if (service === "sns") {
        const { subject, message } = run.sns();
        await ctx.dispatcher.call("sns", "Publish", { TopicArn: action, Subject: subject, Message: message });
      } else if (service === "lambda") {
        await ctx.dispatcher.call("lambda", "Invoke", { FunctionName: action, InvocationType: "Event", Payload: JSON.stringify(run.lambda()) });
      } else {
        failure = "the sandbox runs SNS and Lambda alarm actions only";
      }
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    if (failure !== undefined) ctx.logger.warn(`CloudWatch alarm ${alarm.AlarmName}: action ${action} failed: ${failure}`);
    const now = ctx.clock.now();
    const item = historyItem(alarm, now, "Action", failure === undefined ? `Successfully executed action ${action}` : `Failed to execute action ${action}`, {
      actionState: failure === undefined ? "Succeeded" : "Failed",
      stateUpdateTimestamp: alarm.StateUpdatedTimestamp,
      ...(failure === undefined ? { notificationResource: action } : { error: failure }),
    }, run.alarmType);
    addHistory(ctx.durable.state, item);
    await ctx.durable.commit({ t: "history", item });
  }
}
