// User administration, first-run setup and sign-up.
import "../server-only";
import { authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { hashPassword, verifyPassword } from "../auth/password";
import { assertSignUpAllowed } from "../auth/rate-limit";
import { db } from "../db";
import { accessChanged } from "../realtime/access";
import { env, signUpEnabled } from "../env";
import { AppError, invalid } from "../errors";
import { recordChange } from "../updates/record";
import { parseInput } from "../validation";
import { ZChangePasswordInput, ZCreateUserInput, ZSetupInput, ZSignUpInput, ZUpdateUserInput } from "./inputs";

export const USER_SELECT = {
  id: true,
  username: true,
  email: true,
  provider: true,
  enabled: true,
  admin: true,
  superAdmin: true,
  lastLoginAt: true,
  createdAt: true,
} as const;

const usernameTaken = (username: string) => invalid({ username: [`The username "${username}" is taken`] });

export async function needsSetup(): Promise<boolean> {
  return (await db.user.count()) === 0;
}

/** Creates the first user as super-admin. A lock makes two racing setups yield one admin. */
export async function setupFirstAdmin(body: unknown) {
  const input = parseInput(ZSetupInput, body);
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(424242)`;
    if ((await tx.user.count()) > 0) throw new AppError("CONFLICT", "Wheelhouse is already set up; sign in instead");
    return tx.user.create({
      data: { username: input.username, passwordHash, enabled: true, admin: true, superAdmin: true },
      select: USER_SELECT,
    });
  });
}

export async function signUp(body: unknown, address = "local") {
  if (!signUpEnabled()) throw new AppError("FORBIDDEN", "Sign-up is turned off; ask an administrator for an account");
  const input = parseInput(ZSignUpInput, body);
  await assertSignUpAllowed(address);
  if (await needsSetup()) throw new AppError("CONFLICT", "Create the first administrator on the setup page");
  if (await db.user.findUnique({ where: { username: input.username } })) throw usernameTaken(input.username);
  return db.user.create({
    data: { username: input.username, passwordHash: await hashPassword(input.password), enabled: env.WHEELHOUSE_NEW_USERS_ENABLED === "true" },
    select: USER_SELECT,
  });
}

export async function listUsers(actor: Actor) {
  await authorize(actor, "admin", { kind: "system" });
  return db.user.findMany({ select: USER_SELECT, orderBy: { username: "asc" } });
}

export async function getUser(actor: Actor, id: string) {
  await authorize(actor, "self", { kind: "account", userId: id });
  const user = await db.user.findUnique({ where: { id }, select: { ...USER_SELECT, groups: { select: { id: true, name: true } } } });
  if (!user) throw new AppError("NOT_FOUND", "User not found");
  return user;
}

export async function createUser(actor: Actor, body: unknown) {
  const input = parseInput(ZCreateUserInput, body);
  await authorize(actor, "admin", { kind: "system" });
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { username: input.username } })) throw usernameTaken(input.username);
    const user = await tx.user.create({
      data: { username: input.username, email: input.email, passwordHash, admin: input.admin, enabled: input.enabled },
      select: USER_SELECT,
    });
    await recordChange(tx, actor, {
      operation: "CreateUser",
      targetType: "user",
      target: { id: user.id, name: user.username },
      newConfig: { enabled: user.enabled, admin: user.admin },
      log: [`Created user ${user.username}`],
    });
    return user;
  });
}

export async function updateUser(actor: Actor, id: string, body: unknown) {
  const input = parseInput(ZUpdateUserInput, body);
  await authorize(actor, "admin", { kind: "system" });
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  const updated = await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id } });
    if (!user) throw new AppError("NOT_FOUND", "User not found");
    const demoting = input.enabled === false || input.admin === false;
    if (demoting && user.superAdmin) throw invalid({ _: ["The super-admin can't be disabled or demoted"] });
    if (demoting && user.id === actor.id) throw invalid({ _: ["You can't disable or demote yourself"] });
    // Disabling a user or setting a password ends every session they have.
    const revoke = input.enabled === false || passwordHash !== undefined;
    const updated = await tx.user.update({
      where: { id },
      data: {
        enabled: input.enabled,
        admin: input.admin,
        email: input.email,
        passwordHash,
        ...(revoke ? { sessionVersion: { increment: 1 } } : {}),
      },
      select: USER_SELECT,
    });
    await recordChange(tx, actor, {
      operation: "UpdateUser",
      targetType: "user",
      target: { id, name: user.username },
      previousConfig: { enabled: user.enabled, admin: user.admin },
      newConfig: { enabled: updated.enabled, admin: updated.admin },
      log: [`Updated user ${user.username}`, ...(passwordHash ? ["Password changed; existing sessions ended"] : [])],
    });
    return updated;
  });
  // Disabled, demoted or signed out: what they have open is checked again now.
  await accessChanged();
  return updated;
}

export async function deleteUser(actor: Actor, id: string) {
  await authorize(actor, "admin", { kind: "system" });
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id } });
    if (!user) throw new AppError("NOT_FOUND", "User not found");
    if (user.superAdmin || user.id === actor.id) throw invalid({ _: ["The super-admin and your own account can't be deleted"] });
    await tx.user.delete({ where: { id } });
    await recordChange(tx, actor, { operation: "DeleteUser", targetType: "user", target: { id, name: user.username }, log: [`Deleted user ${user.username}`] });
  });
  await accessChanged();
}

export async function changeOwnPassword(actor: Actor, body: unknown) {
  const input = parseInput(ZChangePasswordInput, body);
  await authorize(actor, "self", { kind: "account", userId: actor.id });
  const user = await db.user.findUnique({ where: { id: actor.id }, omit: { passwordHash: false } });
  if (!user?.passwordHash || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw invalid({ currentPassword: ["That is not your current password"] });
  }
  await db.user.update({
    where: { id: actor.id },
    data: { passwordHash: await hashPassword(input.newPassword), sessionVersion: { increment: 1 } },
  });
  await accessChanged();
}
