import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { inviteFirstAdmin, writeStartingConfiguration } from '../../shared/use-cases/first-run.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { lambdaDependencies } from '../platform/aws.ts';
import { awsStaffAccounts } from '../platform/aws-staff.ts';

/** The one resource this handler manages; a fixed id, so an update never reads as a replacement. */
export const BOOTSTRAP_RESOURCE_ID = 'sanad-bootstrap';

const propertiesSchema = z.object({
  AdminEmail: z.optional(z.email()),
  AdminName: z._default(z.string().check(z.trim(), z.minLength(1), z.maxLength(120)), 'مدير النظام'),
  // The inbox's address, once known: its arrival changes the resource, so CloudFormation runs this handler, and a
  // first admin still to sign in gets the invitation again, now naming where (the user pool's message has it).
  SignInUrl: z.optional(z.url()),
});

/**
 * `Custom::SanadBootstrap`, called by the CDK provider framework when a deployment changes its properties: writes
 * the starting configuration where none is stored and invites the first admin (again, while they have not signed
 * in). Deleting the stack leaves the data alone.
 */
export const createBootstrapHandler =
  (getDeps: () => AppDependencies) =>
  async (
    event: CloudFormationCustomResourceEvent,
  ): Promise<{ PhysicalResourceId: string; Data: Record<string, string> }> => {
    if (event.RequestType === 'Delete') return { PhysicalResourceId: BOOTSTRAP_RESOURCE_ID, Data: {} };
    const deps = getDeps();
    const { AdminEmail, AdminName } = propertiesSchema.parse(event.ResourceProperties);
    const written = await writeStartingConfiguration(deps);
    const admin = AdminEmail ? await inviteFirstAdmin(deps, { email: AdminEmail, name: AdminName }) : 'none';
    return { PhysicalResourceId: BOOTSTRAP_RESOURCE_ID, Data: { written: written.join(' '), admin } };
  };

export const handler = createBootstrapHandler(lambdaDependencies(awsStaffAccounts));
