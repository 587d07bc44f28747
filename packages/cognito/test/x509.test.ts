import { generateKeyPairSync, X509Certificate } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { selfSignedCertificate } from "../src/engine/settings/x509.js";

// Lets a test draw random bytes that are all zero (a serial number starting with 0x00 0x00).
const zeroRandom = vi.hoisted(() => ({ on: false }));
vi.mock("node:crypto", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:crypto")>();
  return { ...real, randomBytes: (size: number) => (zeroRandom.on ? Buffer.alloc(size) : real.randomBytes(size)) };
});

describe("selfSignedCertificate", () => {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });

  it("makes a certificate node's X509Certificate reads, signed by its own key", () => {
    const der = selfSignedCertificate(privateKey, [["C", "US"], ["O", "Sandbox"], ["CN", "us-east-1_AbCdEf123"]], Date.UTC(2026, 0, 2, 3, 4, 5), 3650);
    const certificate = new X509Certificate(der);
    expect(certificate.subject).toBe("C=US\nO=Sandbox\nCN=us-east-1_AbCdEf123");
    expect(certificate.issuer).toBe(certificate.subject);
    expect(new Date(certificate.validFrom).toISOString()).toBe("2026-01-02T03:04:05.000Z");
    expect(new Date(certificate.validTo).toISOString()).toBe("2035-12-31T03:04:05.000Z");
    expect(certificate.verify(publicKey)).toBe(true);
    expect(certificate.publicKey.export({ format: "jwk" })).toEqual(publicKey.export({ format: "jwk" }));
  });

  it("writes dates from 2050 on as GeneralizedTime", () => {
    const certificate = new X509Certificate(selfSignedCertificate(privateKey, [["CN", "x"]], Date.UTC(2045, 5, 1), 3650));
    expect(new Date(certificate.validTo).toISOString()).toBe("2055-05-30T00:00:00.000Z");
    expect(certificate.verify(publicKey)).toBe(true);
  });

  it("gives each certificate its own positive serial number", () => {
    const a = new X509Certificate(selfSignedCertificate(privateKey, [["CN", "x"]], 0, 1));
    const b = new X509Certificate(selfSignedCertificate(privateKey, [["CN", "x"]], 0, 1));
    expect(a.serialNumber).not.toBe(b.serialNumber);
    expect(parseInt(a.serialNumber.slice(0, 1), 16)).toBeLessThan(8);
  });

  it("writes a serial number whose random bytes start with zeros as a minimal DER INTEGER (OpenSSL refuses the padded one)", () => {
    zeroRandom.on = true;
    try {
      const certificate = new X509Certificate(selfSignedCertificate(privateKey, [["CN", "x"]], 0, 1));
      expect(certificate.serialNumber).toMatch(/^[1-7]/);
      expect(certificate.serialNumber).toHaveLength(32);
    } finally {
      zeroRandom.on = false;
    }
  });
});
