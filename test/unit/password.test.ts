import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "../../app/auth/password.server";

describe("password hashing", () => {
  it("accepts the password it hashed and refuses any other", async () => {
    const hash = await hashPassword("a long passphrase");
    expect(await verifyPassword("a long passphrase", hash)).toBe(true);
    expect(await verifyPassword("a long passphrase ", hash)).toBe(false);
    expect(await verifyPassword("A long passphrase", hash)).toBe(false);
  });

  it("salts every hash, so equal passwords do not give equal hashes", async () => {
    const [a, b] = await Promise.all([hashPassword("same password"), hashPassword("same password")]);
    expect(a).not.toBe(b);
    expect(a.startsWith("scrypt$32768$8$1$")).toBe(true);
  });

  it("refuses a malformed or tampered hash instead of throwing", async () => {
    const hash = await hashPassword("secret-secret");
    expect(await verifyPassword("secret-secret", "not-a-hash")).toBe(false);
    const parts = hash.split("$");
    parts[5] = Buffer.alloc(32, 1).toString("base64");
    expect(await verifyPassword("secret-secret", parts.join("$"))).toBe(false);
  });

  it("treats composed and decomposed accents as the same password", async () => {
    const hash = await hashPassword("caf\u00e9-au-lait");
    expect(await verifyPassword("cafe\u0301-au-lait", hash)).toBe(true);
  });
});
