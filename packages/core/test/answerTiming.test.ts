import { setImmediate as turnEnd } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { answerAtOnce, answerWhenDue } from "../src/answerTiming.js";

describe("answerWhenDue", () => {
  it("holds answers made one by one until the loop turn's end, then writes them in order", async () => {
    const written: string[] = [];
    answerWhenDue(() => written.push("a"));
    await Promise.resolve();
    answerWhenDue(() => written.push("b"));
    expect(written).toEqual([]);
    await turnEnd();
    expect(written).toEqual(["a", "b"]);
  });

  it("writes answers released by a group commit at once, through their promise chains, then holds again", async () => {
    const written: string[] = [];
    let release!: () => void;
    const committed = new Promise<void>((resolve) => (release = resolve));
    const deep = (async () => {
      await committed;
      await null;
      await (async () => await null)();
      answerWhenDue(() => written.push("deep"));
      // Written before the chain went on: no turn passed.
      return [...written];
    })();
    const shallow = committed.then(() => answerWhenDue(() => written.push("shallow")));
    answerAtOnce();
    release();
    await shallow;
    expect(await deep).toEqual(["shallow", "deep"]);
    // Once those reactions have run, an answer waits for the turn's end again.
    await new Promise<void>((resolve) => process.nextTick(resolve));
    answerWhenDue(() => written.push("later"));
    expect(written).toEqual(["shallow", "deep"]);
    await turnEnd();
    expect(written).toEqual(["shallow", "deep", "later"]);
  });
});
