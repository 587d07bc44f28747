/** S3 Select's engine without a server: SQL, CSV and JSON records, three-valued logic, scan ranges. */
import { describe, expect, it } from "vitest";
import { selectObjectContent, type SelectInput } from "../src/engine/select/select.js";
import { parseQuery } from "../src/engine/select/sql.js";

const run = (body: string, Expression: string, input: SelectInput["InputSerialization"], output: SelectInput["OutputSerialization"] = { CSV: {} }, ScanRange?: SelectInput["ScanRange"]) =>
  selectObjectContent(Buffer.from(body), { Expression, InputSerialization: input, OutputSerialization: output, ...(ScanRange ? { ScanRange } : {}) }).records.toString();

describe("SelectObjectContent engine", () => {
  it("reads quoted CSV fields holding delimiters, doubled quotes and CRLF records", () => {
    const body = 'id,text\r\n1,"a, ""quoted"" word"\r\n2,plain\r\n';
    expect(run(body, "SELECT s.text FROM S3Object s WHERE s.id = '1'", { CSV: { FileHeaderInfo: "USE" } })).toBe('"a, ""quoted"" word"\n');
    expect(run(body, "SELECT s.text FROM S3Object s", { CSV: { FileHeaderInfo: "USE" } }, { CSV: { QuoteFields: "ALWAYS", RecordDelimiter: ";" } })).toBe('"a, ""quoted"" word";"plain";');
  });

  it("matches bare column names in any case, quoted ones exactly", () => {
    const body = "Name,Age\nAnn,30\n";
    expect(run(body, "SELECT s.name FROM S3Object s", { CSV: { FileHeaderInfo: "USE" } })).toBe("Ann\n");
    expect(run(body, 'SELECT s."name" FROM S3Object s', { CSV: { FileHeaderInfo: "USE" } })).toBe("\n");
  });

  it("compares CSV text with numbers as numbers, and drops records whose WHERE is NULL", () => {
    const body = "a,9\nb,10\nc,\n";
    expect(run(body, "SELECT _1 FROM S3Object WHERE _2 > 9", { CSV: {} })).toBe("b\n");
    expect(run(body, "SELECT _1 FROM S3Object WHERE NOT (_2 > 9)", { CSV: {} })).toBe("a\n");
    expect(run(body, "SELECT _1 FROM S3Object WHERE _2 = '' OR _1 = 'a'", { CSV: {} })).toBe("a\nc\n");
  });

  it("runs LIKE with wildcards and an ESCAPE character", () => {
    const body = "100%\n10x\n1_0\n";
    expect(run(body, "SELECT _1 FROM S3Object WHERE _1 LIKE '1__'", { CSV: {} })).toBe("10x\n1_0\n");
    expect(run(body, "SELECT _1 FROM S3Object WHERE _1 LIKE '%!%' ESCAPE '!'", { CSV: {} })).toBe("100%\n");
    expect(run(body, "SELECT _1 FROM S3Object WHERE _1 NOT LIKE '1%'", { CSV: {} })).toBe("");
  });

  it("reads a DOCUMENT of several top-level objects, and the records a scan range starts in", () => {
    expect(run('{"a":1} {"a":2}\n{"a":3}', "SELECT s.a FROM S3Object s WHERE s.a <> 2", { JSON: { Type: "DOCUMENT" } }, { JSON: {} })).toBe('{"a":1}\n{"a":3}\n');
    // Records 2 and 3 start at bytes 4 and 8: a range 1-5 holds the start of the second only.
    expect(run("r1\nr2\nr3\n", "SELECT * FROM S3Object", { CSV: {} }, { CSV: {} }, { Start: 1, End: 5 })).toBe("r2\n");
  });

  it("answers aggregates over no records with COUNT 0 and NULLs", () => {
    expect(run("x\n", "SELECT COUNT(*), MAX(_1), SUM(_1) FROM S3Object WHERE _1 = 'none'", { CSV: {} }, { JSON: {} })).toBe('{"_1":0,"_2":null,"_3":null}\n');
  });

  it("parses what S3's SQL reference shows, and refuses what is no SQL", () => {
    expect(parseQuery("select count(*) from s3object s where s._1 is not null limit 5")).toMatchObject({ alias: "s", limit: 5 });
    expect(parseQuery("SELECT TRIM(LEADING '0' FROM s._1) AS t FROM S3Object AS s")).toMatchObject({ alias: "s", items: [{ alias: "t" }] });
    for (const bad of ["SELECT", "SELECT * FROM Other", "SELECT * FROM S3Object WHERE", "SELECT * FROM S3Object LIMIT x", "SELECT 'open FROM S3Object"]) {
      expect(() => parseQuery(bad), bad).toThrow("We encountered syntax that is not valid.");
    }
    // Aggregates cannot stand beside per-record values.
    expect(() => run("1\n", "SELECT COUNT(*), _1 FROM S3Object", { CSV: {} })).toThrow("We encountered syntax that is not valid.");
  });
});

