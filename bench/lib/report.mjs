// Prints bench rows as one table: throughput, latency, ratio to a peer (dynalite by default),
// share of the canned limit, and the server's RSS after the run where it was measured.

const fmt = {
  ops: (v) => (Number.isFinite(v) ? Math.round(v).toLocaleString("en-US") : "–"),
  // autocannon measures latency in whole milliseconds: 0 means under one.
  ms: (v) => (Number.isFinite(v) ? (v === 0 ? "<1" : v < 10 ? v.toFixed(1) : String(Math.round(v))) : "–"),
  mb: (v) => (Number.isFinite(v) ? String(Math.round(v)) : ""),
  // The server's CPU (all its threads) per request, from /proc: steadier than ops/s on a shared machine.
  us: (v) => (Number.isFinite(v) ? v.toFixed(1) : ""),
};

export function printTable(rows, { peer: peerName = "dynalite", out = process.stdout } = {}) {
  const withRss = rows.some((r) => r.rssMb !== undefined);
  const withCpu = rows.some((r) => r.cpuUs !== undefined);
  const header = [
    "benchmark", "server", "ops/s", "p50 ms", "p99 ms", ...(withCpu ? ["CPU µs/op"] : []), ...(withRss ? [rows.some((r) => r.rssSettledMb !== undefined) ? "RSS MB end → +2 s" : "RSS MB"] : []), `vs ${peerName}`, "% of canned", "errors",
  ];
  const lines = [header];
  for (const row of rows) {
    const peer = (target) => rows.find((r) => r.bench === row.bench && r.target === target);
    const baseline = peer(peerName);
    const canned = peer("canned");
    lines.push([
      row.bench,
      row.target,
      fmt.ops(row.ops),
      fmt.ms(row.p50),
      fmt.ms(row.p99),
      ...(withCpu ? [fmt.us(row.cpuUs)] : []),
      ...(withRss ? [row.rssSettledMb === undefined ? fmt.mb(row.rssMb) : `${fmt.mb(row.rssMb)} → ${fmt.mb(row.rssSettledMb)}`] : []),
      baseline && row.target !== peerName ? `${(row.ops / baseline.ops).toFixed(2)}×` : "",
      canned && row.target !== "canned" ? `${Math.round((100 * row.ops) / canned.ops)} %` : "",
      row.errors + row.non2xx > 0 ? `${row.errors} err, ${row.non2xx} non-2xx` : "0",
    ]);
  }
  const widths = header.map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  const numeric = new Set(header.flatMap((name, i) => (i >= 2 && name !== "errors" ? [i] : [])));
  const render = (l) => l.map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join("  ");
  out.write(`${render(header)}\n${widths.map((w) => "-".repeat(w)).join("  ")}\n`);
  for (const l of lines.slice(1)) out.write(`${render(l)}\n`);
}

export function printFacts(title, facts, out = process.stdout) {
  out.write(`\n${title}\n`);
  const width = Math.max(...facts.map(([k]) => k.length));
  for (const [k, v] of facts) out.write(`  ${k.padEnd(width)}  ${v}\n`);
}
