// dynamodb-admin — the GUI DynamoDB Local users run with `DYNAMO_ENDPOINT=… npx dynamodb-admin` —
// pointed at the sandbox's edge. Its express app is driven through the HTTP routes its pages
// call (fetch from the browser), and the assertions read what those pages show.
import { spawn, type ChildProcess } from "node:child_process";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { join } from "node:path";
import { DynamoDBClient, UpdateTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { createServer } from "dynamodb-admin";
import { createSandbox, type RunningSandbox } from "sam-sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let sandbox: RunningSandbox;
let server: Server;
let admin: string;

beforeAll(async () => {
  sandbox = await createSandbox({ template: join(import.meta.dirname, "fixtures", "minimal.yaml"), port: 0, edgePort: 0, inMemory: true });
  const app = createServer({ dynamoEndpoint: sandbox.endpoint });
  server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", resolve));
  admin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  await sandbox?.stop();
});

interface Reply { status: number; text: string }

/** One request as the admin's pages send it (JSON bodies, like their fetch calls). */
async function call(method: string, path: string, body?: unknown): Promise<Reply> {
  const response = await fetch(admin + path, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    redirect: "manual",
  });
  return { status: response.status, text: await response.text() };
}

/** A page's text with EJS's HTML escapes undone, so the JSON it shows can be matched. */
function shown(html: string): string {
  return html.replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

interface ItemsPage { Items: Array<Record<string, unknown>>; nextKey: string | null; uniqueKeys: string[] }

async function items(table: string, query: Record<string, string> = {}): Promise<ItemsPage> {
  const reply = await call("GET", `/tables/${table}/items?${new URLSearchParams(query).toString()}`);
  expect(reply.status).toBe(200);
  return JSON.parse(reply.text) as ItemsPage;
}

// The create-table page's request, as its form script builds it from the inputs.
const musicForm = (capacity: (n: number) => number | string) => ({
  TableDefinition: {
    TableName: "Music", HashAttributeName: "Artist", HashAttributeType: "S", RangeAttributeName: "Year", RangeAttributeType: "N",
    ReadCapacityUnits: capacity(5), WriteCapacityUnits: capacity(5),
  },
  SecondaryIndexes: [{
    IndexName: "ByGenre", IndexType: "global", HashAttributeName: "Genre", HashAttributeType: "S", RangeAttributeName: "Title", RangeAttributeType: "S",
    ReadCapacityUnits: capacity(3), WriteCapacityUnits: capacity(3),
  }],
});

describe("dynamodb-admin", () => {
  it("lists no tables on an empty sandbox", async () => {
    const home = await call("GET", "/");
    expect(home.status).toBe(200);
    expect(home.text).toContain("DynamoDB Admin");
    expect(await call("GET", "/api/tables")).toEqual({ status: 200, text: "[]" });
  });

  it("passes on AWS's SerializationException when the form sends capacities as text", async () => {
    // The form posts input values as strings (dynamodb-admin issue #518); DynamoDB rejects a
    // string where a Long is expected, and the admin shows the message.
    const reply = await call("POST", "/create-table", musicForm(String));
    expect(reply.status).toBe(500);
    expect(JSON.parse(reply.text)).toEqual({ message: "STRING_VALUE cannot be converted to Long" });
  });

  it("creates a table with a GSI through the create-table route and shows it in the list and on Meta", async () => {
    expect((await call("POST", "/create-table", musicForm(Number))).status).toBe(204);
    const tables = JSON.parse((await call("GET", "/api/tables")).text) as Array<Record<string, unknown>>;
    expect(tables.map((t) => t.TableName)).toEqual(["Music"]);
    expect(tables[0]).toMatchObject({
      TableStatus: "ACTIVE",
      KeySchema: [{ AttributeName: "Artist", KeyType: "HASH" }, { AttributeName: "Year", KeyType: "RANGE" }],
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
      GlobalSecondaryIndexes: [{ IndexName: "ByGenre", IndexStatus: "ACTIVE", Projection: { ProjectionType: "ALL" } }],
    });
    const home = await call("GET", "/");
    expect(home.text).toContain('data-table-name="Music"');
    const meta = await call("GET", "/tables/Music/meta");
    expect(meta.status).toBe(200);
    expect(shown(meta.text)).toContain('"IndexName": "ByGenre"');
    expect(shown(meta.text)).toContain('"TableArn": "arn:aws:dynamodb:us-east-1:');
    const scanPage = await call("GET", "/tables/Music");
    expect(scanPage.status).toBe(200);
    expect(scanPage.text).toMatch(/<option[^>]*value="ByGenre"/);
  });

  it("shows the TTL page from DescribeTimeToLive, before and after enabling it", async () => {
    expect(shown((await call("GET", "/tables/Music/ttl")).text)).toMatch(/badge-secondary">DISABLED</);
    const ddb = new DynamoDBClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
    try {
      await ddb.send(new UpdateTimeToLiveCommand({ TableName: "Music", TimeToLiveSpecification: { Enabled: true, AttributeName: "expires" } }));
    } finally {
      ddb.destroy();
    }
    const page = (await call("GET", "/tables/Music/ttl")).text;
    expect(page).toMatch(/badge-success">ENABLED</);
    expect(page).toMatch(/<td>expires<\/td>/);
  });

  it("adds an item, shows it on its page, edits it and deletes it", async () => {
    const added = await call("PUT", "/tables/Music/add-item", { Artist: "Ann", Year: 1999, Genre: "jazz", Title: "Blue" });
    expect(added).toMatchObject({ status: 200 });
    expect(JSON.parse(added.text)).toEqual({ Artist: "Ann", Year: 1999 });
    const page = await call("GET", "/tables/Music/items/Ann,1999");
    expect(page.status).toBe(200);
    expect(shown(page.text)).toContain('"Title": "Blue"');
    const edited = await call("PUT", "/tables/Music/items/Ann,1999", { Artist: "Ann", Year: 1999, Genre: "jazz", Title: "Green", Tags: ["a", "b"] });
    expect(JSON.parse(edited.text)).toEqual({ Artist: "Ann", Year: 1999, Genre: "jazz", Title: "Green", Tags: ["a", "b"] });
    expect(shown((await call("GET", "/tables/Music/items/Ann,1999")).text)).toContain('"Title": "Green"');
    expect((await call("GET", "/tables/Music/get?hash=Ann&range=1999")).status).toBe(302);
    expect((await call("DELETE", "/tables/Music/items/Ann,1999")).status).toBe(204);
    expect(await call("GET", "/tables/Music/items/Ann,1999")).toEqual({ status: 404, text: "Not found" });
  });

  it("pages a scan 25 items at a time (Scan with Limit 10 and ExclusiveStartKey underneath)", async () => {
    for (let year = 2000; year < 2030; year++) {
      const genre = year % 2 === 0 ? "rock" : "pop";
      expect((await call("PUT", "/tables/Music/add-item", { Artist: year < 2015 ? "Bo" : "Cy", Year: year, Genre: genre, Title: `t${year}` })).status).toBe(200);
    }
    const first = await items("Music");
    expect(first.Items).toHaveLength(25);
    expect(first.uniqueKeys.slice(0, 2)).toEqual(["Artist", "Year"]);
    expect(first.nextKey).not.toBeNull();
    const second = await items("Music", { startKey: decodeURIComponent(first.nextKey ?? ""), pageNum: "2" });
    expect(second.Items).toHaveLength(5);
    expect(second.nextKey).toBeNull();
    const years = [...first.Items, ...second.Items].map((item) => item.Year).sort();
    expect(years).toEqual(Array.from({ length: 30 }, (_, i) => 2000 + i));
  });

  it("filters a scan and queries the table and the GSI with the page's filters", async () => {
    const filters = (f: Record<string, { value: string; type: string; operator: string }>) => JSON.stringify(f);
    const scanned = await items("Music", { filters: filters({ Title: { value: "t201", type: "S", operator: "begins_with" } }) });
    expect(scanned.Items.map((i) => i.Year).sort()).toEqual([2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019]);
    const queried = await items("Music", {
      operationType: "query",
      queryableSelection: "table",
      filters: filters({ Artist: { value: "Bo", type: "S", operator: "=" }, Year: { value: "2010", type: "N", operator: ">=" } }),
    });
    expect(queried.Items.map((i) => i.Year)).toEqual([2010, 2011, 2012, 2013, 2014]);
    const byGenre = await items("Music", {
      operationType: "query",
      queryableSelection: "ByGenre",
      filters: filters({ Genre: { value: "pop", type: "S", operator: "=" }, Title: { value: "t202", type: "S", operator: "begins_with" } }),
    });
    expect(byGenre.Items.map((i) => i.Title)).toEqual(["t2021", "t2023", "t2025", "t2027", "t2029"]);
    const noMatch = await items("Music", { filters: filters({ Genre: { value: "folk", type: "S", operator: "=" } }) });
    expect(noMatch.Items).toEqual([]);
  });

  it("purges a table (Scan of keys + BatchWriteItem deletes), then deletes it", async () => {
    expect((await call("DELETE", "/tables/Music/all")).status).toBe(200);
    expect((await items("Music")).Items).toEqual([]);
    expect((await call("DELETE", "/tables/Music")).status).toBe(204);
    expect(await call("GET", "/api/tables")).toEqual({ status: 200, text: "[]" });
    const missing = await call("GET", "/tables/Music/meta");
    expect(missing.status).toBe(500);
    expect(JSON.parse(missing.text)).toEqual({ message: "Requested resource not found: Table: Music not found" });
  });

  it("purges and deletes every table from the home page's buttons", async () => {
    expect(await call("DELETE", "/tables-purge")).toEqual({ status: 200, text: "There are no tables to purge" });
    for (const name of ["One", "Two"]) {
      const form = { TableDefinition: { TableName: name, HashAttributeName: "id", HashAttributeType: "N", ReadCapacityUnits: 1, WriteCapacityUnits: 1 } };
      expect((await call("POST", "/create-table", form)).status).toBe(204);
      for (let id = 1; id <= 30; id++) await call("PUT", `/tables/${name}/add-item`, { id, name });
    }
    expect(await call("DELETE", "/tables-purge")).toEqual({ status: 200, text: "Tables purged" });
    expect((await items("One")).Items).toEqual([]);
    expect((await items("Two")).Items).toEqual([]);
    expect(await call("DELETE", "/tables")).toEqual({ status: 200, text: "Tables deleted" });
    expect(await call("GET", "/api/tables")).toEqual({ status: 200, text: "[]" });
  });

  it("runs as users start it: the bin with DYNAMO_ENDPOINT set to the edge", async () => {
    const bin = join(createRequire(import.meta.url).resolve("dynamodb-admin/package.json"), "..", "dist", "dynamodb-admin.js");
    const child: ChildProcess = spawn(process.execPath, [bin, "--host", "127.0.0.1", "--port", "0"], {
      env: { ...process.env, DYNAMO_ENDPOINT: sandbox.endpoint, NODE_ENV: "development" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout?.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (match) resolve(match[1]);
        });
        child.once("exit", (code) => reject(new Error(`dynamodb-admin exited with ${code}: ${out}`)));
      });
      const tables = await fetch(`${url}/api/tables`);
      expect(tables.status).toBe(200);
      expect(await tables.json()).toEqual([]);
    } finally {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill();
      await exited;
    }
  });
});
