// Resident memory of a server under test, read from /proc (Linux): the process and every
// process below it, since some peers run functions in child processes.
import { readFileSync, readdirSync } from "node:fs";

function rssKb(pid) {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0; // gone meanwhile
  }
}

function parentOf(pid) {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

/** RSS of `pid` and its descendants, in MB. */
export function treeRssMb(pid) {
  const children = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const parent = parentOf(Number(name));
    if (parent === undefined) continue;
    const list = children.get(parent) ?? [];
    list.push(Number(name));
    children.set(parent, list);
  }
  let kb = 0;
  const stack = [pid];
  while (stack.length > 0) {
    const next = stack.pop();
    kb += rssKb(next);
    stack.push(...(children.get(next) ?? []));
  }
  return kb / 1024;
}
