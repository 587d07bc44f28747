/** Resharding: SplitShard, MergeShards, UpdateShardCount. */
import { InvalidArgumentException, LimitExceededException, couldNotFindShard, onDemandStream, shardClosed } from "../errors.js";
import { commit, streamOf, type KinesisContext } from "./context.js";
import { ENDING_SEQUENCE_INDEX, sequenceNumber, shardIndexOf } from "./keys.js";
import type { Shard, Stream } from "./state.js";
import { accountShardLimit, checkShardLimit, newShard, open, requireActive, type StreamRef } from "./streams.js";

// Done at once: the stream is ACTIVE again when the call returns.

function closing(shard: Shard, now: number) {
  const created = Math.floor(shard.createdAt / 1000);
  return { id: shard.id, endingSequenceNumber: sequenceNumber({ shardCreated: created, index: ENDING_SEQUENCE_INDEX, time: Math.floor(now / 1000), shardIndex: shard.index }), at: now };
}

function shardNamed(ctx: KinesisContext, stream: Stream, id: string): Shard {
  const index = shardIndexOf(id);
  const shard = index === undefined ? undefined : stream.shards.find((s) => s.index === index);
  if (!shard) throw couldNotFindShard(id, stream.name, ctx.accountId);
  return shard;
}

export async function splitShard(ctx: KinesisContext, input: StreamRef & { ShardToSplit: string; NewStartingHashKey: string }) {
  const stream = streamOf(ctx, input);
  const shard = shardNamed(ctx, stream, input.ShardToSplit);
  checkShardLimit(ctx, 1);
  const key = BigInt(input.NewStartingHashKey);
  const start = BigInt(shard.startingHashKey);
  const end = BigInt(shard.endingHashKey);
  if (key <= start + 1n || key >= end) {
    throw new InvalidArgumentException(
      `NewStartingHashKey ${input.NewStartingHashKey} used in SplitShard() on shard ${shard.id} in stream ${stream.name} under account ${ctx.accountId} ` +
        `is not both greater than one plus the shard's StartingHashKey ${shard.startingHashKey} and less than the shard's EndingHashKey ${shard.endingHashKey}.`,
    );
  }
  if (!open(shard)) throw shardClosed(shard.id, stream.name, ctx.accountId);
  requireActive(ctx, stream);
  const now = ctx.clock.now();
  const next = stream.shards.length;
  await commit(ctx, {
    t: "reshard",
    name: stream.name,
    closed: [closing(shard, now)],
    opened: [newShard(next, { start, end: key - 1n }, now, { parent: shard.id }), newShard(next + 1, { start: key, end }, now, { parent: shard.id })],
  });
  return {};
}

export async function mergeShards(ctx: KinesisContext, input: StreamRef & { ShardToMerge: string; AdjacentShardToMerge: string }) {
  const stream = streamOf(ctx, input);
  const first = shardNamed(ctx, stream, input.ShardToMerge);
  const second = shardNamed(ctx, stream, input.AdjacentShardToMerge);
  for (const shard of [first, second]) if (!open(shard)) throw shardClosed(shard.id, stream.name, ctx.accountId);
  if (BigInt(first.endingHashKey) + 1n !== BigInt(second.startingHashKey)) {
    throw new InvalidArgumentException(`Shards ${first.id} and ${second.id} in stream ${stream.name} under account ${ctx.accountId} are not an adjacent pair of shards eligible for merging`);
  }
  requireActive(ctx, stream);
  const now = ctx.clock.now();
  await commit(ctx, {
    t: "reshard",
    name: stream.name,
    closed: [closing(first, now), closing(second, now)],
    opened: [newShard(stream.shards.length, { start: BigInt(first.startingHashKey), end: BigInt(second.endingHashKey) }, now, { parent: first.id, adjacent: second.id })],
  });
  return {};
}

/**
 * UNIFORM_SCALING as AWS reshards, by splits and merges: scaling up splits every open shard in
 * two, then (both ways) adjacent open shards merge in pairs, lowest hash keys first, until the
 * target count is open. The shards a change leaves behind match AWS's (moto's
 * test_update_shard_count, whose totals were checked against AWS: 4 → 5 leaves 15 shards, 10 → 3
 * leaves 17); each split or merge is one commit's opened and closed shards.
 */
export async function updateShardCount(ctx: KinesisContext, input: StreamRef & { TargetShardCount: number; ScalingType: "UNIFORM_SCALING" }) {
  const stream = streamOf(ctx, input);
  requireActive(ctx, stream);
  if (stream.mode === "ON_DEMAND") throw onDemandStream(stream.name, ctx.accountId);
  const current = stream.shards.filter(open);
  const target = input.TargetShardCount;
  const limit = accountShardLimit(ctx);
  // kinesalite actions/updateShardCount.js (texts recorded on AWS).
  if (target > limit) {
    throw new LimitExceededException(`Target shard count or number of open shards cannot be greater than ${limit}. Current open shard count: ${current.length}, Target shard count: ${target}`);
  }
  if (target > current.length * 2) {
    throw new LimitExceededException(`UpdateShardCount cannot scale up over double your current open shard count. Current open shard count: ${current.length}, Target shard count: ${target}`);
  }
  if (target < current.length / 2) {
    throw new LimitExceededException(`UpdateShardCount cannot scale down below half your current open shard count. Current open shard count: ${current.length}, Target shard count: ${target}`);
  }
  checkShardLimit(ctx, Math.max(0, target - current.length));
  if (target !== current.length) {
    const now = ctx.clock.now();
    let next = stream.shards.length;
    const closed: Array<ReturnType<typeof closing>> = [];
    const opened: Shard[] = [];
    // A shard opened by this change and closed again by it is journalled closed.
    const close = (shard: Shard) => {
      const c = closing(shard, now);
      if (opened.includes(shard)) Object.assign(shard, { endingSequenceNumber: c.endingSequenceNumber, closedAt: c.at });
      else closed.push(c);
    };
    const byHashKey = (a: Shard, b: Shard) => (BigInt(a.startingHashKey) < BigInt(b.startingHashKey) ? -1 : 1);
    let working = [...current].sort(byHashKey);
    if (target > working.length) {
      working = working.flatMap((shard) => {
        const start = BigInt(shard.startingHashKey);
        const end = BigInt(shard.endingHashKey);
        const mid = (start + end + 1n) / 2n;
        const halves = [newShard(next, { start, end: mid - 1n }, now, { parent: shard.id }), newShard(next + 1, { start: mid, end }, now, { parent: shard.id })];
        next += 2;
        close(shard);
        opened.push(...halves);
        return halves;
      });
    }
    while (working.length > target) {
      let merges = working.length - target;
      const merged: Shard[] = [];
      for (let i = 0; i < working.length; i++) {
        const first = working[i];
        const second = working[i + 1];
        if (first === undefined) continue;
        if (merges === 0 || second === undefined) {
          merged.push(first);
          continue;
        }
        const child = newShard(next++, { start: BigInt(first.startingHashKey), end: BigInt(second.endingHashKey) }, now, { parent: first.id, adjacent: second.id });
        close(first);
        close(second);
        opened.push(child);
        merged.push(child);
        merges--;
        i++;
      }
      working = merged.sort(byHashKey);
    }
    await commit(ctx, { t: "reshard", name: stream.name, closed, opened });
  }
  return { StreamName: stream.name, CurrentShardCount: current.length, TargetShardCount: target, StreamARN: stream.arn };
}
