import { AwsError, type AwsDispatcher } from "@sam-sandbox/core";
import { describe, expect, it } from "vitest";
import { packageOf } from "../src/engine/s3Code.js";

/** An S3 holding one object per "bucket/key" (and "bucket/key@version"), answering GetObject as the dispatcher does. */
function fakeS3(objects: Record<string, Buffer>): AwsDispatcher & { calls: Array<Record<string, unknown>> } {
  const calls: Array<Record<string, unknown>> = [];
  return {
    calls,
    call: async (service, action, input, options) => {
      calls.push({ service, action, input, options });
      const id = `${String(input.Bucket)}/${String(input.Key)}${input.VersionId !== undefined ? `@${String(input.VersionId)}` : ""}`;
      const body = objects[id];
      if (!body) throw new AwsError("NoSuchKey", "The specified key does not exist.", 404);
      return { Body: body };
    },
  };
}

describe("packageOf", () => {
  it("reads S3Bucket / S3Key (and S3ObjectVersion) with GetObject, as bytes", async () => {
    const s3 = fakeS3({ "b/k.zip@v2": Buffer.from("PK-bytes") });
    const bytes = await packageOf({ S3Bucket: "b", S3Key: "k.zip", S3ObjectVersion: "v2" }, s3);
    expect(Buffer.from(bytes).toString()).toBe("PK-bytes");
    expect(s3.calls).toEqual([{ service: "s3", action: "GetObject", input: { Bucket: "b", Key: "k.zip", VersionId: "v2" }, options: { binary: true } }]);
  });

  it("words S3's failure as Lambda does", async () => {
    await expect(packageOf({ S3Bucket: "b", S3Key: "none.zip" }, fakeS3({}))).rejects.toMatchObject({
      code: "InvalidParameterValueException",
      statusCode: 400,
      message: "Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.",
    });
  });

  it("takes ZipFile alone; with any S3 member it is refused", async () => {
    expect(await packageOf({ ZipFile: "UEsFBg==" }, undefined)).toBe("UEsFBg==");
    for (const member of ["S3Bucket", "S3Key", "S3ObjectVersion"]) {
      await expect(packageOf({ ZipFile: "UEsFBg==", [member]: "x" }, fakeS3({}))).rejects.toMatchObject({
        message: "Please do not provide other FunctionCode parameters when providing a ZipFile.",
      });
    }
  });

  it("refuses a bucket without a key, a key without a bucket, and no code at all", async () => {
    for (const code of [{ S3Bucket: "b" }, { S3Key: "k" }, {}]) {
      await expect(packageOf(code, fakeS3({}))).rejects.toMatchObject({ code: "InvalidParameterValueException", message: "Please provide a source for function code." });
    }
  });
});