/** S3's answers to moto's aws_verified tests/test_s3/test_s3_select.py, replayed on the engine. */
describe("SelectObjectContent as S3 answered moto's aws_verified cases", () => {
  const simpleJson = JSON.stringify({ a1: "b1", a2: "b2", a3: null });
  const simpleCsv = "a,b,c\ne,r,f\ny,u,i\nq,w,y";
  const extensive = [{ staff: [{ name: "Janelyn M", city: "Chicago", kids: [{ Name: "Josh" }, { Name: "Jay" }] }, { name: "Stacy P", city: "Seattle", kids: { Name: "Josh" } }], country: "USA" }];
  const doc = { JSON: { Type: "DOCUMENT" } };

  it("test_query_all, test_count_function, test_count_csv, test_default_record_delimiter", () => {
    expect(run(simpleJson, "SELECT * FROM S3Object", doc, { JSON: { RecordDelimiter: "," } })).toBe('{"a1":"b1","a2":"b2","a3":null},');
    expect(run(simpleJson, "SELECT count(*) FROM S3Object", doc, { JSON: { RecordDelimiter: "," } })).toBe('{"_1":1},');
    expect(run(simpleCsv, "SELECT count(*) FROM S3Object", { CSV: { FileHeaderInfo: "USE", FieldDelimiter: "," } }, { JSON: { RecordDelimiter: "," } })).toBe('{"_1":3},');
    expect(run(simpleCsv, "SELECT count(*) FROM S3Object", { CSV: { FileHeaderInfo: "USE", FieldDelimiter: "," } }, { JSON: {} })).toBe('{"_1":3}\n');
  });

  it("test_extensive_json__select_list / __select_all: a path through an array document is MISSING ({}); the array itself is _1", () => {
    expect(run(JSON.stringify(extensive), "select * from s3object[*].staff[*] s", doc, { JSON: { RecordDelimiter: "," } })).toBe("{},");
    expect(JSON.parse(run(JSON.stringify(extensive), "select * from s3object s", doc, { JSON: { RecordDelimiter: "," } }).slice(0, -1))).toEqual({ _1: extensive });
  });

  it("test_bzipped_csv_to_csv (uncompressed here): counts and mirrors CSV with the output's delimiters", () => {
    expect(run(simpleCsv, "SELECT count(*) FROM S3Object", { CSV: {} }, { CSV: { RecordDelimiter: "_", FieldDelimiter: ":" } })).toBe("4_");
    expect(run(simpleCsv, "SELECT * FROM S3Object", { CSV: {} }, { CSV: {} })).toBe("a,b,c\ne,r,f\ny,u,i\nq,w,y\n");
    expect(run(simpleCsv, "SELECT * FROM S3Object", { CSV: {} }, { CSV: { RecordDelimiter: "\n", FieldDelimiter: ":" } })).toBe("a:b:c\ne:r:f\ny:u:i\nq:w:y\n");
  });
});
