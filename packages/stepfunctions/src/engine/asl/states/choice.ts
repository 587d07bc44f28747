/** Choice ("Choice workflow state"): the first matching rule picks the next state. */
import type { StateOutcome, StateRun } from "../execution.js";
import { pathSources } from "../execution.js";
import { StatesErrors, StatesFailure, queryError } from "../failure.js";
import { evaluateRule } from "../choice.js";
import { evaluateJsonata, isJsonataTemplate } from "../jsonata.js";
import { jsonataBindings } from "../execution.js";
import { inputPath, jsonPathAssign, jsonataAssign, jsonataOutput, outputPath } from "../io.js";
import type { ChoiceRule } from "../types.js";

// Cause text not verified against AWS (Step Functions Local writes "No Matches!").
function noMatch(): StatesFailure {
  return new StatesFailure(StatesErrors.NoChoiceMatched, "No Matches!", "task", { located: true });
}

async function condition(run: StateRun, rule: ChoiceRule, index: number): Promise<boolean> {
  const value = rule.Condition;
  const field = `Choices[${index}]/Condition`;
  if (typeof value === "boolean") return value;
  if (!isJsonataTemplate(value)) throw queryError(`The field '${field}' must be a JSONata expression or a boolean`, field);
  const result = await evaluateJsonata(value, jsonataBindings(run), field);
  if (typeof result !== "boolean") {
    throw queryError(`The JSONata expression '${value.slice(2, -2).trim()}' specified for the field '${field}' returned a non-boolean value.`, field);
  }
  return result;
}

export function runChoice(run: StateRun): StateOutcome | Promise<StateOutcome> {
  if (run.language === "JSONata") return choiceJsonata(run);
  const def = run.def;
  const rules = def.Choices ?? [];
  const effective = inputPath(run, run.rawInput);
  const sources = pathSources(run, effective);
  for (const rule of rules) {
    if (evaluateRule(rule, sources)) {
      const assigned = jsonPathAssign(run, rule.Assign, effective);
      return { output: outputPath(run, effective), next: rule.Next, assigned };
    }
  }
  if (def.Default === undefined) throw noMatch();
  const assigned = jsonPathAssign(run, def.Assign, effective);
  return { output: outputPath(run, effective), next: def.Default, assigned };
}

async function choiceJsonata(run: StateRun): Promise<StateOutcome> {
  const def = run.def;
  const rules = def.Choices ?? [];
  const raw = run.rawInput;
  for (let i = 0; i < rules.length; i++) {
    if (await condition(run, rules[i], i)) {
      const assigned = await jsonataAssign(run, rules[i].Assign, {}, `Choices[${i}]/Assign`);
      const output = await jsonataOutput(run, rules[i].Output, {}, raw, `Choices[${i}]/Output`);
      return { output, next: rules[i].Next, assigned };
    }
  }
  if (def.Default === undefined) throw noMatch();
  const assigned = await jsonataAssign(run, def.Assign, {});
  const output = await jsonataOutput(run, def.Output, {}, raw);
  return { output, next: def.Default, assigned };
}
