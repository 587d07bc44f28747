/**
 * Message signatures (AWS docs: "Verifying the signatures of Amazon SNS messages"): an
 * RSA signature (SHA1 for SignatureVersion 1, SHA256 for 2) over the canonical string
 * "Name\nvalue\n" of fixed fields in byte order. The sandbox signs with a key made when
 * it starts and serves the public key at SigningCertURL; it is not Amazon's certificate,
 * so verifiers that insist on an amazonaws.com certificate will reject it.
 */
import { createSign, generateKeyPairSync, type KeyObject } from "node:crypto";

const NOTIFICATION_FIELDS = ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"];
const CONFIRMATION_FIELDS = ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"];

/** Key size of SNS's signing certificates. */
const RSA_BITS = 2048;

export class Signer {
  private keys: { privateKey: KeyObject; publicKey: KeyObject } | undefined;

  private keyPair(): { privateKey: KeyObject; publicKey: KeyObject } {
    this.keys ??= generateKeyPairSync("rsa", { modulusLength: RSA_BITS });
    return this.keys;
  }

  /** The PEM served at SigningCertURL. */
  publicKeyPem(): string {
    return this.keyPair().publicKey.export({ type: "spki", format: "pem" }).toString();
  }

  sign(message: Readonly<Record<string, unknown>>, version: string): string {
    const fields = message.Type === "Notification" ? NOTIFICATION_FIELDS : CONFIRMATION_FIELDS;
    let canonical = "";
    for (const field of fields) {
      const value = message[field];
      if (typeof value === "string") canonical += `${field}\n${value}\n`;
    }
    const signer = createSign(version === "2" ? "RSA-SHA256" : "RSA-SHA1");
    signer.update(canonical, "utf8");
    return signer.sign(this.keyPair().privateKey, "base64");
  }
}
