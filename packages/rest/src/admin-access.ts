import { buildErrorBody, SettingSchemas, type KumaErrorBody, type Setting } from '@kumiko/api';
import type { ApiUser } from './api-user.js';

/** Who may read and write admin-only types (Secrets): Kuma's static access settings. */
export interface AdminAccess {
  readonly users: readonly string[];
  readonly groups: readonly string[];
}

/** Kuma's default: the `mesh-system:admin` user and group. */
export const DEFAULT_ADMIN_ACCESS: AdminAccess = Object.freeze({
  users: Object.freeze(['mesh-system:admin']),
  groups: Object.freeze(['mesh-system:admin']),
});

/**
 * The settings both control planes read it from (Kuma's variable names). Typed through api's `Setting`, so the
 * declaration other packages compile against names no zod type.
 */
export const adminAccessSettings: { readonly adminUsers: Setting<string[]>; readonly adminGroups: Setting<string[]> } = {
  adminUsers: {
    env: 'KUMA_ACCESS_STATIC_ADMIN_RESOURCES_USERS',
    default: 'mesh-system:admin',
    schema: SettingSchemas.list,
    description: 'users who may read and write Secrets over REST (comma-separated)',
  },
  adminGroups: {
    env: 'KUMA_ACCESS_STATIC_ADMIN_RESOURCES_GROUPS',
    default: 'mesh-system:admin',
    schema: SettingSchemas.list,
    description: 'groups whose users may read and write Secrets over REST (comma-separated)',
  },
};

/**
 * Who may write resources other than the admin-only ones, beyond Kuma OSS (which lets anonymous users write
 * meshes and policies): by default any authenticated user, i.e. a user token's bearer or an admin. Add the group
 * `mesh-system:unauthenticated` to let anonymous remote clients write, as Kuma does.
 */
export const writeAccessSettings: { readonly writeUsers: Setting<string[]>; readonly writeGroups: Setting<string[]> } = {
  writeUsers: {
    env: 'KUMIKO_ACCESS_STATIC_WRITE_RESOURCES_USERS',
    default: '',
    schema: SettingSchemas.list,
    description: 'users who may write (PUT, DELETE) resources over REST besides admins (comma-separated)',
  },
  writeGroups: {
    env: 'KUMIKO_ACCESS_STATIC_WRITE_RESOURCES_GROUPS',
    default: 'mesh-system:authenticated',
    schema: SettingSchemas.list,
    description:
      'groups whose users may write resources over REST besides admins (comma-separated); add mesh-system:unauthenticated to allow anonymous writes as Kuma OSS does',
  },
};

/** Whether `user` is one of `access`'s users or in one of its groups. */
export function isAdmin(user: ApiUser, access: AdminAccess): boolean {
  return access.users.includes(user.name) || user.groups.some((group) => access.groups.includes(group));
}

/** Kuma's 403 for a user who may not touch an admin-only type: the user prints as `<name>/<groups,>`. */
export function accessDeniedErrorBody(user: ApiUser, type: string): KumaErrorBody {
  return buildErrorBody({
    status: 403,
    title: 'Access Denied',
    detail: `user "${user.name}/${user.groups.join(',')}" cannot access the resource of type "${type}"`,
  });
}

/**
 * The 403 for a write the write-access setting does not allow. Kuma has no such refusal; the detail follows its
 * Access Denied wording and says what would allow it.
 */
export function writeDeniedErrorBody(user: ApiUser, type: string): KumaErrorBody {
  return buildErrorBody({
    status: 403,
    title: 'Access Denied',
    detail: `user "${user.name}/${user.groups.join(',')}" cannot write the resource of type "${type}": writes need an authenticated user (a user token)`,
  });
}
