/** Finds the template's state machine behind an ARN. */
import type { StateMachineSpec } from "../model.js";

export class StateMachineIndex {
  private readonly byArn = new Map<string, StateMachineSpec>();

  constructor(machines: readonly StateMachineSpec[]) {
    for (const machine of machines) this.byArn.set(machine.arn, machine);
  }

  find(arn: unknown): StateMachineSpec | undefined {
    return typeof arn === "string" ? this.byArn.get(arn) : undefined;
  }
}
