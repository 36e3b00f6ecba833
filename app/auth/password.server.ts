import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/*
 * scrypt is memory-hard and ships with Node. N = 2^15, r = 8 uses 32 MiB per hash: slow enough to
 * make guessing expensive, fast enough (~100 ms on this machine's cores) for sign-in. Parameters
 * travel with each hash so they can be raised later without invalidating old ones.
 */
const COST = 2 ** 15;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const KEY_LENGTH = 32;
const MAX_MEMORY = 128 * COST * BLOCK_SIZE * 2;

function deriveKey(password: string, salt: Buffer, cost: number, blockSize: number, parallelism: number, keyLength: number) {
  return new Promise<Buffer>((resolve, reject) => {
    scrypt(
      password.normalize("NFKC"),
      salt,
      keyLength,
      { N: cost, r: blockSize, p: parallelism, maxmem: Math.max(MAX_MEMORY, 128 * cost * blockSize * 2) },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await deriveKey(password, salt, COST, BLOCK_SIZE, PARALLELISM, KEY_LENGTH);
  return ["scrypt", COST, BLOCK_SIZE, PARALLELISM, salt.toString("base64"), key.toString("base64")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [, cost, blockSize, parallelism, saltText, keyText] = parts;
  const expected = Buffer.from(keyText, "base64");
  const key = await deriveKey(password, Buffer.from(saltText, "base64"), Number(cost), Number(blockSize), Number(parallelism), expected.length);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/**
 * A hash of a random password, verified against when the account does not exist, so that a wrong
 * email takes as long as a wrong password and timing reveals nothing.
 */
let decoyHash: Promise<string> | undefined;
export function getDecoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(randomBytes(16).toString("hex"));
  return decoyHash;
}

export const MIN_PASSWORD_LENGTH = 10;
