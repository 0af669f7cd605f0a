import bcrypt from "bcryptjs";
import { z } from "zod";

export const ZPassword = z.string({ error: "Password is required" }).min(8, "Use at least 8 characters").max(256, "Use at most 256 characters");

const COST = 12;

export const hashPassword = (password: string) => bcrypt.hash(password, COST);
export const verifyPassword = (password: string, hash: string) => bcrypt.compare(password, hash);

let dummy: Promise<string> | undefined;
/** Compared against when the user doesn't exist, so timing does not reveal which usernames exist. */
export const dummyHash = () => (dummy ??= hashPassword("not-a-real-password"));
