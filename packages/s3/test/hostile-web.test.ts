// Presigned URLs and form uploads with values S3 refuses or ignores, never taken at face value.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startS3, type S3Fixture } from "./helpers.js";

let f: S3Fixture;
const AUTH = "AWS4-HMAC-SHA256 Credential=x/20261125/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0";

beforeAll(async () => {
  f = await startS3();
  await fetch(`${f.url}/web-hostile`, { method: "PUT", headers: { authorization: AUTH } });
  await fetch(`${f.url}/web-hostile/k`, { method: "PUT", headers: { authorization: AUTH }, body: "v" });
});

afterAll(async () => {
  await f?.close();
});

function presigned(date: string, expires = "60"): string {
  const query = new URLSearchParams({
    "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
    "X-Amz-Credential": "x/20261125/us-east-1/s3/aws4_request",
    "X-Amz-Date": date,
    "X-Amz-Expires": expires,
    "X-Amz-SignedHeaders": "host",
    "X-Amz-Signature": "00",
  });
  return `${f.url}/web-hostile/k?${query}`;
}

describe("presigned URLs", () => {
  it("an X-Amz-Date that is not ISO 8601 basic format is AuthorizationQueryParametersError (once a URL that never expired)", async () => {
    for (const date of ["garbage", "2026-11-25T12:00:00Z", "20261125T120000", ""]) {
      const res = await fetch(presigned(date));
      const text = await res.text();
      expect(res.status, date).toBe(400);
      expect(text).toContain(
        `<Code>AuthorizationQueryParametersError</Code><Message>X-Amz-Date must be in the ISO8601 Long Format &quot;yyyyMMdd&apos;T&apos;HHmmss&apos;Z&apos;&quot;</Message>`,
      );
    }
    // The date is read before the expiry.
    expect(await (await fetch(presigned("garbage", "abc"))).text()).toContain("X-Amz-Date must be in the ISO8601 Long Format");
  });
});

describe("form uploads (POST Object)", () => {
  const upload = (redirect: string) => {
    const b = "xx";
    const field = (name: string, value: string) => `--${b}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    return fetch(`${f.url}/web-hostile`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": `multipart/form-data; boundary=${b}` },
      body: `${field("key", "form")}${field("success_action_redirect", redirect)}--${b}\r\nContent-Disposition: form-data; name="file"; filename="f"\r\n\r\ndata\r\n--${b}--`,
    });
  };

  it("a success_action_redirect S3 cannot interpret (CR LF, a space, a broken host) is ignored: 204 with the object's Location", async () => {
    for (const redirect of ["http://x\r\nInjected: 1", "http://[::1", "http://a b/", "http://x/\u00e9"]) {
      const res = await upload(redirect);
      expect(res.status, JSON.stringify(redirect)).toBe(204);
      // The object's own URL, as for an upload without the field.
      expect(res.headers.get("location")).toMatch(/\/web-hostile\/form$/);
      expect(res.headers.get("injected")).toBeNull();
    }
    const res = await upload("https://ok.example/done?a=1");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/^https:\/\/ok\.example\/done\?a=1&bucket=web-hostile&key=form&etag=/);
  });
});
