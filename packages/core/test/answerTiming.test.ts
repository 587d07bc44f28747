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

describe("answerWhenDue when a write throws", () => {
  it("still writes the turn's other answers, then lets the error surface", async () => {
    const written: string[] = [];
    const errors: unknown[] = [];
    const listeners = process.listeners("uncaughtException");
    process.removeAllListeners("uncaughtException");
    process.once("uncaughtException", (error) => errors.push(error));
    try {
      answerWhenDue(() => written.push("a"));
      answerWhenDue(() => {
        throw new Error("broken answer");
      });
      answerWhenDue(() => written.push("c"));
      await turnEnd();
      await turnEnd();
    } finally {
      for (const listener of listeners) process.on("uncaughtException", listener);
    }
    expect(written).toEqual(["a", "c"]);
    expect(errors).toEqual([new Error("broken answer")]);
  });
});
