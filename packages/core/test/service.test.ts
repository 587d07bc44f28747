import { describe, expect, it } from "vitest";
import { presignedScope, signingNameOf, signingRegionOf } from "../src/service.js";

describe("the SigV4 credential scope", () => {
  const authorization = "AWS4-HMAC-SHA256 Credential=AKID/20261125/eu-west-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc";

  it("gives the signing name and region of a signed request", () => {
    expect(signingNameOf(authorization)).toBe("dynamodb");
    expect(signingRegionOf(authorization)).toBe("eu-west-1");
    expect(signingNameOf(undefined)).toBeUndefined();
    expect(signingRegionOf("Bearer token")).toBeUndefined();
  });

  it("gives a presigned URL's region and service from X-Amz-Credential alone", () => {
    expect(presignedScope("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20261125%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Expires=60")).toEqual({
      region: "us-east-1",
      service: "s3",
    });
    expect(presignedScope("X-Amz-Credential=AKID%2F20261125%2Fus-east-1%2Fs3%2Faws4_request%2Fextra")).toBeUndefined();
    expect(presignedScope("list-type=2")).toBeUndefined();
  });
});
